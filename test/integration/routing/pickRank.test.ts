/**
 * PostgreSQL orders open tasks by `pick_rank`, a copy of `submitted_count` kept only while a task is
 * open, so writes that do not move a task in the pick order are HOT (migration 031). On both
 * databases: a task that reopens after judgments came in while it was full is still served first. On
 * PostgreSQL: the copy equals the counter on every open task, and a submit to a full task and a lease
 * that leaves its task open write no index entry (HOT).
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { importTasks, nextAssignment, skipAssignment, submitAnnotation } from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';
import { preferenceProject } from './preferenceProject.js';

const answer = { response: { choice: 'a' }, durationMs: 1200 };

describe.each(testDatabases())('the pick order across a task closing and reopening on $name', ({ name, freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('serves a reopened task by the judgments it took while full, ahead of a fresh task of higher priority', async () => {
    h = await harness(await freshUrl());
    const { manager, project } = await preferenceProject(h, 3, [preferenceLine('reopens'), preferenceLine('other')]);
    const [t1, t2, t3] = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    const leases = [await nextAssignment(h.ctx, t1, project.id), await nextAssignment(h.ctx, t2, project.id)];
    const third = await nextAssignment(h.ctx, t3, project.id);
    const reopens = leases[0]!.task.id;
    expect(leases.map((l) => l!.task.id)).toEqual([reopens, reopens]);
    expect(third!.task.id).toBe(reopens);
    // Full (3 leases): two judgments come in while it is closed, then the third tutor lets it go.
    for (const [tutor, lease] of [t1, t2].map((t, i) => [t, leases[i]] as const)) {
      await submitAnnotation(h.ctx, tutor, lease!.assignment.id, answer);
    }
    await importTasks(h.ctx, manager, project.id, lines(preferenceLine('fresh-high', { priority: 9 })));
    await skipAssignment(h.ctx, t3, third!.assignment.id);
    // Two judgments in beat priority 9 with none: the reopened task comes first.
    const t4 = await addUser(h.store);
    expect((await nextAssignment(h.ctx, t4, project.id))!.task.id).toBe(reopens);
    if (name === 'postgres') {
      const stale = await sql<{ n: number }>`
        SELECT count(*)::integer AS n FROM tasks WHERE is_open = 1 AND pick_rank <> submitted_count`.execute(h.store.db);
      expect(stale.rows[0].n).toBe(0);
    }
  });

  it.runIf(name === 'postgres')('writes a submit to a full task and a lease that leaves its task open as HOT updates', async () => {
    h = await harness(await freshUrl());
    const { project } = await preferenceProject(h, 2, [preferenceLine('full'), preferenceLine('spare')]);
    if (h.store.dialect !== 'postgres') throw new Error('PostgreSQL only');
    const [t1, t2, t3] = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    const first = await nextAssignment(h.ctx, t1, project.id);
    await nextAssignment(h.ctx, t2, project.id); // the same task: now full
    const client = await h.store.pgPool.connect();
    try {
      // This backend's counts not yet reported; none are reported inside a transaction, so the difference is the statement's.
      const counts = async () => {
        const r = await client.query<{ upd: string; hot: string }>(
          `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relname = 'tasks'`,
        );
        return { updated: Number(r.rows[0].upd), hot: Number(r.rows[0].hot) };
      };
      /** tasks rows updated, and how many of them HOT, by `statement` alone. */
      const tasksUpdates = async (statement: string, values: unknown[]) => {
        await client.query('BEGIN');
        try {
          const before = await counts();
          await client.query(statement, values);
          const after = await counts();
          return { updated: after.updated - before.updated, hot: after.hot - before.hot };
        } finally {
          await client.query('COMMIT');
        }
      };
      const submit = await tasksUpdates('SELECT status FROM tl_complete($1, $2, $3, $4, $5)', [
        first!.assignment.id,
        t1.id,
        h.clock.now(),
        JSON.stringify(answer.response),
        answer.durationMs,
      ]);
      expect(submit).toEqual({ updated: 1, hot: 1 });
      // t3's lease: the 'full' task still holds t2's lease and t1's judgment, so t3 gets 'spare', which stays open (k = 2).
      const lease = await tasksUpdates('SELECT task_id FROM tl_lease_next($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)', [
        project.id,
        t3.id,
        h.clock.now(),
        h.clock.now() + 600_000,
        2,
        null,
        [0],
        [],
        100,
        false,
        null,
        1,
      ]);
      expect(lease).toEqual({ updated: 1, hot: 1 });
    } finally {
      client.release();
    }
  });
});
