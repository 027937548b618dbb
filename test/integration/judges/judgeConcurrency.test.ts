/**
 * An AI judge works at its endpoint's concurrency, on both databases: the routing lets a model-tier
 * user hold up to its endpoint's `maxConcurrency` live leases (a person keeps one: `next` hands the
 * held lease back), and a judge run keeps that many tasks in flight, measured by the stand-in server
 * (test infrastructure). The routing guarantees hold: every task judged once per judge, none over
 * its overlap when judges run side by side, the counters equal to the rows.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment } from '../../../src/services/index.js';
import { addJudge } from '../../../src/services/judges/admin.js';
import { createJudgeRun, runJudgeRun } from '../../../src/services/judges/runner.js';
import { addModelEndpoint } from '../../../src/services/models/index.js';
import type { Actor } from '../../../src/services/context.js';
import { addUser, asActor, harness, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { seededJudgeReplies } from '../../support/models/judgeReplies.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';
import { checkInvariants } from '../../support/routing/invariants.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-judge-concurrency-test';
const TASKS = 40;

function pairs(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `q${i}`,
      type: 'preference',
      domain: 'math',
      prompt: `question ${i}`,
      responses: [
        { id: 'a', text: `GOOD answer ${i}` },
        { id: 'b', text: `weak answer ${i}` },
      ],
    }),
  ).join('\n');
}

describe.each(testDatabases())('a judge at its endpoint concurrency on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let manager: Person;
  const standIns: StandIn[] = [];

  /** A stand-in of its own (so its max in flight is this judge's), an endpoint on it, and a judge. */
  async function judgeWith(name: string, maxConcurrency: number) {
    const standIn = await startOpenAiStandIn({
      apiKey: API_KEY,
      latencyMs: 5,
      // The first calls wait until a full endpoint's worth is in flight (10 s at most, then the count falls short).
      gate: { count: maxConcurrency, timeoutMs: 10_000 },
      respond: seededJudgeReplies({ [name]: { accuracy: 1, positionBias: 0, confidence: 0.9 } }, () => 'ready'),
    });
    standIns.push(standIn);
    await addModelEndpoint(h.ctx, asActor(admin), {
      name,
      baseUrl: standIn.baseUrl,
      model: name,
      apiKey: API_KEY,
      priceInputPerMillion: 1,
      priceOutputPerMillion: 2,
      maxConcurrency,
    });
    const judge = await addJudge(h.ctx, asActor(admin), { name: `${name} judge`, endpoint: name });
    return { judge, standIn, actor: { id: judge.id, role: 'tutor', tier: 'model', domains: [] } as Actor };
  }

  async function project(name: string, overlap: number, tasks = TASKS) {
    const p = await createProject(h.ctx, asActor(manager), {
      name,
      type: 'preference',
      domains: ['math'],
      overlap,
      eligibility: { tiers: ['generalist', 'specialist', 'model'] },
    });
    await importTasks(h.ctx, asActor(manager), p.id, [pairs(tasks)]);
    return p;
  }

  const judgeRun = async (projectId: number, judge: number) =>
    runJudgeRun(h.ctx, (await createJudgeRun(h.ctx, asActor(manager), projectId, { judge })).runId);

  beforeAll(async () => {
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
  });
  afterAll(async () => {
    await h.close();
    for (const s of standIns) await s.close();
  });

  it('routing: a model-tier user holds up to its endpoint concurrency of live leases, a person one', async () => {
    const p = await project('leases', 1, 6);
    const { actor } = await judgeWith('triple', 3);
    const leases = [];
    for (let i = 0; i < 4; i++) leases.push(await nextAssignment(h.ctx, actor, p.id));
    const ids = leases.map((l) => l?.assignment.id);
    expect(new Set(ids.slice(0, 3)).size).toBe(3);
    expect(new Set(leases.slice(0, 3).map((l) => l?.task.id)).size).toBe(3);
    // At its cap: the oldest held lease comes back, nothing new is leased.
    expect(ids[3]).toBe(ids[0]);
    const held = await h.store.db
      .selectFrom('assignments')
      .select('id')
      .where('project_id', '=', p.id)
      .where('state', '=', 'leased')
      .execute();
    expect(held).toHaveLength(3);

    const person = asActor(await addUser(h, { email: 'person@example.org' }));
    const first = await nextAssignment(h.ctx, person, p.id);
    const again = await nextAssignment(h.ctx, person, p.id);
    expect(first).not.toBeNull();
    expect(again?.assignment.id).toBe(first?.assignment.id);
    const check = await checkInvariants(h.store, p.id, 1, []);
    expect(check.counterDrift).toEqual([]);
  });

  it('a judge run keeps its endpoint concurrency of tasks in flight, each task judged once', async () => {
    const p = await project('eight at once', 2);
    const { judge, standIn } = await judgeWith('octo', 8);
    const done = await judgeRun(p.id, judge.id);
    expect(done).toMatchObject({ state: 'done', judged: TASKS, failed: 0 });
    // The stand-in saw eight calls at once, never more: the routing gave the judge eight tasks at a time.
    expect(standIn.maxInFlight()).toBe(8);
    expect(standIn.requests).toHaveLength(TASKS);
    const check = await checkInvariants(h.store, p.id, 2, []);
    expect(check.judgedTwice).toEqual([]);
    expect(check.counterDrift).toEqual([]);
    expect(check.storedCount).toBe(TASKS);
    const judged = await h.store.db.selectFrom('annotations').select('task_id').where('user_id', '=', judge.id).execute();
    expect(new Set(judged.map((a) => a.task_id)).size).toBe(TASKS);
  });

  it('two judges side by side fill the overlap exactly, never over it, never a task twice', async () => {
    const p = await project('side by side', 2);
    const [left, right] = [await judgeWith('left', 8), await judgeWith('right', 8)];
    const mid = await judgeWith('third', 8);
    // The first judge fills one slot of each task; the other two race for the second.
    await judgeRun(p.id, mid.judge.id);
    const [a, b] = await Promise.all([judgeRun(p.id, left.judge.id), judgeRun(p.id, right.judge.id)]);
    expect(a.state).toBe('done');
    expect(b.state).toBe('done');
    expect(a.judged + b.judged).toBe(TASKS);
    expect(Math.max(left.standIn.maxInFlight(), right.standIn.maxInFlight())).toBeLessThanOrEqual(8);
    const check = await checkInvariants(h.store, p.id, 2, []);
    expect(check.overfull).toEqual([]);
    expect(check.judgedTwice).toEqual([]);
    expect(check.counterDrift).toEqual([]);
    expect(check.tasksShortOfK).toBe(0);
    expect(check.storedCount).toBe(2 * TASKS);
  });
});
