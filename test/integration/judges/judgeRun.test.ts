/**
 * AI judges on both databases against the stand-in server (test infrastructure) with seeded judge
 * models: a judge works a project through the routing (overlap holds, it never gets a task twice),
 * answers by structured output, records prompt version, cost and confidence per verdict; a reply
 * that never validates is asked once more, then recorded as failed and the task released; both-order
 * judging records consistency and sends inconsistent pairs to humans; self-preference is flagged;
 * the key appears in no response, audit row or log line.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment } from '../../../src/services/index.js';
import { addJudge, setJudgePrompt } from '../../../src/services/judges/admin.js';
import { measureTiers } from '../../../src/services/judges/measure.js';
import { createJudgeRun, runJudgeRun } from '../../../src/services/judges/runner.js';
import { addModelEndpoint, ModelGateway, setModelGateway } from '../../../src/services/models/index.js';
import { addUser, asActor, harness, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { seededJudgeReplies } from '../../support/models/judgeReplies.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-judge-test-secret-0042';

/** Ten preference pairs; the right answer says GOOD and sits at A in even items, at B in odd ones. */
function pairs(domain: string, n = 10, provenance?: (i: number) => Record<string, unknown>) {
  return Array.from({ length: n }, (_, i) => {
    const good = { id: i % 2 ? 'b' : 'a', text: `GOOD answer ${i} with care` };
    const bad = { id: i % 2 ? 'a' : 'b', text: `weak answer ${i}` };
    return JSON.stringify({
      id: `${domain}-${i}`,
      type: 'preference',
      domain,
      prompt: `question ${domain} ${i}`,
      responses: i % 2 ? [bad, good] : [good, bad],
      ...(provenance ? { meta: { generation: { responses: provenance(i) } } } : {}),
    });
  }).join('\n');
}

describe.each(testDatabases())('AI judges on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let manager: Person;
  let standIn: StandIn;
  const logs: string[] = [];

  beforeAll(async () => {
    standIn = await startOpenAiStandIn({
      apiKey: API_KEY,
      respond: seededJudgeReplies(
        {
          sharp: { accuracy: 1, positionBias: 0, confidence: 0.9 },
          firsty: { accuracy: 1, positionBias: 1, confidence: 0.6 },
          broken: 'invalid',
        },
        () => 'ready',
      ),
    });
    h = await harness(await freshUrl());
    h.ctx.reportError = (e: unknown) => logs.push(String(e));
    setModelGateway(h.store, new ModelGateway(h.store, { retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 100 } }));
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    for (const model of ['sharp', 'firsty', 'broken'])
      await addModelEndpoint(h.ctx, asActor(admin), {
        name: model,
        baseUrl: standIn.baseUrl,
        model,
        apiKey: API_KEY,
        priceInputPerMillion: 1000,
        priceOutputPerMillion: 2000,
        maxConcurrency: 3,
      });
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  async function project(name: string, judging?: object, provenance?: (i: number) => Record<string, unknown>) {
    const p = await createProject(h.ctx, asActor(manager), {
      name,
      type: 'preference',
      domains: ['math'],
      overlap: 2,
      eligibility: { tiers: ['generalist', 'specialist', 'model'] },
      ...(judging ? { judging } : {}),
    });
    await importTasks(h.ctx, asActor(manager), p.id, [pairs('math', 10, provenance)]);
    return p;
  }

  it('judges every task once through the routing, with prompt version, cost and confidence, and measures the tier', async () => {
    const p = await project('judged');
    const judge = await addJudge(h.ctx, asActor(admin), { name: 'Sharp judge', endpoint: 'sharp' });
    await setJudgePrompt(h.ctx, asActor(admin), judge.id, { taskType: 'preference', template: 'Pick the better answer. JSON only.' });
    const run = await createJudgeRun(h.ctx, asActor(manager), p.id, { judge: 'Sharp judge' });
    const done = await runJudgeRun(h.ctx, run.runId);
    expect(done).toMatchObject({ state: 'done', judged: 10, failed: 0, toHumans: 0 });
    // The routing served each task once to the judge: nothing is left for it, and a second run finds nothing.
    expect(await nextAssignment(h.ctx, { id: judge.id, role: 'tutor', tier: 'model', domains: [] }, p.id)).toBeNull();
    const again = await runJudgeRun(h.ctx, (await createJudgeRun(h.ctx, asActor(manager), p.id, { judge: judge.id })).runId);
    expect(again).toMatchObject({ state: 'done', judged: 0 });
    const verdicts = await h.store.db.selectFrom('judge_verdicts').selectAll().where('project_id', '=', p.id).execute();
    expect(verdicts.every((v) => v.prompt_version === 2 && v.confidence === 0.9 && v.calls === 1 && v.cost_usd > 0)).toBe(true);
    const annotations = await h.store.db.selectFrom('annotations').select(['user_id', 'response']).where('project_id', '=', p.id).execute();
    expect(annotations).toHaveLength(10);
    expect(annotations.every((a) => a.user_id === judge.id && JSON.parse(String(a.response)).choice !== undefined)).toBe(true);
    // Structured output: the request carried the preference schema with `confidence`.
    const asked = standIn.requests.find((r) => r.model === 'sharp' && r.response_format);
    expect(asked?.response_format?.json_schema?.schema).toMatchObject({ required: expect.arrayContaining(['choice', 'confidence']) });
    expect(asked?.messages[0].content).toBe('Pick the better answer. JSON only.');
    const measured = await measureTiers(h.ctx, p.id, { rounds: 50 });
    const model = measured.domains[0].tiers.find((t) => t.tier === 'model')!;
    expect(model.judgments).toBe(10);
    expect(model.costPerJudgmentCents).toBeCloseTo((verdicts.reduce((s, v) => s + v.cost_usd, 0) / 10) * 100, 8);
    expect(measured.judges[0]).toMatchObject({ verdicts: 10, failed: 0, selfPreferred: 0 });
    // The chosen (GOOD) answers are the longer ones: the verbosity measure sees it.
    expect(measured.judges[0].longerChosenShare).toBe(1);
  });

  it('a reply that never validates is asked once more, then recorded as failed and the task released', async () => {
    const p = await project('broken');
    await addJudge(h.ctx, asActor(admin), { name: 'Broken judge', endpoint: 'broken' });
    const before = standIn.requests.filter((r) => r.model === 'broken').length;
    const run = await runJudgeRun(
      h.ctx,
      (await createJudgeRun(h.ctx, asActor(manager), p.id, { judge: 'Broken judge', maxItems: 2 })).runId,
    );
    expect(run).toMatchObject({ state: 'done', judged: 0, failed: 2 });
    expect(standIn.requests.filter((r) => r.model === 'broken').length - before).toBe(4);
    const failed = await h.store.db.selectFrom('judge_verdicts').selectAll().where('project_id', '=', p.id).execute();
    expect(
      failed.every((v) => v.status === 'failed' && v.annotation_id === null && /choice: must be one of a, b, tie/.test(v.error ?? '')),
    ).toBe(true);
    expect(await h.store.db.selectFrom('annotations').select('id').where('project_id', '=', p.id).execute()).toHaveLength(0);
    // Released: no lease is held, so the tasks are open to people.
    const held = await h.store.db.selectFrom('tasks').select('active_leases').where('project_id', '=', p.id).execute();
    expect(held.every((t) => Number(t.active_leases) === 0)).toBe(true);
  });

  it('both orders: a position-biased judge is inconsistent on every pair, which goes to humans; self-preference is flagged', async () => {
    const p = await project('positions', { bothOrders: true, inconsistent: 'humans' });
    await addJudge(h.ctx, asActor(admin), { name: 'First judge', endpoint: 'firsty' });
    const run = await runJudgeRun(h.ctx, (await createJudgeRun(h.ctx, asActor(manager), p.id, { judge: 'First judge' })).runId);
    expect(run).toMatchObject({ state: 'done', judged: 0, toHumans: 10 });
    const measured = await measureTiers(h.ctx, p.id, { rounds: 0 });
    expect(measured.judges[0]).toMatchObject({ bothOrders: 10, consistent: 0, toHumans: 10 });

    const ties = await project('positions-tie', { bothOrders: true, inconsistent: 'tie' }, (i) => ({
      [i % 2 ? 'b' : 'a']: { model: 'sharp' },
      [i % 2 ? 'a' : 'b']: { model: 'other' },
    }));
    const tied = await runJudgeRun(h.ctx, (await createJudgeRun(h.ctx, asActor(manager), ties.id, { judge: 'First judge' })).runId);
    expect(tied).toMatchObject({ judged: 10, toHumans: 0 });
    const responses = await h.store.db.selectFrom('annotations').select('response').where('project_id', '=', ties.id).execute();
    expect(responses.every((r) => JSON.parse(String(r.response)).choice === 'tie')).toBe(true);
    // The sharp judge on its own model's answers: every pick is self-preferred.
    const sharpRun = await runJudgeRun(h.ctx, (await createJudgeRun(h.ctx, asActor(manager), ties.id, { judge: 'Sharp judge' })).runId);
    expect(sharpRun.judged).toBe(10);
    const bias = (await measureTiers(h.ctx, ties.id, { rounds: 0 })).judges.find(
      (j) => j.verdicts === 10 && j.bothOrders === 10 && j.consistent === 10,
    );
    expect(bias?.selfPreferred).toBe(10);
  });

  it('a project that does not admit tier model fails the run with the reason', async () => {
    const p = await createProject(h.ctx, asActor(manager), { name: 'people only', type: 'preference', domains: ['math'] });
    await importTasks(h.ctx, asActor(manager), p.id, [pairs('math', 2)]);
    const run = await runJudgeRun(h.ctx, (await createJudgeRun(h.ctx, asActor(manager), p.id, { judge: 'Sharp judge' })).runId);
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/does not admit the judge \(tier model\)/);
  });

  it('the key is in no audit row, verdict or log line', async () => {
    const audit = await h.store.db.selectFrom('audit_log').selectAll().execute();
    const verdicts = await h.store.db.selectFrom('judge_verdicts').selectAll().execute();
    const text = JSON.stringify([audit, verdicts, logs]);
    expect(audit.some((a) => a.action === 'judge.add')).toBe(true);
    expect(text).not.toContain(API_KEY);
    expect(standIn.keysSeen.has(API_KEY)).toBe(true);
  });
});
