/**
 * PostgreSQL's routing groups (routingGroups.ts, migration 045): calls made in one turn share one round
 * trip and one transaction, each gets its own result, and a call that fails in the database fails
 * alone. (The exactness of many tutors at once is concurrency.test.ts's, which runs through groups.)
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { sql } from 'kysely';
import { economicsRollupRows, economicsRollupsFromScratch } from '../../../src/store/repositories/economicsRollups.js';
import { rollupsFromScratch, storedRollups } from '../../../src/store/repositories/judgmentRollups.js';
import { completeLease, completeThenLease, leaseNextTask, type LeaseRequest } from '../../../src/store/repositories/routing.js';
import { signedTaskRows, TASK_STATE_KEY_COLUMNS } from '../../../src/store/taskStateRollupSql.js';
import { checkInvariants } from '../../support/routing/invariants.js';
import { tutorLoop } from '../../support/routing/tutorLoop.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, preferenceLine, type Harness } from '../../support/fixtures.js';

const KEY = TASK_STATE_KEY_COLUMNS.join(', ');

const sent: string[] = [];
let restore = () => {};
beforeAll(() => {
  const clientQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string })?.text ?? '');
    if (text.includes('tl_route_group')) sent.push(text);
    return (clientQuery as (...x: unknown[]) => unknown).apply(this, a);
  } as typeof clientQuery;
  restore = () => (pg.Client.prototype.query = clientQuery);
});
afterAll(() => restore());

const postgres = testDatabases().filter((d) => d.name === 'postgres');
const NOW = Date.UTC(2026, 11, 7, 12);

describe.each(postgres)('routing groups on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function project(tasks: number, overlap: number) {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, manager, { name: 'groups', type: 'preference', domains: ['general'], overlap });
    await importTasks(h.ctx, manager, p.id, [Array.from({ length: tasks }, (_, i) => preferenceLine(`t${i}`)).join('\n')]);
    return p.id;
  }
  const leaseOf = (projectId: number, userId: number, overlap: number): LeaseRequest => ({
    projectId,
    userId,
    now: NOW,
    expiresAt: NOW + 600_000,
    overlap,
    domains: null,
    pools: [0],
    sweepBatch: 100,
  });
  const answer = { response: '{"choice":"a"}', durationMs: 1000 };
  /** The project's task counters, summed. */
  async function counterTotals(projectId: number) {
    const tasks = await h.store.db
      .selectFrom('tasks')
      .select(['submitted_count', 'active_leases'])
      .where('project_id', '=', projectId)
      .execute();
    return { submitted: tasks.reduce((s, t) => s + t.submitted_count, 0), active: tasks.reduce((s, t) => s + t.active_leases, 0) };
  }

  it('sends the calls of one turn as one group, each with its own result, counted as if one by one', async () => {
    const projectId = await project(4, 2);
    const tutors = await Promise.all(Array.from({ length: 8 }, () => addUser(h.store)));
    sent.length = 0;
    const leases = await Promise.all(tutors.map((t) => leaseNextTask(h.store, leaseOf(projectId, t.id, 2))));
    expect(sent).toHaveLength(1);
    // Four tasks, two slots each: eight distinct leases, each task twice.
    expect(new Set(leases.map((l) => l!.assignmentId)).size).toBe(8);
    const perTask = new Map<number, number>();
    for (const l of leases) perTask.set(l!.taskId, (perTask.get(l!.taskId) ?? 0) + 1);
    expect([...perTask.values()]).toEqual([2, 2, 2, 2]);

    // Tutor 1 skips; a tutor on another task submits-and-nexts; someone else's lease is submitted by tutor 0.
    const c = leases.findIndex((l, i) => i > 1 && l!.taskId !== leases[1]!.taskId);
    const other = [2, 3, 4].find((i) => i !== c)!;
    const submitOf = (i: number, by = i) =>
      ({ assignmentId: leases[i]!.assignmentId, userId: tutors[by].id, now: NOW + 1, action: 'submit', annotation: answer }) as const;
    sent.length = 0;
    const [done, skipped, combined, notYours] = await Promise.all([
      completeLease(h.store, submitOf(0)),
      completeLease(h.store, { assignmentId: leases[1]!.assignmentId, userId: tutors[1].id, now: NOW + 1, action: 'skip' }),
      completeThenLease(h.store, submitOf(c), leaseOf(projectId, tutors[c].id, 2)),
      completeLease(h.store, submitOf(other, 0)),
    ]);
    expect(sent).toHaveLength(1);
    expect(done).toEqual({ status: 'ok', annotationId: expect.any(Number) });
    expect(skipped).toEqual({ status: 'ok', annotationId: null });
    expect(combined.completed).toEqual({ status: 'ok', annotationId: expect.any(Number) });
    // The skipped slot, the only one open, came free earlier in the same group.
    expect(combined.leased!.taskId).toBe(leases[1]!.taskId);
    expect(notYours).toEqual({ status: 'not_yours' });

    // 8 leased, 2 submitted, 1 skipped, 1 leased again.
    expect(await counterTotals(projectId)).toEqual({ submitted: 2, active: 6 });
    const stored = await h.store.db.selectFrom('annotations').select('id').where('project_id', '=', projectId).execute();
    expect(stored.map((a) => a.id).sort()).toEqual(
      [done, combined.completed].map((c) => (c as { annotationId: number }).annotationId).sort(),
    );
  });

  it('fails only the call the database refuses; the others of its group are stored', async () => {
    const projectId = await project(2, 1);
    const [a, b] = await Promise.all([addUser(h.store), addUser(h.store)]);
    const leaseA = (await leaseNextTask(h.store, leaseOf(projectId, a.id, 1)))!;
    sent.length = 0;
    const outcomes = await Promise.allSettled([
      completeLease(h.store, { assignmentId: leaseA.assignmentId, userId: a.id, now: NOW + 1, action: 'submit', annotation: answer }),
      // An assignment id past PostgreSQL's integer: the group's statement fails on it.
      completeLease(h.store, { assignmentId: 2 ** 31, userId: b.id, now: NOW + 1, action: 'submit', annotation: answer }),
      leaseNextTask(h.store, leaseOf(projectId, b.id, 1)),
    ]);
    expect(sent).toHaveLength(4); // the group, then each of its three calls alone
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: { status: 'ok', annotationId: expect.any(Number) } });
    expect(outcomes[1].status).toBe('rejected');
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/out of range/);
    expect(outcomes[2]).toMatchObject({ status: 'fulfilled', value: { taskId: expect.any(Number) } });
    expect((outcomes[2] as PromiseFulfilledResult<{ taskId: number }>).value.taskId).not.toBe(leaseA.taskId);
    expect(await counterTotals(projectId)).toEqual({ submitted: 1, active: 1 });
  });

  it('keeps every rollup equal to a recount after many tutors in concurrent groups (gold, skips, submit-and-next)', async () => {
    h = await harness(await freshUrl(), 24);
    const manager = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, manager, { name: 'groups', type: 'preference', domains: ['general'], overlap: 3, goldRate: 0.1 });
    const taskLines = Array.from({ length: 120 }, (_, i) => preferenceLine(`t${i}`, i % 10 === 0 ? { gold: 'a' } : {}));
    await importTasks(h.ctx, manager, p.id, [taskLines.join('\n')]);
    const tutors = await Promise.all(Array.from({ length: 40 }, () => addUser(h.store)));
    sent.length = 0;
    const results = await Promise.all(tutors.map((t, i) => tutorLoop(h.ctx, t, p.id, 5, i % 2 === 0)));
    const acks = results.flatMap((r) => r.acks);
    // Groups formed: far fewer round trips than calls.
    expect(sent.length).toBeLessThan(acks.length);
    const check = await checkInvariants(h.store, p.id, 3, acks);
    expect([check.overfull, check.judgedTwice, check.missingAcks, check.counterDrift]).toEqual([[], [], [], []]);
    expect(check.tasksShortOfK).toBe(0);

    const taskState = (q: string) => sql<Record<string, string>>`${sql.raw(q)}`.execute(h.store.db).then((r) => r.rows);
    expect(await taskState(`SELECT ${KEY}, tasks::text FROM task_state_rollups WHERE tasks <> 0 ORDER BY ${KEY}`)).toEqual(
      await taskState(`SELECT ${KEY}, sum(sign)::text AS tasks FROM (${signedTaskRows('tasks', 1)}) d GROUP BY ${KEY} ORDER BY ${KEY}`),
    );
    expect(await economicsRollupRows(h.store.db, p.id)).toEqual(await economicsRollupsFromScratch(h.store, p.id));
    expect(await storedRollups(h.store.db)).toEqual(await rollupsFromScratch(h.store.db));
  });
});
