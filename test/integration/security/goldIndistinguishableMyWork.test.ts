/**
 * Issue 15, played as the attacker (as goldIndistinguishable.test.ts does for the rest of the API):
 * a tutor reads their progress (/api/me/progress) and their newest submission (/api/me/submissions)
 * around every lease and submit, with gold mixed in, until nothing is left. Gold and real must look
 * the same: the submission's fields and types, and every number of the progress moving alike (a lease
 * takes one from `left`, a submit adds one to `judged`), also when a lease is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { preferenceLine } from '../../support/fixtures.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { delta, type Json, leaves, shape } from '../../support/readable.js';

describe.each(testDatabases())('gold and real look the same in a tutor’s own work on $name', ({ freshUrl }) => {
  let h: Harness;
  let cookie: string;
  let projectId: number;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    // A fixed key for the gold draw, so the same leases are gold on every run.
    await h.store.db.updateTable('settings').set({ value: 'gold-indistinguishable-test' }).where('key', '=', 'secret').execute();
    const manager = asActor(await addUser(h, { email: 'manager@example.org', role: 'manager' }));
    cookie = await signIn(h, await addUser(h, { email: 'tutor@example.org', role: 'tutor' }));
    const p = await createProject(h.ctx, manager, { name: 'mixed', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0.4 });
    projectId = p.id;
    await importTasks(h.ctx, manager, p.id, [
      [
        ...Array.from({ length: 12 }, (_, i) => preferenceLine(`real-${i}`)),
        ...Array.from({ length: 8 }, (_, i) => preferenceLine(`gold-${i}`, { gold: i % 2 ? 'a' : 'b' })),
      ].join('\n'),
    ]);
  });
  afterAll(() => h.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, cookies: { tl_session: cookie }, ...(payload ? { payload } : {}) });
  const progress = async () => {
    const res = await call('GET', '/api/me/progress');
    return leaves({ status: res.statusCode, body: res.json() });
  };
  const newest = async () => {
    const res = await call('GET', '/api/me/submissions?limit=1');
    expect(res.statusCode).toBe(200);
    return (res.json() as { submissions: Record<string, Json>[] }).submissions[0];
  };
  const isGold = async (assignmentId: number) =>
    (
      await h.store.db
        .selectFrom('assignments as a')
        .innerJoin('tasks as t', 't.id', 'a.task_id')
        .select('t.is_gold')
        .where('a.id', '=', assignmentId)
        .executeTakeFirstOrThrow()
    ).is_gold === 1;

  it('moves alike and reads alike for gold and real leases, submitted or skipped', async () => {
    const rows: { gold: boolean; action: string; onLease: string; onFinish: string; item: string }[] = [];
    let before = await progress();
    for (let i = 0; i < 40; i++) {
      h.clock.now += 1000;
      const res = await call('POST', `/api/projects/${projectId}/next`);
      if (res.statusCode === 204) break;
      const lease = res.json() as { assignment: { id: number }; task: { id: number; type: string; domain: string; payload: Json } };
      const afterLease = await progress();
      // Every fifth lease is skipped: a skip must move the counts alike too.
      const skip = i % 5 === 4;
      const finished = skip
        ? await call('POST', `/api/assignments/${lease.assignment.id}/skip`)
        : await call('POST', `/api/assignments/${lease.assignment.id}/submit`, { response: { choice: 'a' }, durationMs: 1000 });
      expect(finished.statusCode).toBe(skip ? 204 : 201);
      const afterFinish = await progress();
      const item = await newest();
      if (!skip) {
        // The newest submission is this one, exactly as the lease showed it.
        expect(item).toMatchObject({
          taskId: lease.task.id,
          type: lease.task.type,
          domain: lease.task.domain,
          payload: lease.task.payload,
        });
        expect(item.response).toMatchObject({ choice: 'a' });
      }
      rows.push({
        gold: await isGold(lease.assignment.id),
        action: skip ? 'skip' : 'submit',
        onLease: delta(before, afterLease),
        onFinish: delta(afterLease, afterFinish),
        item: skip ? '' : shape({ ...item, payload: shape(item.payload) }),
      });
      before = afterFinish;
    }
    for (const action of ['submit', 'skip']) {
      const of = rows.filter((r) => r.action === action);
      const gold = of.filter((r) => r.gold);
      const real = of.filter((r) => !r.gold);
      expect(gold.length, `gold ${action}s`).toBeGreaterThanOrEqual(1);
      expect(real.length, `real ${action}s`).toBeGreaterThanOrEqual(1);
      for (const field of ['onLease', 'onFinish', 'item'] as const) {
        expect(new Set(gold.map((r) => r[field])), `${action} ${field}`).toEqual(new Set(real.map((r) => r[field])));
        expect(new Set(of.map((r) => r[field])).size, `${action} ${field}`).toBe(1);
      }
    }
    const submitRow = rows.find((r) => r.action === 'submit')!;
    expect(submitRow.onLease).toBe('.body.projects.0.left-1');
    expect(submitRow.onFinish).toBe('.body.projects.0.judged+1');
    expect(rows.find((r) => r.action === 'skip')!.onFinish).toBe('.body.projects.0.skipped+1');
    // The end: nothing left for them, and it stays so.
    const end = await progress();
    expect(end.get('.body.projects.0.left')).toBe(0);
    expect(delta(end, await progress())).toBe('');
  });
});
