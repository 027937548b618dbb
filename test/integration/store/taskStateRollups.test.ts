/**
 * The task state rollups (migration 041) a trigger keeps beside `tasks` equal a recomputation from the
 * tasks after randomised work on both databases: leases, skips, submits, gold, leases left to expire
 * and swept, adaptive overlap moving tasks' own targets (live consensus), the overlap changed and its
 * targets cleared in bulk, tasks excluded from exports and reopened, tasks deleted, and a write transaction
 * that moves a task and then fails. Progress read from them (one project, and every project at once) and
 * what the exports leave out and write (annotations, and the dpo export's kinds) equal the passes over
 * every task and judgment.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/quality/random.js';
import {
  createProject,
  importTasks,
  nextAssignment,
  recomputeProjectConsensus,
  skipAssignment,
  submitAnnotation,
  updateProject,
} from '../../../src/services/index.js';
import { projectStats, statsOfAllProjects } from '../../../src/services/projects/queries.js';
import type { Actor } from '../../../src/services/context.js';
import { applyTaskAction } from '../../../src/services/tasks/taskActions.js';
import {
  exportedAnnotationCount,
  exportedAnnotationCountFromScratch,
  exportOmissionCounts,
  exportOmissionCountsFromScratch,
} from '../../../src/store/repositories/exports.js';
import { countKinds, countKindsFromScratch } from '../../../src/store/repositories/exportCounts.js';
import { expireStaleLeases } from '../../../src/store/repositories/leaseExpiry.js';
import { taskCountsPerProjectFromScratch } from '../../../src/store/repositories/projectStats.js';
import { findProject, routingOverlap } from '../../../src/store/repositories/projects.js';
import { taskCountsFromScratch } from '../../../src/store/repositories/tasks.js';
import type { TaskStateRollupsTable } from '../../../src/store/schemaRollups.js';
import { signedTaskRows } from '../../../src/store/taskStateRollupSql.js';
import { writeTransaction, type Db } from '../../../src/store/transaction.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

type KeyRow = TaskStateRollupsTable;

const KEY = ['project_id', 'is_gold', 'excluded', 'target', 'submitted', 'active', 'shard'] as const;
const byKey = (a: KeyRow, b: KeyRow) => {
  for (const k of KEY) if (a[k] !== b[k]) return a[k] - b[k];
  return 0;
};
const numbers = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as unknown as KeyRow).sort(byKey);

/** The stored rows that count something. */
async function storedRows(db: Db): Promise<KeyRow[]> {
  const rows = await db.selectFrom('task_state_rollups').selectAll().where('tasks', '<>', 0).execute();
  return numbers(rows);
}

/** The same rows recomputed from every task. */
async function rowsFromScratch(db: Db): Promise<KeyRow[]> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${sql.raw(KEY.join(', '))}, sum(sign) AS tasks FROM (${sql.raw(signedTaskRows('tasks', 1))}) d
    GROUP BY ${sql.raw(KEY.join(', '))}`.execute(db);
  return numbers(rows);
}

describe.each(testDatabases())('task state rollups on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function expectInStep(projectIds: number[]) {
    expect(await storedRows(h.store.db)).toEqual(await rowsFromScratch(h.store.db));
    const all = await statsOfAllProjects(h.ctx);
    const reference = await taskCountsPerProjectFromScratch(h.store.db);
    for (const id of projectIds) {
      const project = (await findProject(h.store.db, id))!;
      const scratch = await taskCountsFromScratch(h.store.db, id, routingOverlap(project.config));
      const { left: _left, ...counts } = (await projectStats(h.ctx, id)).tasks;
      expect(counts).toEqual(scratch);
      expect(reference.get(id)).toEqual(scratch);
      expect(all.get(id)!.tasks).toEqual((await projectStats(h.ctx, id)).tasks);
      expect(await exportOmissionCounts(h.store.db, id)).toEqual(await exportOmissionCountsFromScratch(h.store.db, id));
      expect(await exportedAnnotationCount(h.store.db, id)).toBe(await exportedAnnotationCountFromScratch(h.store.db, id));
      for (const includeTies of [false, true])
        expect(await countKinds(h.store.db, h.store.dialect, 'preference-dpo', id, includeTies)).toEqual(
          await countKindsFromScratch(h.store.db, h.store.dialect, 'preference-dpo', id, includeTies),
        );
    }
  }

  it('equal a recomputation from the tasks after randomised work, and progress reads the same from them', async () => {
    h = await harness(await freshUrl());
    const rng = createRng(41);
    const random = () => rng.next();
    const m = await addUser(h.store, { role: 'manager' });
    const plain = await createProject(h.ctx, m, { name: 'plain', type: 'preference', domains: ['general'], overlap: 3, goldRate: 0.2 });
    const adaptive = await createProject(h.ctx, m, {
      name: 'adaptive',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      goldRate: 0,
      quality: { liveConsensus: true, adaptiveOverlap: { targetConfidence: 0.7, minJudgments: 2, maxJudgments: 4 } },
    });
    const taskLines = (prefix: string, gold: boolean) =>
      Array.from({ length: 30 }, (_, i) => preferenceLine(`${prefix}${i}`, gold && i % 5 === 0 ? { gold: 'a' } : {}));
    await importTasks(h.ctx, m, plain.id, lines(...taskLines('p', true)));
    await importTasks(h.ctx, m, adaptive.id, lines(...taskLines('a', false)));
    const projects = [plain.id, adaptive.id];
    await expectInStep(projects);

    const tutors: Actor[] = [];
    for (let i = 0; i < 6; i++) tutors.push(await addUser(h.store));
    // First leases (where no gold is mixed in): tasks in progress with nothing submitted yet.
    for (const tutor of tutors.slice(0, 2)) await nextAssignment(h.ctx, tutor, adaptive.id);
    expect((await storedRows(h.store.db)).some((r) => r.is_gold === 0 && r.submitted === 0 && r.active === 1)).toBe(true);
    await expectInStep(projects);

    const work = async (steps: number) => {
      for (let s = 0; s < steps; s++) {
        const tutor = tutors[Math.floor(random() * tutors.length)];
        const next = await nextAssignment(h.ctx, tutor, projects[Math.floor(random() * projects.length)]);
        h.clock.advance(1000 + Math.floor(random() * 30_000));
        if (!next) continue;
        const roll = random();
        if (roll < 0.15) await skipAssignment(h.ctx, tutor, next.assignment.id);
        else if (roll < 0.3)
          continue; // left leased, to expire
        else
          await submitAnnotation(h.ctx, tutor, next.assignment.id, {
            response: { choice: random() < 0.6 ? 'a' : 'b' },
            durationMs: 20_000,
          });
      }
    };

    await work(60);
    // Every tutor takes a lease and walks away from it.
    for (const tutor of tutors) await nextAssignment(h.ctx, tutor, projects[tutors.indexOf(tutor) % 2]);
    await expectInStep(projects);
    h.clock.advance(48 * 3_600_000);
    expect(await expireStaleLeases(h.store, h.clock.now())).toBeGreaterThan(0);
    await expectInStep(projects);
    await work(60);
    await expectInStep(projects);

    // The work reached every state: gold, done, in progress (submitted or only leased), untouched, own targets.
    const stored = await storedRows(h.store.db);
    expect(stored.some((r) => r.is_gold === 1)).toBe(true);
    expect(stored.some((r) => r.is_gold === 0 && r.submitted >= 3)).toBe(true);
    expect(stored.some((r) => r.is_gold === 0 && r.submitted === 0 && r.active === 0)).toBe(true);
    expect(stored.some((r) => r.target !== -1)).toBe(true);

    // A manager excludes tasks from the exports (judged, unjudged and gold alike), brings one back and
    // reopens others for more judgments (their own targets rise).
    const ids = (await h.store.db.selectFrom('tasks').select('id').where('project_id', '=', plain.id).orderBy('id').execute()).map(
      (t) => t.id,
    );
    await applyTaskAction(h.ctx, m, plain.id, { action: 'exclude_from_export', taskIds: ids.filter((_, i) => i % 4 === 0), by: 1 });
    await applyTaskAction(h.ctx, m, plain.id, { action: 'include_in_export', taskIds: [ids[4]], by: 1 });
    await applyTaskAction(h.ctx, m, plain.id, { action: 'reopen', taskIds: ids.filter((_, i) => i % 7 === 1), by: 2 });
    // The consensus batch, so that gold and excluded tasks carry consensus rows the export counts must set aside.
    await recomputeProjectConsensus(h.ctx, plain.id);
    const consensusOn = async (gold: number, excluded: number) =>
      (
        await h.store.db
          .selectFrom('task_consensus as c')
          .innerJoin('tasks as t', 't.id', 'c.task_id')
          .select('c.task_id')
          .where('t.project_id', '=', plain.id)
          .where('t.is_gold', '=', gold)
          .where('t.export_excluded', '=', excluded)
          .execute()
      ).length;
    // The batch leaves gold tasks out; live consensus (or rows from before that rule) can cover a judged one.
    const judgedGold = await h.store.db
      .selectFrom('tasks')
      .select(['id', 'submitted_count'])
      .where('project_id', '=', plain.id)
      .where('is_gold', '=', 1)
      .where('export_excluded', '=', 0)
      .where('submitted_count', '>', 0)
      .executeTakeFirstOrThrow();
    await h.store.db
      .insertInto('task_consensus')
      .values({
        task_id: judgedGold.id,
        project_id: plain.id,
        method: 'majority',
        method_version: 'live',
        label: JSON.stringify({ choice: 'a' }),
        confidence: 0.9,
        annotator_count: judgedGold.submitted_count,
        source: 'model',
        review_id: null,
        computed_at: h.clock.now(),
        agreement: 1,
      })
      .execute();
    expect(await consensusOn(1, 0)).toBeGreaterThan(0);
    expect(await consensusOn(0, 1)).toBeGreaterThan(0);
    expect((await storedRows(h.store.db)).some((r) => r.excluded === 1 && r.submitted > 0)).toBe(true);
    expect((await exportOmissionCounts(h.store.db, plain.id)).excluded).toBeGreaterThan(0);
    await expectInStep(projects);
    await work(30);
    await expectInStep(projects);

    // The overlap changes (the rows hold each task's count, the reader compares with the overlap of the
    // moment), then adaptive overlap is turned off, which clears every task's own target in one statement.
    const before = (await projectStats(h.ctx, plain.id)).tasks;
    await updateProject(h.ctx, m, plain.id, { overlap: 4 });
    expect((await projectStats(h.ctx, plain.id)).tasks.done).toBeLessThan(before.done);
    await expectInStep(projects);
    await updateProject(h.ctx, m, adaptive.id, { quality: { liveConsensus: true } });
    expect((await storedRows(h.store.db)).some((r) => r.target !== -1)).toBe(false);
    await expectInStep(projects);
    await work(30);
    await expectInStep(projects);

    // A write that moves a task and then fails: its rollup move rolls back with it.
    const rows = await storedRows(h.store.db);
    await expect(
      writeTransaction(h.store, async (db) => {
        await db
          .updateTable('tasks')
          .set((eb) => ({ submitted_count: eb('submitted_count', '+', 1), active_leases: 1 }))
          .where('project_id', '=', plain.id)
          .execute();
        throw new Error('crash between two writes');
      }),
    ).rejects.toThrow('crash between two writes');
    expect(await storedRows(h.store.db)).toEqual(rows);

    // Tasks nobody worked on, deleted (with their staged import rows gone, nothing refers to them).
    const untouched = await h.store.db
      .selectFrom('tasks')
      .select('id')
      .where('project_id', '=', plain.id)
      .where('submitted_count', '=', 0)
      .where('active_leases', '=', 0)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 'tasks.id'))))
      .execute();
    expect(untouched.length).toBeGreaterThan(0);
    await h.store.db
      .deleteFrom('tasks')
      .where(
        'id',
        'in',
        untouched.map((t) => t.id),
      )
      .execute();
    await expectInStep(projects);
  });
});
