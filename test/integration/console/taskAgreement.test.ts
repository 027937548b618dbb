/**
 * The task browser's agreement filter (issue 15, migration 025): each task's stored agreement is the
 * share of its current judgments giving its most common answer, kept by the live path, the batch and a
 * reviewer's verdict; it equals a from-scratch count over the annotations table, and the browser, the
 * count and the bulk actions filter on it in SQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/services/context.js';
import { recomputeProjectConsensus, refreshConsensusIfStale } from '../../../src/services/consensus/recomputeProjectConsensus.js';
import { markBatchesStale } from '../../../src/store/migrations/025_task_agreement.js';
import { browseTasks } from '../../../src/services/tasks/browseTasks.js';
import { applyTaskAction, countTasks } from '../../../src/services/tasks/taskActions.js';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { TaskActionBody } from '../../../src/domain/api/taskActions.js';
import { TaskBrowseQuery } from '../../../src/domain/api/taskBrowser.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

/** What tutor i answers on each task (by import id): 3/3, 2/3, 1/3 each, 3/3 agree. */
const CHOICES: Record<string, string[]> = {
  't-0': ['a', 'a', 'a'],
  't-1': ['a', 'b', 'a'],
  't-2': ['a', 'b', 'tie'],
  't-3': ['b', 'b', 'b'],
};

describe.each(testDatabases())('task agreement on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function judgeAll(projectId: number, tutors: Actor[], answer: (externalId: string, i: number) => Record<string, unknown>) {
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    for (const [i, t] of tutors.entries())
      for (let n = await nextAssignment(h.ctx, t, projectId); n; n = await nextAssignment(h.ctx, t, projectId)) {
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: answer(ext.get(n.task.id)!, i), durationMs: 1000 });
      }
  }

  /** Stored agreement per import id. */
  const stored = async (projectId: number) =>
    Object.fromEntries(
      (
        await h.store.db
          .selectFrom('task_consensus as c')
          .innerJoin('tasks as t', 't.id', 'c.task_id')
          .select(['t.external_id', 'c.agreement'])
          .where('c.project_id', '=', projectId)
          .execute()
      ).map((r) => [r.external_id, r.agreement === null ? null : Number(r.agreement)]),
    );

  /** From scratch: every current (not corrected) annotation, grouped by task and by its answer without the rationale. */
  async function fromScratch(projectId: number, answerOf: (response: Record<string, unknown>) => string) {
    const rows = await h.store.db
      .selectFrom('annotations as n')
      .innerJoin('tasks as t', 't.id', 'n.task_id')
      .select(['n.id', 'n.supersedes_id', 'n.response', 't.external_id'])
      .where('n.project_id', '=', projectId)
      .where('t.is_gold', '=', 0)
      .execute();
    const corrected = new Set(rows.map((r) => r.supersedes_id).filter((s) => s !== null));
    const byTask = new Map<string, string[]>();
    for (const r of rows) {
      if (corrected.has(r.id)) continue;
      byTask.set(r.external_id, [...(byTask.get(r.external_id) ?? []), answerOf(JSON.parse(r.response) as Record<string, unknown>)]);
    }
    return Object.fromEntries(
      [...byTask].map(([ext, answers]) => [ext, Math.max(...answers.map((a) => answers.filter((b) => b === a).length)) / answers.length]),
    );
  }

  it('is stored by the live path and the batch, equals a from-scratch count, and filters pages, counts and bulk actions', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'agree',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      goldRate: 0,
      quality: { liveConsensus: true },
    });
    await importTasks(h.ctx, m, p.id, lines(...Object.keys(CHOICES).map((id) => preferenceLine(id))));
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, (ext, i) => ({ choice: CHOICES[ext][i], rationale: `tutor ${i} on ${ext}` }));

    const expected = { 't-0': 1, 't-1': 2 / 3, 't-2': 1 / 3, 't-3': 1 };
    const scratch = await fromScratch(p.id, (r) => String(r.choice));
    expect(scratch).toEqual(expected);
    // The live path wrote it with each submit's consensus; the batch writes the same.
    expect(await stored(p.id)).toEqual(scratch);
    await recomputeProjectConsensus(h.ctx, p.id);
    const afterBatch = await stored(p.id);
    for (const [ext, share] of Object.entries(scratch)) expect(afterBatch[ext], ext).toBeCloseTo(share, 12);

    const idOf = new Map((await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse({}))).tasks.map((t) => [t.externalId, t.id]));
    const ext = async (q: Record<string, string>) =>
      (await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse(q))).tasks.map((t) => t.externalId);
    expect(await ext({ agreementBelow: '0.5' })).toEqual(['t-2']);
    expect(await ext({ agreementBelow: '0.7' })).toEqual(['t-1', 't-2']);
    expect(await ext({ agreementAtLeast: '1' })).toEqual(['t-0', 't-3']);
    expect(await ext({ agreementAtLeast: '0.5', agreementBelow: '1' })).toEqual(['t-1']);
    // Each row says its agreement; paged one at a time, the filter covers each task once, in id order.
    const rows = (await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse({}))).tasks;
    expect(Object.fromEntries(rows.map((t) => [t.externalId, t.agreement]))).toEqual(afterBatch);
    const first = await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse({ agreementBelow: '0.7', limit: '1' }));
    const second = await browseTasks(
      h.ctx,
      p.id,
      TaskBrowseQuery.parse({ agreementBelow: '0.7', limit: '1', after: String(first.nextAfter) }),
    );
    expect([...first.tasks, ...second.tasks].map((t) => t.externalId)).toEqual(['t-1', 't-2']);
    expect(second.nextAfter).toBe(idOf.get('t-2'));

    // The count and a filter-wide bulk action take the same filter.
    expect(await countTasks(h.ctx, p.id, { agreementBelow: 0.7 })).toEqual({ count: 2 });
    const result = await applyTaskAction(
      h.ctx,
      m,
      p.id,
      TaskActionBody.parse({ action: 'raise_priority', filter: { agreementBelow: '0.7' }, expectedCount: 2, by: 5 }),
    );
    expect(result).toEqual({ action: 'raise_priority', matched: 2, changed: 2 });
    const priorities = await h.store.db.selectFrom('tasks').select(['external_id', 'priority']).where('project_id', '=', p.id).execute();
    expect(Object.fromEntries(priorities.map((r) => [r.external_id, Number(r.priority)]))).toEqual({
      't-0': 0,
      't-1': 5,
      't-2': 5,
      't-3': 0,
    });
    expect(TaskBrowseQuery.safeParse({ agreementBelow: '1.5' }).success).toBe(false);
  });

  it('migration 025 makes the next batch a full one, which fills the agreement of rows written before it', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'old', type: 'preference', domains: ['general'], overlap: 3, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(...Object.keys(CHOICES).map((id) => preferenceLine(id))));
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, (ext, i) => ({ choice: CHOICES[ext][i] }));
    await recomputeProjectConsensus(h.ctx, p.id);
    // As rows written before the migration: no agreement, and the batch up to date (nothing would run it).
    await h.store.db.updateTable('task_consensus').set({ agreement: null }).execute();
    expect(await refreshConsensusIfStale(h.ctx, p.id)).toBe(false);
    await markBatchesStale(h.store.db as never);
    expect(await refreshConsensusIfStale(h.ctx, p.id)).toBe(true);
    const got = await stored(p.id);
    for (const [ext, share] of Object.entries(await fromScratch(p.id, (r) => String(r.choice))))
      expect(got[ext], ext).toBeCloseTo(share, 12);
  });

  it('free-form answers: the batch counts equal answers (rationale aside), as a from-scratch count does', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'steps',
      type: 'steps',
      domains: ['math'],
      overlap: 3,
      goldRate: 0,
    });
    const task = (id: string) => JSON.stringify({ id, type: 'steps', domain: 'math', prompt: `${id}?`, steps: ['1+1', '= 2'] });
    await importTasks(h.ctx, m, p.id, lines(task('s-0'), task('s-1')));
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, (ext, i) => ({
      verdicts: ['correct', ext === 's-1' && i === 0 ? 'incorrect' : 'correct'],
      rationale: `tutor ${i}`,
    }));
    // No live consensus here: nothing is stored until the batch runs.
    expect(await stored(p.id)).toEqual({});
    await recomputeProjectConsensus(h.ctx, p.id);
    const scratch = await fromScratch(p.id, (r) => JSON.stringify(r.verdicts));
    expect(scratch).toEqual({ 's-0': 1, 's-1': 2 / 3 });
    const got = await stored(p.id);
    for (const [ext, share] of Object.entries(scratch)) expect(got[ext], ext).toBeCloseTo(share, 12);
    expect((await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse({ agreementBelow: '1' }))).tasks.map((t) => t.externalId)).toEqual([
      's-1',
    ]);
  });
});
