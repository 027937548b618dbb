/**
 * Rubric grading by AI judges on both databases, against the stand-in server (test infrastructure):
 * a judge runs (services/judges/runner.ts) on a rubric grading project and its per-criterion verdicts,
 * each with a quote from the response as evidence, are stored as its annotation and pass the same
 * rules a tutor's grading meets; a judge whose replies break those rules (evidence that is not a
 * quote) is asked once more, then its verdict is recorded as failed and the task given back.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RubricPayload, RubricResponse, rubricResponseIssues } from '../../../src/domain/rubric.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { addJudge } from '../../../src/services/judges/admin.js';
import { createJudgeRun, runJudgeRun } from '../../../src/services/judges/runner.js';
import { addModelEndpoint, ModelGateway, setModelGateway } from '../../../src/services/models/index.js';
import { addUser, asActor, harness, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { type ChatBody, startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-rubric-judge-test';

const CRITERIA = [
  { id: 'c1', text: 'Warns against NSAIDs after 20 weeks', weight: 5, essential: true },
  { id: 'c2', text: 'Suggests paracetamol as the usual alternative', weight: 3, essential: false },
];
const gradeTask = (id: string) => ({
  id,
  type: 'rubric',
  domain: 'medicine',
  stage: 'grade',
  prompt: 'Can I take ibuprofen for a headache while pregnant?',
  responses: [
    { id: 'a', text: 'Avoid ibuprofen after 20 weeks; paracetamol is usually preferred.' },
    { id: 'b', text: 'Yes, ibuprofen is fine at any stage.' },
  ],
  rubric: { item: id, version: 1 },
  criteria: CRITERIA,
});

type Seen = { stage: string; responses: { id: string; text: string }[]; criteria: { id: string }[] };

/**
 * The judge models: `grader` marks a criterion met when the response says "Avoid", quoting its first
 * words; `misquoter` gives the same verdicts with evidence the response never says.
 */
function judgeReply(body: ChatBody): string {
  if (body.response_format?.type !== 'json_schema') return 'ready';
  const { task } = JSON.parse(body.messages.at(-1)?.content ?? '{}') as { task: Seen };
  const grades = task.responses.map((r) => ({
    response: r.id,
    verdicts: task.criteria.map((c) => ({
      criterion: c.id,
      met: r.text.startsWith('Avoid'),
      evidence: body.model === 'misquoter' ? 'words the response never says' : r.text.slice(0, 15),
    })),
  }));
  return JSON.stringify({ stage: task.stage, grades, confidence: 0.8 });
}

describe.each(testDatabases())('rubric grading by AI judges on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let manager: Person;
  let standIn: StandIn;

  beforeAll(async () => {
    standIn = await startOpenAiStandIn({ apiKey: API_KEY, respond: judgeReply });
    h = await harness(await freshUrl());
    setModelGateway(h.store, new ModelGateway(h.store, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10 } }));
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    for (const model of ['grader', 'misquoter'])
      await addModelEndpoint(h.ctx, asActor(admin), {
        name: model,
        baseUrl: standIn.baseUrl,
        model,
        apiKey: API_KEY,
        priceInputPerMillion: 1,
        priceOutputPerMillion: 2,
      });
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  /** A grading project judges may work (tier `model` admitted), with one grade task; its id and the task's. */
  async function gradingProject(name: string) {
    const project = await createProject(h.ctx, asActor(manager), {
      name,
      type: 'rubric',
      domains: ['medicine'],
      overlap: 1,
      eligibility: { tiers: ['generalist', 'specialist', 'model'] },
    });
    await importTasks(h.ctx, asActor(manager), project.id, [JSON.stringify(gradeTask(`${name}-1`))]);
    const task = await h.store.db
      .selectFrom('tasks')
      .select(['id', 'payload'])
      .where('project_id', '=', project.id)
      .executeTakeFirstOrThrow();
    return { projectId: project.id, taskId: task.id, payload: JSON.parse(task.payload) as RubricPayload };
  }

  async function judgeRun(projectId: number, endpoint: string) {
    const judge = await addJudge(h.ctx, asActor(admin), { name: `${endpoint} judge`, endpoint });
    const run = await createJudgeRun(h.ctx, asActor(manager), projectId, { judge: judge.id });
    return runJudgeRun(h.ctx, run.runId);
  }

  it('stores per-criterion verdicts with quoted evidence that validate as a grading', async () => {
    const { projectId, taskId, payload } = await gradingProject('judged');
    const progress = await judgeRun(projectId, 'grader');
    expect(progress).toMatchObject({ state: 'done', judged: 1, failed: 0 });
    const rows = await h.store.db.selectFrom('annotations').select('response').where('task_id', '=', taskId).execute();
    expect(rows).toHaveLength(1);
    const grading = RubricResponse.parse(JSON.parse(rows[0].response));
    expect(rubricResponseIssues(payload, grading)).toEqual([]);
    expect(grading).toEqual({
      stage: 'grade',
      grades: [
        {
          response: 'a',
          verdicts: [
            { criterion: 'c1', met: true, evidence: 'Avoid ibuprofen' },
            { criterion: 'c2', met: true, evidence: 'Avoid ibuprofen' },
          ],
        },
        {
          response: 'b',
          verdicts: [
            { criterion: 'c1', met: false, evidence: 'Yes, ibuprofen ' },
            { criterion: 'c2', met: false, evidence: 'Yes, ibuprofen ' },
          ],
        },
      ],
    });
    const verdicts = await h.store.db
      .selectFrom('judge_verdicts')
      .select(['status', 'calls', 'error'])
      .where('task_id', '=', taskId)
      .execute();
    expect(verdicts).toEqual([{ status: 'ok', calls: 1, error: null }]);
  });

  it('asks again after a reply whose evidence is not a quote, then records the verdict as failed and gives the task back', async () => {
    const { projectId, taskId } = await gradingProject('misquoted');
    const before = standIn.requests.length;
    const progress = await judgeRun(projectId, 'misquoter');
    expect(progress).toMatchObject({ state: 'done', judged: 0, failed: 1 });
    expect(standIn.requests.length - before).toBe(2);
    const verdicts = await h.store.db
      .selectFrom('judge_verdicts')
      .select(['status', 'calls', 'error'])
      .where('task_id', '=', taskId)
      .execute();
    expect(verdicts).toEqual([{ status: 'failed', calls: 2, error: expect.stringContaining('must be a quote from the response') }]);
    expect(await h.store.db.selectFrom('annotations').select('id').where('task_id', '=', taskId).execute()).toEqual([]);
    const task = await h.store.db
      .selectFrom('tasks')
      .select(['submitted_count', 'active_leases'])
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ submitted_count: 0, active_leases: 0 });
  });
});
