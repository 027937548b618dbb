/**
 * #12, a residual leak of item 1: a reliability floor that reacted to a gold result the moment it was
 * made answered the tutor's next `next` with 403 right after a gold submit, never after a real one,
 * naming that task as gold. Gold reaches reliability (and so the floor and the trusted pool) only
 * once it is released to the tutor (services/gold/goldRelease.ts), through the consensus batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { recomputeProjectConsensus } from '../../../src/services/consensus/recomputeProjectConsensus.js';
import { MIN_GOLD } from '../../../src/routing/trust.js';

const RULE = { batch: 3, afterJudgments: 4, delayMs: 600_000 };

const line = (id: string, gold?: string) =>
  JSON.stringify({
    id,
    type: 'preference',
    domain: 'general',
    prompt: `p ${id}`,
    responses: [
      { id: 'a', text: 'x' },
      { id: 'b', text: 'y' },
    ],
    ...(gold ? { gold: { choice: gold } } : {}),
  }) + '\n';

describe.each(testDatabases())('gold reaches the reliability floor only once released, on $name', ({ freshUrl }) => {
  let h: Harness;
  let cookie: string;
  let projectId: number;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    h.ctx.goldRelease = RULE;
    await h.store.db.updateTable('settings').set({ value: 'gold-floor-test' }).where('key', '=', 'secret').execute();
    const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    const tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor' });
    cookie = await signIn(h, tutor);
    const p = await createProject(h.ctx, asActor(manager), {
      name: 'floored',
      type: 'preference',
      domains: ['general'],
      overlap: 1,
      goldRate: 0.5,
      quality: { reliabilityFloor: 0.6 },
    });
    projectId = p.id;
    await importTasks(h.ctx, asActor(manager), p.id, [
      [...Array.from({ length: 30 }, (_, i) => line(`r${i}`)), ...Array.from({ length: 20 }, (_, i) => line(`g${i}`, 'a'))].join(''),
    ]);
  });
  afterAll(() => h.close());

  const reliability = async () =>
    h.store.db.selectFrom('tutor_reliability').select(['gold_total', 'reliability']).where('domain', '=', 'general').executeTakeFirst();

  it('answers every gold wrong: no 403 and no gold in reliability until a release, then the floor acts', async () => {
    let goldWrong = 0;
    while (goldWrong < MIN_GOLD + RULE.batch) {
      h.clock.now += 60_000;
      const lease = await h.app.inject({ method: 'POST', url: `/api/projects/${projectId}/next`, cookies: { tl_session: cookie } });
      expect(lease.statusCode, 'the floor acted on unreleased gold').toBe(200);
      const { is_gold } = await h.store.db
        .selectFrom('tasks')
        .select('is_gold')
        .where('id', '=', lease.json().task.id)
        .executeTakeFirstOrThrow();
      const submit = await h.app.inject({
        method: 'POST',
        url: `/api/assignments/${lease.json().assignment.id}/submit`,
        cookies: { tl_session: cookie },
        payload: { response: { choice: 'b' }, durationMs: 1000 },
      });
      expect(submit.statusCode).toBe(201);
      if (is_gold === 1) goldWrong++;
      // Right after the submit, gold has not reached reliability: nothing the tutor meets has moved.
      expect((await reliability())?.gold_total ?? 0).toBe(0);
    }
    // Later: an hour on and enough further judgments, every result is releasable; the batch takes them in.
    h.clock.now += 2 * RULE.delayMs;
    await recomputeProjectConsensus(h.ctx, projectId);
    const after = await reliability();
    expect(after?.gold_total).toBeGreaterThanOrEqual(MIN_GOLD);
    expect((after?.gold_total ?? 0) % RULE.batch).toBe(0);
    const refused = await h.app.inject({ method: 'POST', url: `/api/projects/${projectId}/next`, cookies: { tl_session: cookie } });
    expect(refused.statusCode).toBe(403);
  });
});
