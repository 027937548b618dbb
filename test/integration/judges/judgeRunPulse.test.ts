/**
 * A judge run re-reads its state and the judge's prompts once a quarter second (runPulse.ts), not
 * per task: a cancel given while it works stops it taking tasks, and a prompt edited while it works
 * applies to the tasks it takes after, each verdict naming the version it used. Both databases,
 * against the stand-in server (test infrastructure) answering after 60 ms, one call at a time.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { addJudge, setJudgePrompt } from '../../../src/services/judges/admin.js';
import { cancelJudgeRun, createJudgeRun, runJudgeRun } from '../../../src/services/judges/runner.js';
import { addModelEndpoint } from '../../../src/services/models/index.js';
import { addUser, asActor, harness, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { seededJudgeReplies } from '../../support/models/judgeReplies.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-pulse-test';
const TASKS = 12;

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `t${i}`,
      type: 'preference',
      domain: 'math',
      prompt: `question ${i}`,
      responses: [
        { id: 'a', text: `GOOD answer ${i}` },
        { id: 'b', text: `weak answer ${i}` },
      ],
    }),
  ).join('\n');

describe.each(testDatabases())('a judge run while it works on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let standIn: StandIn;

  beforeAll(async () => {
    standIn = await startOpenAiStandIn({
      apiKey: API_KEY,
      latencyMs: 60,
      respond: seededJudgeReplies({ steady: { accuracy: 1, positionBias: 0, confidence: 0.9 } }, () => 'ready'),
    });
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    await addModelEndpoint(h.ctx, asActor(admin), {
      name: 'steady',
      baseUrl: standIn.baseUrl,
      model: 'steady',
      apiKey: API_KEY,
      priceInputPerMillion: 1,
      priceOutputPerMillion: 1,
      maxConcurrency: 1,
    });
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  async function setUp(name: string) {
    const p = await createProject(h.ctx, asActor(admin), {
      name,
      type: 'preference',
      domains: ['math'],
      overlap: 1,
      eligibility: { tiers: ['model'] },
    });
    await importTasks(h.ctx, asActor(admin), p.id, [lines(TASKS)]);
    const judge = await addJudge(h.ctx, asActor(admin), { name: `${name} judge`, endpoint: 'steady' });
    await setJudgePrompt(h.ctx, asActor(admin), judge.id, { taskType: 'preference', template: 'first prompt' });
    return { project: p, judge };
  }

  it('a cancel given while it works stops it taking tasks', async () => {
    const { project, judge } = await setUp('cancelled');
    const { runId } = await createJudgeRun(h.ctx, asActor(admin), project.id, { judge: judge.id });
    let cancelling: Promise<unknown> | undefined;
    const ended = await runJudgeRun(h.ctx, runId, () => {
      cancelling ??= cancelJudgeRun(h.ctx, asActor(admin), runId);
    });
    await cancelling;
    expect(ended.state).toBe('cancelled');
    expect(ended.judged).toBeGreaterThanOrEqual(1);
    expect(ended.judged).toBeLessThan(TASKS);
  });

  it('a prompt edited while it works applies to the tasks taken after, each verdict naming its version', async () => {
    const { project, judge } = await setUp('edited');
    const { runId } = await createJudgeRun(h.ctx, asActor(admin), project.id, { judge: judge.id });
    let editing: Promise<unknown> | undefined;
    const ended = await runJudgeRun(h.ctx, runId, () => {
      editing ??= setJudgePrompt(h.ctx, asActor(admin), judge.id, { taskType: 'preference', template: 'second prompt' });
    });
    await editing;
    expect(ended).toMatchObject({ state: 'done', judged: TASKS });
    const versions = (
      await h.store.db.selectFrom('judge_verdicts').select('prompt_version').where('run_id', '=', runId).orderBy('id').execute()
    ).map((v) => v.prompt_version);
    const [first] = versions;
    expect(versions.at(-1)).toBe(first + 1);
    expect([...versions].sort()).toEqual(versions); // never back to the old prompt once the new one is read
    const sent = standIn.requests.filter((r) => r.model === 'steady').map((r) => r.messages[0].content);
    expect(sent.slice(-TASKS)[0]).toBe('first prompt');
    expect(sent.filter((c) => c === 'second prompt')).toHaveLength(versions.filter((v) => v === first + 1).length);
  });
});
