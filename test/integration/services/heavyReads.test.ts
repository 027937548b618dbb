/**
 * The manager's heavy reads (dashboards, progress, task browser, export summary, the batch) run in a
 * worker thread with its own connection when the server starts the pool (services/offload/heavyReads.ts): the answer is the inline service's, a
 * missing project is still NotFound, and the worker is on another thread (the server's event loop
 * keeps turning while it works).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, UserInputError } from '../../../src/domain/errors.js';
import {
  createProject,
  exportProject,
  importTasks,
  listProjectsForCaller,
  nextAssignment,
  projectEconomicsView,
  projectQuality,
  submitAnnotation,
} from '../../../src/services/index.js';
import { heavyRead, startHeavyReadPool } from '../../../src/services/offload/heavyReads.js';
import { projectStats, statsOfAllProjects } from '../../../src/services/projects/queries.js';
import { browseTasks } from '../../../src/services/tasks/browseTasks.js';
import { countTasks } from '../../../src/services/tasks/taskActions.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('heavy reads off the event loop on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => {
    await h?.ctx.heavyReads?.close();
    await h?.close();
  });

  it('answers as the inline service does, in a worker thread', async () => {
    const url = await freshUrl();
    h = await harness(url);
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    const p = await createProject(h.ctx, m, { name: 'offload', type: 'preference', domains: ['general'], overlap: 3, payPerTask: 30 });
    await importTasks(h.ctx, m, p.id, lines(...Array.from({ length: 6 }, (_, i) => preferenceLine(`o-${i}`))));
    for (const [k, t] of tutors.entries())
      for (let n = await nextAssignment(h.ctx, t, p.id); n; n = await nextAssignment(h.ctx, t, p.id))
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: { choice: (n.task.id + k) % 3 ? 'a' : 'b' }, durationMs: 2000 });
    const inline = { quality: await projectQuality(h.ctx, p.id), economics: await projectEconomicsView(h.ctx, p.id) };

    h.ctx.heavyReads = startHeavyReadPool(url);
    // The event loop turns while the worker works: a timer fires before the answer arrives.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const quality = await heavyRead(h.ctx, 'quality', p.id);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(quality).toEqual(inline.quality);
    expect(await heavyRead(h.ctx, 'economics', p.id)).toEqual(inline.economics);
    await expect(heavyRead(h.ctx, 'quality', 999_999)).rejects.toBeInstanceOf(NotFoundError);

    // The export summary and the consensus batch run there too; a bad request is still a UserInputError (400).
    const inlineSummary = await (await exportProject(h.ctx, p.id, 'dpo')).count();
    expect(await heavyRead(h.ctx, 'exportSummary', p.id, { format: 'dpo' })).toEqual(inlineSummary);
    await expect(heavyRead(h.ctx, 'exportSummary', p.id, { format: 'classification' })).rejects.toBeInstanceOf(UserInputError);
    const before = await h.store.db.selectFrom('task_consensus').selectAll().where('project_id', '=', p.id).orderBy('task_id').execute();
    const batch = await heavyRead(h.ctx, 'consensusRecompute', p.id, { actor: m });
    expect(batch).toMatchObject({ method: 'hds', tasks: 6 });
    const after = await h.store.db.selectFrom('task_consensus').selectAll().where('project_id', '=', p.id).orderBy('task_id').execute();
    // Same annotations, same batch: the worker wrote what the inline batch had stored (the run's clock aside).
    expect(after.map(({ computed_at: _, ...r }) => r)).toEqual(before.map(({ computed_at: _, ...r }) => r));
    const audit = await h.store.db.selectFrom('audit_log').select(['actor_id']).where('action', '=', 'consensus.recompute').execute();
    expect(audit.map((a) => Number(a.actor_id))).toEqual([m.id]);
    // Two batches asked at once (two managers) run one after the other in the batch's lane, both answered.
    const twice = await Promise.all([
      heavyRead(h.ctx, 'consensusRecompute', p.id, { actor: m }),
      heavyRead(h.ctx, 'consensusRecompute', p.id, { actor: m }),
    ]);
    expect(twice).toEqual([batch, batch]);

    // Progress, the project list's progress and the task browser run in the reads' lane, with the inline answers.
    const inlineReads = {
      stats: await projectStats(h.ctx, p.id),
      all: await statsOfAllProjects(h.ctx),
      page: await browseTasks(h.ctx, p.id, { state: 'done', after: 0, limit: 4 }),
      count: await countTasks(h.ctx, p.id, { state: 'done' }),
    };
    expect(inlineReads.page.tasks).toHaveLength(4);
    expect(await heavyRead(h.ctx, 'stats', p.id)).toEqual(inlineReads.stats);
    const all = await heavyRead(h.ctx, 'allProjectStats', null);
    expect(all).toBeInstanceOf(Map);
    expect(all).toEqual(inlineReads.all);
    expect(await heavyRead(h.ctx, 'taskList', p.id, { state: 'done', after: 0, limit: 4 })).toEqual(inlineReads.page);
    expect(await heavyRead(h.ctx, 'taskCount', p.id, { state: 'done' })).toEqual(inlineReads.count);
    await expect(heavyRead(h.ctx, 'stats', 999_999)).rejects.toBeInstanceOf(NotFoundError);
    // The project list answers through the reads' lane while a batch holds the batch's lane.
    const listed = await listProjectsForCaller(h.ctx, m);
    expect(listed.find((e) => e.id === p.id)?.stats).toEqual(inlineReads.stats);
  });
});
