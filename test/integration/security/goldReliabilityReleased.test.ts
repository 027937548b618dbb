/**
 * #12, a residual leak of item 1: a reliability floor that reacted to a gold result the moment it was
 * made answered the tutor's next `next` with 403 right after a gold submit, never after a real one,
 * naming that task as gold. Gold reaches reliability (and so the floor and the trusted pool) only
 * once it is released to the tutor (services/gold/goldRelease.ts): after every submit, gold or real
 * alike, and in the consensus batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { preferenceLine } from '../../support/fixtures.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { recomputeProjectConsensus } from '../../../src/services/consensus/recomputeProjectConsensus.js';
import { MIN_GOLD } from '../../../src/routing/trust.js';
import { releasedGoldCounts } from '../../../src/services/gold/goldRelease.js';
import { reliabilityKey } from '../../../src/store/repositories/reliability.js';

const RULE = { batch: 3, afterJudgments: 4, delayMs: 600_000 };

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
      [
        ...Array.from({ length: 30 }, (_, i) => preferenceLine(`r${i}`)),
        ...Array.from({ length: 20 }, (_, i) => preferenceLine(`g${i}`, { gold: 'a' })),
      ].join('\n'),
    ]);
  });
  afterAll(() => h.close());

  const reliability = async () =>
    h.store.db.selectFrom('tutor_reliability').select(['gold_total', 'reliability']).where('domain', '=', 'general').executeTakeFirst();

  const releasedTotal = async (userId: number) =>
    (await releasedGoldCounts(h.store.db, [userId], 'general', RULE, h.clock.now)).get(reliabilityKey(userId, 'general'))?.total ?? 0;

  it('answers every gold wrong: reliability holds released gold only, so the floor never acts on the task just done', async () => {
    const { id: tutorId } = await h.store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'tutor@example.org')
      .executeTakeFirstOrThrow();
    let refusedAfter: number | undefined;
    for (let i = 0; i < 60 && refusedAfter === undefined; i++) {
      h.clock.now += 60_000;
      const lease = await h.app.inject({ method: 'POST', url: `/api/projects/${projectId}/next`, cookies: { tl_session: cookie } });
      if (lease.statusCode === 403) {
        refusedAfter = i;
        break;
      }
      expect(lease.statusCode).toBe(200);
      const submit = await h.app.inject({
        method: 'POST',
        url: `/api/assignments/${lease.json().assignment.id}/submit`,
        cookies: { tl_session: cookie },
        payload: { response: { choice: 'b' }, durationMs: 1000 },
      });
      expect(submit.statusCode).toBe(201);
      // After every submit, gold or real: reliability holds exactly the released results, whole batches,
      // never the one just made (a result waits for RULE.afterJudgments more judgments).
      const goldTotal = (await reliability())?.gold_total ?? 0;
      expect(goldTotal).toBe(await releasedTotal(tutorId));
      expect(goldTotal % RULE.batch).toBe(0);
    }
    // The floor acted, on released evidence only.
    expect(refusedAfter).toBeDefined();
    expect((await reliability())?.gold_total).toBeGreaterThanOrEqual(MIN_GOLD);
    // The batch agrees with what the submits kept.
    await recomputeProjectConsensus(h.ctx, projectId);
    expect((await reliability())?.gold_total).toBe(await releasedTotal(tutorId));
  });
});
