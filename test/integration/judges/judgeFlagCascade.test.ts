/**
 * A judge's flag feeds the cascade (issue 13 §4), on both databases: a judge that judges both orders
 * and is position-biased on some pairs (the stand-in's seeded draw names which) flags exactly those;
 * each flagged pair moves up to the generalists, whether the project counts it as a tie or sends it
 * to humans, and every consistent pair stays with the model tier (the judge is measured at 0.95, so
 * its single judgment is confident enough at a 0.9 target: only the flag moves a task).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { addJudge } from '../../../src/services/judges/admin.js';
import { createJudgeRun, runJudgeRun } from '../../../src/services/judges/runner.js';
import { addModelEndpoint, ModelGateway, setModelGateway } from '../../../src/services/models/index.js';
import { saveReliability } from '../../../src/store/repositories/reliability.js';
import { addUser, asActor, harness, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { draw, seededJudgeReplies } from '../../support/models/judgeReplies.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-judge-flag-test-0007';
const N = 12;

/** Pairs whose right answer says GOOD, at A in even items and B in odd ones. */
function pairs(prefix: string) {
  return Array.from({ length: N }, (_, i) => {
    const good = { id: i % 2 ? 'b' : 'a', text: `GOOD answer ${i}` };
    const bad = { id: i % 2 ? 'a' : 'b', text: `weak answer ${i}` };
    return JSON.stringify({
      id: `${prefix}-${i}`,
      type: 'preference',
      domain: 'math',
      prompt: `${prefix} question ${i}`,
      responses: i % 2 ? [bad, good] : [good, bad],
    });
  }).join('\n');
}

/** The items the seeded judge answers by position (so inconsistently across the two orders). */
const positional = (prefix: string) =>
  Array.from({ length: N }, (_, i) => i)
    .filter((i) => draw('halfy', `${prefix} question ${i}`, 'position') < 0.5)
    .map((i) => `${prefix}-${i}`);

describe.each(testDatabases())('a judge flag moves the item up the cascade on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let manager: Person;
  let standIn: StandIn;
  let judgeUser: number;

  beforeAll(async () => {
    standIn = await startOpenAiStandIn({
      apiKey: API_KEY,
      respond: seededJudgeReplies({ halfy: { accuracy: 1, positionBias: 0.5, confidence: 0.8 } }, () => 'ready'),
    });
    h = await harness(await freshUrl());
    setModelGateway(h.store, new ModelGateway(h.store, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 100 } }));
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    await addModelEndpoint(h.ctx, asActor(admin), {
      name: 'halfy',
      baseUrl: standIn.baseUrl,
      model: 'halfy',
      apiKey: API_KEY,
      priceInputPerMillion: 1000,
      priceOutputPerMillion: 2000,
      maxConcurrency: 2,
    });
    judgeUser = (await addJudge(h.ctx, asActor(admin), { name: 'Half judge', endpoint: 'halfy' })).id;
    await saveReliability(h.store.db, [
      {
        userId: judgeUser,
        domain: 'math',
        goldTotal: 0,
        goldCorrect: 0,
        modelAccuracy: 0.95,
        modelLabels: 50,
        reliability: 0.95,
        updatedAt: h.ctx.now(),
      },
    ]);
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  it.each(['tie', 'humans'] as const)('inconsistent pairs counted as "%s" move up; consistent ones stay', async (inconsistent) => {
    const prefix = `p-${inconsistent}`;
    const p = await createProject(h.ctx, asActor(manager), {
      name: `flags ${inconsistent}`,
      type: 'preference',
      domains: ['math'],
      overlap: 2,
      eligibility: { tiers: ['model', 'generalist', 'specialist'] },
      judging: { bothOrders: true, inconsistent },
      cascade: { tiers: ['model', 'generalist', 'specialist'], targetConfidence: 0.9, expertOnly: [], judgments: { model: 1 } },
    });
    await importTasks(h.ctx, asActor(manager), p.id, [pairs(prefix)]);
    const run = await runJudgeRun(h.ctx, (await createJudgeRun(h.ctx, asActor(manager), p.id, { judge: 'Half judge' })).runId);
    const flagged = positional(prefix);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThan(N);
    expect(run).toMatchObject(
      inconsistent === 'tie'
        ? { state: 'done', judged: N, toHumans: 0 }
        : { state: 'done', judged: N - flagged.length, toHumans: flagged.length },
    );
    const verdicts = await h.store.db
      .selectFrom('judge_verdicts as v')
      .innerJoin('tasks as t', 't.id', 'v.task_id')
      .select(['t.external_id', 'v.consistent'])
      .where('v.project_id', '=', p.id)
      .execute();
    expect(
      verdicts
        .filter((v) => v.consistent === 0)
        .map((v) => v.external_id)
        .sort(),
    ).toEqual([...flagged].sort());
    const tiers = await h.store.db
      .selectFrom('tasks')
      .select(['external_id', 'cascade_tier', 'target_judgments', 'is_open'])
      .where('project_id', '=', p.id)
      .execute();
    const at = (tier: string) =>
      tiers
        .filter((t) => t.cascade_tier === tier)
        .map((t) => t.external_id)
        .sort();
    expect(at('generalist')).toEqual([...flagged].sort());
    expect(at('model')).toEqual(
      tiers
        .map((t) => t.external_id)
        .filter((e) => !flagged.includes(e))
        .sort(),
    );
    // Moved up with the generalists' judgments to give (on top of the judge's, when it left one), and open to them.
    for (const t of tiers.filter((x) => x.cascade_tier === 'generalist')) {
      expect(Number(t.target_judgments)).toBe(inconsistent === 'tie' ? 3 : 2);
      expect(Number(t.is_open)).toBe(1);
    }
  });
});
