/**
 * Every route × every role (and anonymous) → the expected status. The route list comes from the
 * app's own route table, so adding a route without adding its row here fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import {
  createExam,
  createProject,
  grantCertification,
  importTasks,
  nextAssignment,
  startAttempt,
  submitAnnotation,
} from '../../../src/services/index.js';
import { openReview } from '../../../src/store/repositories/reviews.js';
import { createApiToken } from '../../../src/services/auth/index.js';
import { addModelEndpoint } from '../../../src/services/models/index.js';
import { createGenerationJob } from '../../../src/services/models/generation.js';
import { addJudge } from '../../../src/services/judges/admin.js';
import { createJudgeRun } from '../../../src/services/judges/runner.js';
import { askLive } from '../../../src/services/live/ask.js';
import { createLiveSession } from '../../../src/services/live/sessions.js';
import { setLiveSettings } from '../../../src/services/live/settings.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';
import { randomBytes } from 'node:crypto';
import { createWebhookEndpoint } from '../../../src/services/webhooks/endpoints.js';
import { enqueueEvent } from '../../../src/store/repositories/webhookOutbox.js';

const WHO = ['anonymous', 'tutor', 'reviewer', 'manager', 'admin'] as const;
type Who = (typeof WHO)[number];
type Role = Exclude<Who, 'anonymous'>;

interface Req {
  method: string;
  url: string;
  payload?: string | object;
  headers?: Record<string, string>;
  /** Use this session instead of the caller's usual one (for sign-out). */
  cookie?: string;
}

interface World {
  h: Harness;
  people: Record<Role, Person>;
  other: Person;
  cookies: Record<Role, string>;
  projectId: number;
  n: number;
  modelBaseUrl: string;
  liveProjectId?: number;
}

/** [route key, request for a caller, expected status per caller]. */
type Row = [string, (w: World, who: Who) => Promise<Req> | Req, Record<Who, number>];

const all = (s: number): Record<Who, number> => ({ anonymous: s, tutor: s, reviewer: s, manager: s, admin: s });
const signedIn = (s: number) => ({ ...all(s), anonymous: 401 });
const managerPlus = (s: number) => ({ anonymous: 401, tutor: 403, reviewer: 403, manager: s, admin: s });
/** Live sessions: the tutor (owner) and the reviewer (admitted, not the owner) by status; managers and admins are refused. */
const tutorsOnly = (tutor: number, reviewer: number): Record<Who, number> => ({
  anonymous: 401,
  tutor,
  reviewer,
  manager: 403,
  admin: 403,
});
const adminOnly = (s: number) => ({ anonymous: 401, tutor: 403, reviewer: 403, manager: 403, admin: s });
const uniq = (w: World) => ++w.n;
const taskLine = (id: string) => JSON.stringify({ id, type: 'label', domain: 'medicine', text: `item ${id}` });

/** The id of the fixture project's first task. */
async function firstTask(w: World): Promise<number> {
  const row = await w.h.store.db
    .selectFrom('tasks')
    .select('id')
    .where('project_id', '=', w.projectId)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A fresh domain with a one-question exam bank and its active exam (one active exam per domain). */
async function anExam(w: World): Promise<number> {
  const domain = `exam${uniq(w)}`;
  const manager = asActor(w.people.manager);
  const bank = await createProject(w.h.ctx, manager, { name: `Bank ${domain}`, type: 'preference', domains: [domain], purpose: 'exam' });
  const q = {
    id: 'q1',
    type: 'preference',
    domain,
    prompt: 'p',
    responses: [
      { id: 'a', text: 'x' },
      { id: 'b', text: 'y' },
    ],
    gold: { choice: 'a' },
  };
  await importTasks(w.h.ctx, manager, bank.id, [JSON.stringify(q)]);
  return (await createExam(w.h.ctx, manager, { domain, name: 'Exam', questionCount: 1, passMark: 0.5, cooldownHours: 1 })).id;
}

/** A webhook endpoint (global, to a closed port: nothing here delivers). */
async function aWebhook(w: World): Promise<number> {
  const made = await createWebhookEndpoint(w.h.ctx, asActor(w.people.admin), {
    url: 'http://127.0.0.1:9/hook',
    events: ['task.completed'],
  });
  return made.endpoint.id;
}

/** A practice bank in `practice` (created once). */
async function practiceBank(w: World): Promise<void> {
  if (await w.h.store.db.selectFrom('projects').select('id').where('name', '=', 'Practice bank').executeTakeFirst()) return;
  const bank = await createProject(w.h.ctx, asActor(w.people.manager), {
    name: 'Practice bank',
    type: 'label',
    domains: ['practice'],
    labels: ['yes', 'no'],
    purpose: 'practice',
  });
  await importTasks(w.h.ctx, asActor(w.people.manager), bank.id, [
    JSON.stringify({ id: 'p1', type: 'label', domain: 'practice', text: 'x', gold: { labels: ['yes'] } }),
  ]);
}

const ROWS: Row[] = [
  [
    'POST /api/session',
    // Signing in ends the browser's current session, so callers sign in over a throwaway one.
    async (w, who) => ({
      method: 'POST',
      url: '/api/session',
      payload: { email: w.other.user.email, password: w.other.password },
      cookie: who === 'anonymous' ? undefined : await signIn(w.h, w.people[who]),
    }),
    all(200),
  ],
  [
    'DELETE /api/session',
    async (w, who) => ({
      method: 'DELETE',
      url: '/api/session',
      cookie: who === 'anonymous' ? undefined : await signIn(w.h, w.people[who]),
    }),
    signedIn(204),
  ],
  ['GET /api/me', () => ({ method: 'GET', url: '/api/me' }), signedIn(200)],
  ['POST /api/tokens', () => ({ method: 'POST', url: '/api/tokens', payload: { name: 'script' } }), signedIn(201)],
  ['GET /api/tokens', () => ({ method: 'GET', url: '/api/tokens' }), signedIn(200)],
  [
    'DELETE /api/tokens/:id',
    async (w, who) => {
      const owner = who === 'anonymous' ? w.other : w.people[who];
      const { record } = await createApiToken(w.h.ctx, asActor(owner), 'to revoke');
      return { method: 'DELETE', url: `/api/tokens/${record.id}` };
    },
    signedIn(204),
  ],
  ['GET /api/users', () => ({ method: 'GET', url: '/api/users' }), managerPlus(200)],
  [
    'POST /api/users',
    (w) => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        email: `new${uniq(w)}@example.org`,
        name: 'New',
        role: 'tutor',
        tier: 'generalist',
        domains: [],
        password: 'long enough pw',
      },
    }),
    adminOnly(201),
  ],
  [
    'PATCH /api/users/:id',
    (w) => ({ method: 'PATCH', url: `/api/users/${w.other.user.id}`, payload: { name: `Renamed ${uniq(w)}` } }),
    adminOnly(200),
  ],
  [
    'POST /api/users/:id/password',
    (w) => ({ method: 'POST', url: `/api/users/${w.other.user.id}/password`, payload: { password: `a new long password ${uniq(w)}` } }),
    adminOnly(204),
  ],
  [
    'POST /api/users/:id/certifications',
    (w) => ({ method: 'POST', url: `/api/users/${w.other.user.id}/certifications`, payload: { domain: `area${uniq(w)}`, level: 2 } }),
    managerPlus(201),
  ],
  [
    'DELETE /api/users/:id/certifications/:domain',
    async (w) => {
      const domain = `gone${uniq(w)}`;
      await grantCertification(w.h.ctx, asActor(w.people.admin), w.other.user.id, { domain });
      return { method: 'DELETE', url: `/api/users/${w.other.user.id}/certifications/${domain}`, payload: { reason: 'test' } };
    },
    managerPlus(204),
  ],
  ['GET /api/projects', () => ({ method: 'GET', url: '/api/projects' }), signedIn(200)],
  [
    'POST /api/projects',
    (w) => ({ method: 'POST', url: '/api/projects', payload: { name: `Project ${uniq(w)}`, type: 'demonstration', domains: ['code'] } }),
    managerPlus(201),
  ],
  ['GET /api/projects/:id', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}` }), signedIn(200)],
  [
    'PATCH /api/projects/:id',
    (w) => ({ method: 'PATCH', url: `/api/projects/${w.projectId}`, payload: { instructions: `v${uniq(w)}` } }),
    managerPlus(200),
  ],
  ['GET /api/projects/:id/stats', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/stats` }), managerPlus(200)],
  ['GET /api/projects/:id/quality', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/quality` }), managerPlus(200)],
  ['GET /api/projects/:id/economics', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/economics` }), managerPlus(200)],
  [
    'POST /api/projects/:id/tasks',
    (w) => ({
      method: 'POST',
      url: `/api/projects/${w.projectId}/tasks`,
      headers: { 'content-type': 'application/x-ndjson' },
      payload: `${taskLine(`extra-${uniq(w)}`)}\n`,
    }),
    managerPlus(200),
  ],
  ['GET /api/projects/:id/tasks', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/tasks?limit=5` }), managerPlus(200)],
  ['POST /api/projects/:id/next', (w) => ({ method: 'POST', url: `/api/projects/${w.projectId}/next` }), signedIn(200)],
  [
    'POST /api/assignments/:id/submit',
    async (w) => {
      const lease = await nextAssignment(w.h.ctx, asActor(w.people.tutor), w.projectId);
      return {
        method: 'POST',
        url: `/api/assignments/${lease!.assignment.id}/submit`,
        payload: { response: { labels: ['yes'] }, durationMs: 1200 },
      };
    },
    // The lease is the tutor's: anyone else, whatever their role, is refused.
    { anonymous: 401, tutor: 201, reviewer: 403, manager: 403, admin: 403 },
  ],
  [
    'POST /api/assignments/:id/submit-and-next',
    async (w) => {
      const lease = await nextAssignment(w.h.ctx, asActor(w.people.tutor), w.projectId);
      return {
        method: 'POST',
        url: `/api/assignments/${lease!.assignment.id}/submit-and-next`,
        payload: { response: { labels: ['yes'] }, durationMs: 1200 },
      };
    },
    // As submit: the lease is the tutor's, anyone else is refused.
    { anonymous: 401, tutor: 201, reviewer: 403, manager: 403, admin: 403 },
  ],
  [
    'POST /api/assignments/:id/skip',
    async (w) => {
      const lease = await nextAssignment(w.h.ctx, asActor(w.people.tutor), w.projectId);
      return { method: 'POST', url: `/api/assignments/${lease!.assignment.id}/skip` };
    },
    { anonymous: 401, tutor: 204, reviewer: 403, manager: 403, admin: 403 },
  ],
  [
    'GET /api/projects/:id/export',
    (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/export?format=annotations` }),
    managerPlus(200),
  ],
  [
    'GET /api/projects/:id/export/summary',
    (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/export/summary?format=annotations` }),
    managerPlus(200),
  ],
  ['GET /api/projects/:id/task-list', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/task-list?limit=5` }), managerPlus(200)],
  // Below manager a task does not exist (404, not 403): its page must not confirm an id.
  [
    'GET /api/projects/:id/task-count',
    (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/task-count?state=not_started` }),
    managerPlus(200),
  ],
  [
    'POST /api/projects/:id/task-actions',
    async (w) => ({
      method: 'POST',
      url: `/api/projects/${w.projectId}/task-actions`,
      payload: { action: 'raise_priority', taskIds: [await firstTask(w)] },
    }),
    managerPlus(200),
  ],
  [
    'GET /api/tasks/:id',
    async (w) => ({ method: 'GET', url: `/api/tasks/${await firstTask(w)}` }),
    { anonymous: 401, tutor: 404, reviewer: 404, manager: 200, admin: 200 },
  ],
  ['GET /api/audit', () => ({ method: 'GET', url: '/api/audit?limit=10' }), adminOnly(200)],
  ['GET /api/openapi.json', () => ({ method: 'GET', url: '/api/openapi.json' }), all(200)],
  // Issue 5: certification, exams and practice.
  ['GET /api/exams', () => ({ method: 'GET', url: '/api/exams' }), managerPlus(200)],
  [
    'POST /api/exams',
    async (w) => {
      const id = await anExam(w);
      // The domain's exam exists and is active: retire it so a new one may be created there.
      const exam = await w.h.store.db
        .updateTable('exams')
        .set({ active: 0 })
        .where('id', '=', id)
        .returning('domain')
        .executeTakeFirstOrThrow();
      return {
        method: 'POST',
        url: '/api/exams',
        payload: { domain: exam.domain, name: 'New', questionCount: 1, passMark: 0.5, cooldownHours: 1 },
      };
    },
    managerPlus(201),
  ],
  [
    'POST /api/exam-banks',
    async (w) => ({
      method: 'POST',
      url: '/api/exam-banks',
      payload: {
        domain: `bank${uniq(w)}`,
        type: 'preference',
        format: 'jsonl',
        fileName: 'bank.jsonl',
        text: '{"id":"q1","prompt":"2+2?","responses":[{"id":"a","text":"4"},{"id":"b","text":"5"}],"gold":{"choice":"a","explanation":"Arithmetic."}}',
        dryRun: true,
      },
    }),
    managerPlus(200),
  ],
  [
    'PATCH /api/exams/:id',
    async (w) => ({ method: 'PATCH', url: `/api/exams/${await anExam(w)}`, payload: { name: `v${uniq(w)}` } }),
    managerPlus(200),
  ],
  ['GET /api/exams/:id/attempts', async (w) => ({ method: 'GET', url: `/api/exams/${await anExam(w)}/attempts` }), managerPlus(200)],
  ['POST /api/exams/:id/attempts', async (w) => ({ method: 'POST', url: `/api/exams/${await anExam(w)}/attempts` }), signedIn(201)],
  [
    'POST /api/exam-attempts/:id/submit',
    async (w) => {
      const { start } = await startAttempt(w.h.ctx, asActor(w.people.tutor), await anExam(w));
      return { method: 'POST', url: `/api/exam-attempts/${start.attempt.id}/submit`, payload: { answers: [{ choice: 'a' }] } };
    },
    // The attempt is the tutor's: anyone else, whatever their role, is refused.
    { anonymous: 401, tutor: 200, reviewer: 403, manager: 403, admin: 403 },
  ],
  ['GET /api/certifications/events', () => ({ method: 'GET', url: '/api/certifications/events?days=30' }), managerPlus(200)],
  ['GET /api/practice', () => ({ method: 'GET', url: '/api/practice' }), signedIn(200)],
  [
    'POST /api/practice/:domain/next',
    async (w) => (await practiceBank(w), { method: 'POST', url: '/api/practice/practice/next' }),
    signedIn(200),
  ],
  [
    'POST /api/practice/answers',
    async (w) => {
      await practiceBank(w);
      const task = await w.h.store.db
        .selectFrom('tasks')
        .select('id')
        .where('external_id', '=', 'p1')
        .where('domain', '=', 'practice')
        .executeTakeFirstOrThrow();
      return { method: 'POST', url: '/api/practice/answers', payload: { taskId: task.id, response: { labels: ['no'] } } };
    },
    signedIn(201),
  ],
  ['GET /api/me/quality', () => ({ method: 'GET', url: '/api/me/quality' }), signedIn(200)],
  ['GET /api/me/notifications', () => ({ method: 'GET', url: '/api/me/notifications' }), signedIn(200)],
  ['GET /api/me/submissions', () => ({ method: 'GET', url: '/api/me/submissions' }), signedIn(200)],
  ['GET /api/me/progress', () => ({ method: 'GET', url: '/api/me/progress' }), signedIn(200)],
  [
    'POST /api/me/notifications/read',
    () => ({ method: 'POST', url: '/api/me/notifications/read', payload: { upToId: 1000 } }),
    signedIn(200),
  ],
  // Issue 5: review and adjudication.
  [
    'POST /api/assignments/:id/flag',
    async (w) => {
      const lease = await nextAssignment(w.h.ctx, asActor(w.people.tutor), w.projectId);
      return { method: 'POST', url: `/api/assignments/${lease!.assignment.id}/flag`, payload: { note: 'the item is unclear' } };
    },
    { anonymous: 401, tutor: 201, reviewer: 403, manager: 403, admin: 403 },
  ],
  [
    'GET /api/reviews',
    () => ({ method: 'GET', url: '/api/reviews' }),
    { anonymous: 401, tutor: 403, reviewer: 200, manager: 200, admin: 200 },
  ],
  [
    'POST /api/reviews/:id/verdict',
    async (w) => {
      const task = await w.h.store.db
        .selectFrom('tasks')
        .select('id')
        .where('project_id', '=', w.projectId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const { id } = await openReview(w.h.store.db, {
        projectId: w.projectId,
        taskId: task.id,
        domain: 'medicine',
        reason: 'flagged',
        flaggedBy: w.other.user.id,
        note: 'check',
        at: Date.now(),
      });
      return { method: 'POST', url: `/api/reviews/${id}/verdict`, payload: { verdict: { labels: ['yes'] } } };
    }, // the fixture's reviewer holds no medicine certification
    { anonymous: 401, tutor: 403, reviewer: 403, manager: 200, admin: 200 },
  ],
  ['GET /api/me/feedback', () => ({ method: 'GET', url: '/api/me/feedback' }), signedIn(200)],
  [
    'GET /api/projects/:id/reviews/summary',
    (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/reviews/summary` }),
    { anonymous: 401, tutor: 403, reviewer: 200, manager: 200, admin: 200 },
  ],
  // Issue 5: consensus and reliability.
  [
    'POST /api/projects/:id/consensus/recompute',
    (w) => ({ method: 'POST', url: `/api/projects/${w.projectId}/consensus/recompute` }),
    managerPlus(200),
  ],
  ['GET /api/projects/:id/consensus', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/consensus` }), managerPlus(200)],
  ['GET /api/projects/:id/reliability', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/reliability` }), managerPlus(200)],
  // Issue 13: model endpoints (admin only), tested against the stand-in server.
  ['POST /api/models', (w) => ({ method: 'POST', url: '/api/models', payload: modelInput(w, `m${uniq(w)}`) }), adminOnly(201)],
  ['GET /api/models', () => ({ method: 'GET', url: '/api/models' }), adminOnly(200)],
  ['POST /api/models/:id/test', async (w) => ({ method: 'POST', url: `/api/models/${await anEndpoint(w)}/test` }), adminOnly(200)],
  ['DELETE /api/models/:id', async (w) => ({ method: 'DELETE', url: `/api/models/${await anEndpoint(w)}` }), adminOnly(204)],
  ['GET /api/projects/:id/model-budget', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/model-budget` }), adminOnly(200)],
  [
    'PUT /api/projects/:id/model-budget',
    (w) => ({ method: 'PUT', url: `/api/projects/${w.projectId}/model-budget`, payload: { limitUsd: 5 } }),
    adminOnly(200),
  ],
  // Issue 13: AI judges (admin), judge runs, tier measures and generation jobs (manager).
  [
    'POST /api/judges',
    async (w) => ({ method: 'POST', url: '/api/judges', payload: { name: `judge ${uniq(w)}`, endpoint: await anEndpoint(w) } }),
    adminOnly(201),
  ],
  ['GET /api/judges', () => ({ method: 'GET', url: '/api/judges' }), adminOnly(200)],
  [
    'PUT /api/judges/:id/prompt',
    async (w) => ({ method: 'PUT', url: `/api/judges/${await aJudge(w)}/prompt`, payload: { taskType: 'label', template: 'Label it.' } }),
    adminOnly(200),
  ],
  [
    'POST /api/projects/:id/judge-runs',
    async (w) => ({ method: 'POST', url: `/api/projects/${w.projectId}/judge-runs`, payload: { judge: await aJudge(w), maxItems: 1 } }),
    managerPlus(202),
  ],
  ['GET /api/projects/:id/judge-runs', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/judge-runs` }), managerPlus(200)],
  ['GET /api/judge-runs/:id', async (w) => ({ method: 'GET', url: `/api/judge-runs/${await aJudgeRun(w)}` }), managerPlus(200)],
  [
    'POST /api/judge-runs/:id/cancel',
    async (w) => ({ method: 'POST', url: `/api/judge-runs/${await aJudgeRun(w)}/cancel` }),
    managerPlus(200),
  ],
  ['GET /api/projects/:id/tier-measures', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/tier-measures` }), managerPlus(200)],
  [
    'POST /api/projects/:id/generation-jobs',
    async (w) => {
      const project = await aPreferenceProject(w);
      const models = [await anEndpointName(w), await anEndpointName(w)];
      return {
        method: 'POST',
        url: `/api/projects/${project}/generation-jobs`,
        payload: { prompts: '{"id":"p1","prompt":"hi","domain":"medicine"}', models },
      };
    },
    managerPlus(202),
  ],
  [
    'GET /api/projects/:id/generation-jobs',
    (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/generation-jobs` }),
    managerPlus(200),
  ],
  [
    'GET /api/generation-jobs/:id',
    async (w) => ({ method: 'GET', url: `/api/generation-jobs/${await aGenerationJob(w)}` }),
    managerPlus(200),
  ],
  [
    'POST /api/generation-jobs/:id/cancel',
    async (w) => ({ method: 'POST', url: `/api/generation-jobs/${await aGenerationJob(w)}/cancel` }),
    managerPlus(200),
  ],
  // Issue 18: live conversations with models (settings: manager; sessions: the admitted tutor's own).
  [
    'GET /api/projects/:id/live-settings',
    async (w) => ({ method: 'GET', url: `/api/projects/${await aLiveProject(w)}/live-settings` }),
    managerPlus(200),
  ],
  [
    'PUT /api/projects/:id/live-settings',
    async (w) => ({
      method: 'PUT',
      url: `/api/projects/${await aLiveProject(w)}/live-settings`,
      payload: { endpoints: [await anEndpointName(w)], samples: 2 },
    }),
    managerPlus(200),
  ],
  [
    'POST /api/projects/:id/live-sessions',
    async (w) => ({ method: 'POST', url: `/api/projects/${await aLiveProject(w)}/live-sessions`, payload: {} }),
    tutorsOnly(201, 201),
  ],
  [
    'GET /api/projects/:id/live-sessions',
    async (w) => ({ method: 'GET', url: `/api/projects/${await aLiveProject(w)}/live-sessions` }),
    tutorsOnly(200, 200),
  ],
  ['GET /api/projects/:id/live-sessions/:sessionId', async (w) => ({ method: 'GET', url: await aLiveSession(w) }), tutorsOnly(200, 404)],
  [
    'POST /api/projects/:id/live-sessions/:sessionId/ask',
    async (w) => ({ method: 'POST', url: `${await aLiveSession(w)}/ask`, payload: { turn: 0, content: 'hello' } }),
    tutorsOnly(200, 404),
  ],
  [
    'POST /api/projects/:id/live-sessions/:sessionId/choose',
    async (w) => {
      const { url, order } = await anAskedLiveSession(w);
      return { method: 'POST', url: `${url}/choose`, payload: { turn: 1, order } };
    },
    tutorsOnly(200, 404),
  ],
  [
    'POST /api/projects/:id/live-sessions/:sessionId/finish',
    async (w) => {
      const { url, order } = await anAskedLiveSession(w);
      await w.h.app.inject({ method: 'POST', url: `${url}/choose`, payload: { turn: 1, order }, cookies: { tl_session: w.cookies.tutor } });
      return { method: 'POST', url: `${url}/finish` };
    },
    tutorsOnly(200, 404),
  ],
  // Issue 18: rubric versions and their revision (manager).
  [
    'GET /api/projects/:id/rubrics',
    async (w) => ({ method: 'GET', url: `/api/projects/${(await anApprovedRubric(w)).projectId}/rubrics` }),
    managerPlus(200),
  ],
  [
    'POST /api/projects/:id/rubric-revisions',
    async (w) => {
      const { projectId, item } = await anApprovedRubric(w);
      return { method: 'POST', url: `/api/projects/${projectId}/rubric-revisions`, payload: { item, reason: 'tighten c1' } };
    },
    managerPlus(201),
  ],
  // Issue 19: webhooks and single sign-on.
  ['GET /api/webhooks', () => ({ method: 'GET', url: '/api/webhooks' }), adminOnly(200)],
  [
    'POST /api/webhooks',
    () => ({ method: 'POST', url: '/api/webhooks', payload: { url: 'http://127.0.0.1:9/hook', events: ['annotation.submitted'] } }),
    adminOnly(201),
  ],
  [
    'PATCH /api/webhooks/:id',
    async (w) => ({ method: 'PATCH', url: `/api/webhooks/${await aWebhook(w)}`, payload: { enabled: false } }),
    adminOnly(200),
  ],
  ['DELETE /api/webhooks/:id', async (w) => ({ method: 'DELETE', url: `/api/webhooks/${await aWebhook(w)}` }), adminOnly(204)],
  ['POST /api/webhooks/:id/secret', async (w) => ({ method: 'POST', url: `/api/webhooks/${await aWebhook(w)}/secret` }), adminOnly(200)],
  [
    'GET /api/webhooks/:id/deliveries',
    async (w) => ({ method: 'GET', url: `/api/webhooks/${await aWebhook(w)}/deliveries` }),
    adminOnly(200),
  ],
  [
    'POST /api/webhook-deliveries/:id/redeliver',
    async (w) => {
      const endpoint = await aWebhook(w);
      await enqueueEvent(w.h.store.db, 'task.completed', w.projectId, { taskId: 1 }, Date.now());
      const row = await w.h.store.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('endpoint_id', '=', endpoint)
        .executeTakeFirstOrThrow();
      return { method: 'POST', url: `/api/webhook-deliveries/${row.id}/redeliver` };
    },
    adminOnly(202),
  ],
  ['GET /api/sso', () => ({ method: 'GET', url: '/api/sso' }), all(200)],
  ['GET /api/sso/config', () => ({ method: 'GET', url: '/api/sso/config' }), adminOnly(200)],
  [
    'PUT /api/sso/config',
    () => ({
      method: 'PUT',
      url: '/api/sso/config',
      payload: { enabled: false, issuer: 'https://idp.example.org', clientId: 'tutorloop' },
    }),
    adminOnly(200),
  ],
  // SSO is off here: both answer with a redirect to the sign-in page and the reason.
  ['GET /api/sso/start', () => ({ method: 'GET', url: '/api/sso/start' }), all(302)],
  ['GET /api/sso/callback', () => ({ method: 'GET', url: '/api/sso/callback?code=x&state=y' }), all(302)],
  [
    'POST /api/sso/logout',
    async (w, who) => ({
      method: 'POST',
      url: '/api/sso/logout',
      cookie: who === 'anonymous' ? undefined : await signIn(w.h, w.people[who]),
    }),
    signedIn(200),
  ],
];

/** The stand-in model server (test infrastructure), started on first use. */
let standIn: StandIn | undefined;
afterAll(() => standIn?.close());
process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');

function modelInput(w: World, name: string) {
  return { name, baseUrl: w.modelBaseUrl, model: 'stand-in', apiKey: 'sk-route-roles', priceInputPerMillion: 1, priceOutputPerMillion: 2 };
}

/** A fresh model endpoint on the stand-in; its id. */
async function anEndpoint(w: World): Promise<number> {
  return (await addModelEndpoint(w.h.ctx, asActor(w.people.admin), modelInput(w, `e${uniq(w)}`))).id;
}

/** A fresh AI judge on a fresh endpoint; its user id. */
async function aJudge(w: World): Promise<number> {
  return (await addJudge(w.h.ctx, asActor(w.people.admin), { name: `judge ${uniq(w)}`, endpoint: await anEndpoint(w) })).id;
}

/** A judge run on the world's project, not started; its id. */
async function aJudgeRun(w: World): Promise<number> {
  return (await createJudgeRun(w.h.ctx, asActor(w.people.manager), w.projectId, { judge: await aJudge(w) })).runId;
}

async function anEndpointName(w: World): Promise<string> {
  const name = `g${uniq(w)}`;
  await addModelEndpoint(w.h.ctx, asActor(w.people.admin), modelInput(w, name));
  return name;
}

async function aPreferenceProject(w: World): Promise<number> {
  return (await createProject(w.h.ctx, asActor(w.people.manager), { name: `pairs ${uniq(w)}`, type: 'preference', domains: ['medicine'] }))
    .id;
}

/** A generation job on a fresh preference project, not started; its id. */
async function aGenerationJob(w: World): Promise<number> {
  const prompts = [{ id: 'p1', prompt: 'hi', domain: 'medicine' }];
  const models = [await anEndpointName(w), await anEndpointName(w)];
  return createGenerationJob(w.h.ctx, asActor(w.people.manager), await aPreferenceProject(w), prompts, { models });
}

/** A rubric authoring project whose one item has an approved version 1 (authored by the tutor, approved by the reviewer). */
async function anApprovedRubric(w: World): Promise<{ projectId: number; item: string }> {
  const item = `r${uniq(w)}`;
  const project = await createProject(w.h.ctx, asActor(w.people.manager), {
    name: `rubrics ${item}`,
    type: 'rubric',
    domains: ['medicine'],
    overlap: 1,
  });
  const line = { id: item, type: 'rubric', domain: 'medicine', stage: 'author', prompt: 'p', responses: [{ id: 'a', text: 'x' }] };
  await importTasks(w.h.ctx, asActor(w.people.manager), project.id, [JSON.stringify(line)]);
  const steps: [Person, object][] = [
    [w.people.tutor, { stage: 'author', criteria: [{ text: 'says x', weight: 2 }] }],
    [w.people.reviewer, { stage: 'review', decision: 'approve' }],
  ];
  for (const [who, response] of steps) {
    const lease = await nextAssignment(w.h.ctx, asActor(who), project.id);
    await submitAnnotation(w.h.ctx, asActor(who), lease!.assignment.id, { response, durationMs: 1000 });
  }
  return { projectId: project.id, item };
}

/** A conversation project with live settings (one endpoint, two samples), made once; its id. */
async function aLiveProject(w: World): Promise<number> {
  if (w.liveProjectId !== undefined) return w.liveProjectId;
  const project = await createProject(w.h.ctx, asActor(w.people.manager), {
    name: 'Live chat',
    type: 'conversation',
    domains: ['medicine'],
    rubric: [{ name: 'helpful', scale: 5 }],
  });
  await setLiveSettings(w.h.ctx, asActor(w.people.manager), project.id, { endpoints: [await anEndpointName(w)], samples: 2 });
  w.liveProjectId = project.id;
  return project.id;
}

/** A fresh live session of the world's tutor; its URL. */
async function aLiveSession(w: World): Promise<string> {
  const projectId = await aLiveProject(w);
  const session = await createLiveSession(w.h.ctx, asActor(w.people.tutor), projectId);
  return `/api/projects/${projectId}/live-sessions/${session.id}`;
}

/** A tutor's live session whose first turn was asked; its URL and the replies' ids. */
async function anAskedLiveSession(w: World): Promise<{ url: string; order: string[] }> {
  const projectId = await aLiveProject(w);
  const session = await createLiveSession(w.h.ctx, asActor(w.people.tutor), projectId);
  const asked = await askLive(w.h.ctx, asActor(w.people.tutor), projectId, session.id, { turn: 0, content: 'hello' });
  return { url: `/api/projects/${projectId}/live-sessions/${session.id}`, order: asked.asking!.replies.map((r) => r.id) };
}

describe.each(testDatabases())('every route × every role on $name', ({ freshUrl }) => {
  const w = {} as World;

  beforeAll(async () => {
    w.h = await harness(await freshUrl());
    w.n = 0;
    w.people = {
      tutor: await addUser(w.h, { email: 'tutor@example.org', role: 'tutor', tier: 'specialist', domains: ['medicine'] }),
      reviewer: await addUser(w.h, { email: 'reviewer@example.org', role: 'reviewer', tier: 'specialist', domains: ['medicine'] }),
      manager: await addUser(w.h, { email: 'manager@example.org', role: 'manager' }),
      admin: await addUser(w.h, { email: 'admin@example.org', role: 'admin' }),
    };
    w.other = await addUser(w.h, { email: 'other@example.org', role: 'tutor' });
    w.cookies = {} as Record<Role, string>;
    for (const r of ['tutor', 'reviewer', 'manager', 'admin'] as Role[]) w.cookies[r] = await signIn(w.h, w.people[r]);
    const project = await createProject(w.h.ctx, asActor(w.people.manager), {
      name: 'Triage labels',
      type: 'label',
      domains: ['medicine'],
      labels: ['yes', 'no'],
      overlap: 10,
    });
    w.projectId = project.id;
    standIn ??= await startOpenAiStandIn({ apiKey: 'sk-route-roles' });
    w.modelBaseUrl = standIn.baseUrl;
    const lines = Array.from({ length: 40 }, (_, i) => taskLine(`t${i}`)).join('\n');
    await importTasks(w.h.ctx, asActor(w.people.manager), project.id, [lines], { fileName: 'fixture.jsonl' });
  });
  afterAll(() => w.h.close());

  it('has an expectation for every route in the app, and no stale ones', () => {
    const api = w.h.app.routeTable.filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`);
    const listed = ROWS.map((r) => r[0]);
    expect([...api].sort()).toEqual([...listed].sort());
  });

  for (const [key, build, expected] of ROWS) {
    it.each(WHO.map((who) => [who, expected[who]] as const))(`${key} as %s → %i`, async (who, status) => {
      const req = await build(w, who);
      const cookie = req.cookie ?? (who === 'anonymous' ? undefined : w.cookies[who]);
      const res = await w.h.app.inject({
        method: req.method as 'GET',
        url: req.url,
        payload: req.payload,
        headers: req.headers,
        cookies: cookie ? { tl_session: cookie } : {},
      });
      expect(res.statusCode, `${key} as ${who}: ${res.body.slice(0, 300)}`).toBe(status);
      if (status >= 400) expect(res.json().error.code).toMatch(/^[a-z_]+$/);
    });
  }
});
