/**
 * #12: task ids do not give gold away. Gold imported in its own file gets a contiguous block of row
 * ids, so a tutor who read row ids could split their leases into "the block" and the rest. Tutors read a
 * keyed hash instead (`tutorTaskId`): this test imports a real block and a gold block separately, works
 * every task as two tutors over HTTP and checks that the ids they read neither are the row ids nor keep
 * their order or contiguity, that both tutors read the same id for the same task, that the manager's
 * list agrees with it, and that submits (retried with an Idempotency-Key too) still work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { preferenceLine } from '../../support/fixtures.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import { createProject, importTasks } from '../../../src/services/index.js';

/** A fixed server key, so the ids (and so this test) are the same on every run. */
const TEST_KEY = 'a1'.repeat(32);

describe.each(testDatabases())('tutors read task ids that say nothing about gold on $name', ({ freshUrl }) => {
  let h: Harness;
  let projectId: number;
  let managerCookie: string;
  const cookies: string[] = [];
  const previousKey = process.env.TUTORLOOP_SECRET_KEY;

  beforeAll(async () => {
    process.env.TUTORLOOP_SECRET_KEY = TEST_KEY;
    h = await harness(await freshUrl());
    await h.store.db.updateTable('settings').set({ value: 'opaque-task-ids-test' }).where('key', '=', 'secret').execute();
    const managerPerson = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    const manager = asActor(managerPerson);
    managerCookie = await signIn(h, managerPerson);
    for (const email of ['ana@example.org', 'ben@example.org']) cookies.push(await signIn(h, await addUser(h, { email, role: 'tutor' })));
    const p = await createProject(h.ctx, manager, { name: 'blocks', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0.5 });
    projectId = p.id;
    // Two files: the real block first, then the gold block, so the gold rows' ids are one contiguous run.
    await importTasks(h.ctx, manager, p.id, [Array.from({ length: 8 }, (_, i) => preferenceLine(`real-${i}`)).join('\n')]);
    await importTasks(h.ctx, manager, p.id, [
      Array.from({ length: 8 }, (_, i) => preferenceLine(`gold-${i}`, { gold: i % 2 ? 'a' : 'b' })).join('\n'),
    ]);
  });
  afterAll(async () => {
    await h.close();
    if (previousKey === undefined) delete process.env.TUTORLOOP_SECRET_KEY;
    else process.env.TUTORLOOP_SECRET_KEY = previousKey;
  });

  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object, headers?: Record<string, string>) =>
    h.app.inject({ method, url, cookies: { tl_session: cookie }, ...(payload ? { payload } : {}), ...(headers ? { headers } : {}) });

  /** The row behind a lease, read the way only the test can: through the assignment. */
  const rowOf = (assignmentId: number) =>
    h.store.db
      .selectFrom('assignments as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .select(['t.id', 't.is_gold'])
      .where('a.id', '=', assignmentId)
      .executeTakeFirstOrThrow();

  it('hides order and contiguity, agrees across tutors and the manager list, and submits still work', async () => {
    const seen: { tutor: number; shown: number; row: number; gold: boolean }[] = [];
    for (const [tutor, cookie] of cookies.entries()) {
      let res = await call(cookie, 'POST', `/api/projects/${projectId}/next`);
      for (let i = 0; res.statusCode === 200 && i < 40; i++) {
        const lease = res.json() as { assignment: { id: number }; task: { id: number } };
        const row = await rowOf(lease.assignment.id);
        seen.push({ tutor, shown: lease.task.id, row: row.id, gold: row.is_gold === 1 });
        const body = { response: { choice: 'a' }, durationMs: 1000 };
        const key = { 'idempotency-key': `submit-${tutor}-${i}` };
        if (i % 2 === 0) {
          // Plain submit, retried under the same key: the same annotation, replayed.
          const first = await call(cookie, 'POST', `/api/assignments/${lease.assignment.id}/submit`, body, key);
          expect(first.statusCode).toBe(201);
          const again = await call(cookie, 'POST', `/api/assignments/${lease.assignment.id}/submit`, body, key);
          expect(again.json().annotationId).toBe(first.json().annotationId);
          res = await call(cookie, 'POST', `/api/projects/${projectId}/next`);
        } else {
          const first = await call(cookie, 'POST', `/api/assignments/${lease.assignment.id}/submit-and-next`, body, key);
          expect(first.statusCode).toBe(201);
          const again = await call(cookie, 'POST', `/api/assignments/${lease.assignment.id}/submit-and-next`, body, key);
          expect(again.body).toBe(first.body);
          const next = first.json().next;
          res = next ? ({ statusCode: 200, json: () => next } as typeof res) : ({ statusCode: 204 } as typeof res);
        }
      }
      expect(res.statusCode).toBe(204);
    }
    const gold = seen.filter((s) => s.gold);
    const real = seen.filter((s) => !s.gold);
    expect(gold.length).toBeGreaterThan(4);
    expect(real.length).toBe(16); // 8 tasks × overlap 2

    // In the database the gold rows are one contiguous block after the real ones: what a tutor must not see.
    const goldRows = [...new Set(gold.map((s) => s.row))].sort((a, b) => a - b);
    expect(goldRows[goldRows.length - 1] - goldRows[0]).toBe(goldRows.length - 1);
    expect(Math.min(...goldRows)).toBeGreaterThan(Math.max(...real.map((s) => s.row)));

    // What the tutors read: never the row id, one id per task, the same for both tutors.
    for (const s of seen) expect(s.shown).not.toBe(s.row);
    const shownOf = new Map<number, Set<number>>();
    for (const s of seen) shownOf.set(s.row, (shownOf.get(s.row) ?? new Set()).add(s.shown));
    for (const ids of shownOf.values()) expect(ids.size).toBe(1);
    expect(new Set(seen.map((s) => s.shown)).size).toBe(shownOf.size);
    // No order: sorted by what tutors read, gold and real are interleaved, not one block beside the other.
    const byShown = [...shownOf.entries()].map(([row, ids]) => ({ shown: [...ids][0], gold: goldRows.includes(row) }));
    byShown.sort((a, b) => a.shown - b.shown);
    const runs = byShown.filter((x, i) => i > 0 && x.gold !== byShown[i - 1].gold).length + 1;
    expect(runs).toBeGreaterThan(2);
    // No contiguity: no two ids a tutor reads are neighbours.
    for (let i = 1; i < byShown.length; i++) expect(byShown[i].shown - byShown[i - 1].shown).toBeGreaterThan(1);

    // The manager's list gives both ids, so a task a tutor reports can be found.
    const list = (await call(managerCookie, 'GET', `/api/projects/${projectId}/tasks?limit=100`)).json() as {
      tasks: { id: number; tutorTaskId: number }[];
    };
    for (const t of list.tasks) if (shownOf.has(t.id)) expect(shownOf.get(t.id)).toEqual(new Set([t.tutorTaskId]));
  });
});
