/**
 * A project that neither routes nor reviews on consensus forms it in batches: a submit writes no
 * consensus row (one transaction per submit), and every reader brings the batch up to date first —
 * the consensus route, the quality dashboard, exports — and so does switching adaptive overlap on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  exportProject,
  importTasks,
  listConsensus,
  nextAssignment,
  submitAnnotation,
  updateProject,
} from '../../../src/services/index.js';
import { projectQuality } from '../../../src/services/dashboards/quality.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';
import { DEFAULT_INFERENCE_METHOD } from '../../../src/quality/inference/index.js';

describe.each(testDatabases())('batch-formed consensus on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function judgeAll(projectId: number, tutors: Actor[]) {
    for (const t of tutors) {
      for (let n = await nextAssignment(h.ctx, t, projectId); n; n = await nextAssignment(h.ctx, t, projectId)) {
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
      }
    }
  }
  const consensusRows = async (projectId: number) =>
    Number(
      (
        await h.store.db
          .selectFrom('task_consensus')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('project_id', '=', projectId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('writes nothing per submit; the consensus route, the dashboard and exports each refresh it', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store)];
    for (const reader of ['route', 'dashboard', 'export'] as const) {
      const p = await createProject(h.ctx, m, { name: `batch-${reader}`, type: 'preference', domains: ['general'], overlap: 2 });
      await importTasks(h.ctx, m, p.id, lines(preferenceLine(`${reader}-1`), preferenceLine(`${reader}-2`)));
      await judgeAll(p.id, tutors);
      expect(await consensusRows(p.id)).toBe(0);
      if (reader === 'route') {
        const page = await listConsensus(h.ctx, p.id);
        expect(page.consensus.map((c) => [c.label, c.annotatorCount, c.method])).toEqual([
          [{ choice: 'a' }, 2, DEFAULT_INFERENCE_METHOD],
          [{ choice: 'a' }, 2, DEFAULT_INFERENCE_METHOD],
        ]);
      } else if (reader === 'dashboard') {
        const q = await projectQuality(h.ctx, p.id);
        expect(await consensusRows(p.id)).toBe(2);
        expect(JSON.stringify(q.consensus)).toContain('"withConsensus":2');
      } else {
        const out: string[] = [];
        for await (const line of await exportProject(h.ctx, p.id, 'dpo')) out.push(line);
        expect(out.join('').trim().split('\n')).toHaveLength(2);
        expect(await consensusRows(p.id)).toBe(2);
      }
    }
  });

  it('switching adaptive overlap on runs the batch first, so judged tasks are decided from a stored consensus', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'later-adaptive', type: 'preference', domains: ['general'], overlap: 2 });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('t1'), preferenceLine('t2'), preferenceLine('t3')));
    await judgeAll(p.id, [await addUser(h.store), await addUser(h.store)]);
    expect(await consensusRows(p.id)).toBe(0);
    await updateProject(h.ctx, m, p.id, { quality: { adaptiveOverlap: { targetConfidence: 0.5, minJudgments: 1, maxJudgments: 4 } } });
    expect(await consensusRows(p.id)).toBe(3);
    // Two agreeing judgments clear a 0.5 target: every task is done at its 2 judgments.
    const tasks = await h.store.db.selectFrom('tasks').select(['target_judgments', 'is_open']).where('project_id', '=', p.id).execute();
    expect(tasks).toEqual([0, 1, 2].map(() => ({ target_judgments: 2, is_open: 0 })));
  });
});
