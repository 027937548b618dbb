/**
 * #12, played as the attacker: review feedback must not separate gold from real work afterwards. Two
 * tutors work a project that sends disagreements to review (overlap 2, so every task, gold or real, is
 * judged by both); a manager then decides every open review. One tutor collects every
 * feedback item (`/api/me/feedback`) and every notice (`/api/me/notifications`), and knows which of their
 * tasks were gold only because the test tells it. Gold must bring feedback by the same rule as real work:
 * - the same fields and types, in feedback and in notices, and a notice for every feedback item;
 * - the same rule: feedback on exactly the tasks, gold or real, whose two answers differed;
 * - the same rate: feedback items per answered task, gold against real, within 0.25 (24 tasks of each on
 *   a fixed seed, each split with a chance of 0.42: the rates' spread is ~0.14);
 * - the same timing rule: every verdict a tutor hears of came after their own answer.
 * Before gold went to review and brought feedback, the gold rate was 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { preferenceLine } from '../../support/fixtures.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { decideReview } from '../../../src/services/reviews/decideReview.js';
import type { Actor } from '../../../src/services/context.js';

const TASKS_OF_EACH_KIND = 24;
/** The chance a tutor answers against the task's right answer: about 4 tasks in 10 come out split. */
const WRONG = 0.3;
const TUTORS = 2;

/** A number in [0, 1) from a string: the same for a tutor and task on every run and database. */
function draw(key: string): number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** Leaf paths and types of a JSON value. */
function shape(value: unknown, path = ''): string[] {
  if (value !== null && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => shape(v, `${path}.${k}`));
  return [`${path}:${value === null ? 'null' : typeof value}`];
}
const shapeOf = (value: unknown) => shape(value).sort().join(' ');

interface Notice {
  id: number;
  kind: string;
  message: string;
  detail: { reviewId: number; taskId: string };
  createdAt: string;
  read: boolean;
}

interface Worked {
  gold: boolean;
  submittedAt: number;
  /** The two tutors answered it differently: the project's rule sends such a task to review. */
  split: boolean;
}

describe.each(testDatabases())('review feedback does not tell gold from real work on $name', ({ freshUrl }) => {
  let h: Harness;
  let manager: Actor;
  let projectId: number;
  const cookies: string[] = [];
  /** The attacker's (tutor 0's) tasks by the id tutors see. */
  const mine = new Map<string, Worked>();
  /** The right answer of each task by its external id (gold: its gold). */
  const truth = new Map<string, 'a' | 'b'>();

  beforeAll(async () => {
    h = await harness(await freshUrl());
    await h.store.db.updateTable('settings').set({ value: 'gold-feedback-test' }).where('key', '=', 'secret').execute();
    manager = asActor(await addUser(h, { email: 'manager@example.org', role: 'manager' }));
    for (let i = 0; i < TUTORS; i++) cookies.push(await signIn(h, await addUser(h, { email: `tutor${i}@example.org`, role: 'tutor' })));
    const p = await createProject(h.ctx, manager, {
      name: 'mixed',
      type: 'preference',
      domains: ['general'],
      overlap: TUTORS,
      goldRate: 0.5,
      // Review on disagreement only (confidence is never below 0): a rule that does not hang on estimated reliabilities.
      quality: { reviewBelowConfidence: 0 },
    });
    projectId = p.id;
    const lines: string[] = [];
    for (let i = 0; i < TASKS_OF_EACH_KIND; i++) {
      const answer = i % 2 ? 'a' : 'b';
      // Ids (and so prompts) that do not say which is which.
      truth.set(`t-${2 * i}`, answer);
      truth.set(`t-${2 * i + 1}`, answer);
      lines.push(preferenceLine(`t-${2 * i}`), preferenceLine(`t-${2 * i + 1}`, { gold: answer }));
    }
    await importTasks(h.ctx, manager, p.id, [lines.join('\n')]);
  });
  afterAll(() => h.close());

  const call = (tutor: number, method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, cookies: { tl_session: cookies[tutor] }, ...(payload ? { payload } : {}) });

  const answerOf = (tutor: number, externalId: string) => {
    const right = truth.get(externalId)!;
    return draw(`${tutor}/${externalId}`) < WRONG ? (right === 'a' ? 'b' : 'a') : right;
  };
  const taskOf = async (assignmentId: number) =>
    h.store.db
      .selectFrom('assignments as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .select(['t.external_id as externalId', 't.is_gold as isGold'])
      .where('a.id', '=', assignmentId)
      .executeTakeFirstOrThrow();

  /** The tutors take turns until `next` has nothing left for any of them. */
  async function workEverything(): Promise<void> {
    for (let busy = true; busy; ) {
      busy = false;
      for (let tutor = 0; tutor < cookies.length; tutor++) {
        const next = await call(tutor, 'POST', `/api/projects/${projectId}/next`);
        if (next.statusCode !== 200) continue;
        busy = true;
        const lease = next.json() as { assignment: { id: number }; task: { id: string } };
        const task = await taskOf(lease.assignment.id);
        const choice = answerOf(tutor, task.externalId!);
        h.clock.now += 1000;
        const res = await call(tutor, 'POST', `/api/assignments/${lease.assignment.id}/submit`, { response: { choice }, durationMs: 900 });
        expect(res.statusCode).toBe(201);
        if (tutor === 0)
          mine.set(lease.task.id, { gold: task.isGold === 1, submittedAt: h.clock.now, split: answerOf(1, task.externalId!) !== choice });
      }
    }
  }

  /** A manager (who sees gold) decides every open review with the task's right answer, a minute apart. */
  async function decideEveryReview(collect: () => Promise<void>): Promise<number> {
    const open = await h.store.db
      .selectFrom('reviews as r')
      .innerJoin('tasks as t', 't.id', 'r.task_id')
      .select(['r.id', 't.external_id as externalId'])
      .where('r.state', '=', 'open')
      .where('r.project_id', '=', projectId)
      .orderBy('r.id')
      .execute();
    await collect();
    for (const r of open) {
      h.clock.now += 60_000;
      await decideReview(h.ctx, manager, r.id, { verdict: { choice: truth.get(r.externalId!) }, comment: 'Checked.' });
      if (r.id % 10 === 0) await collect();
    }
    await collect();
    return open.length;
  }

  it('gives gold feedback at the rate, in the shape and with the timing of real work', async () => {
    await workEverything();
    expect(mine.size).toBe(2 * TASKS_OF_EACH_KIND); // the attacker judged every task
    // Everything the attacker can read about reviews: notices as they come (the route shows the newest 50), then feedback.
    const notices = new Map<number, Notice>();
    const collect = async () => {
      for (const n of ((await call(0, 'GET', '/api/me/notifications')).json() as { notifications: Notice[] }).notifications)
        notices.set(n.id, n);
    };
    expect(await decideEveryReview(collect)).toBeGreaterThan(0);
    const notifications = [...notices.values()];
    const feedback: { taskId: string; reviewId: number; decidedAt: string }[] = [];
    for (let before: number | null | undefined; before !== null; ) {
      const page = (await call(0, 'GET', `/api/me/feedback?limit=20${before ? `&before=${before}` : ''}`)).json();
      feedback.push(...page.feedback);
      before = page.nextBefore;
    }

    const kinds = {
      gold: { feedback: new Set<string>(), notices: new Set<string>(), items: 0 },
      real: { feedback: new Set<string>(), notices: new Set<string>(), items: 0 },
    };
    for (const item of feedback) {
      const worked = mine.get(item.taskId)!;
      expect(worked).toBeDefined();
      const kind = kinds[worked.gold ? 'gold' : 'real'];
      kind.items++;
      kind.feedback.add(shapeOf(item));
      // The timing rule: a verdict the tutor hears of came after their answer, gold or real.
      expect(Date.parse(item.decidedAt)).toBeGreaterThanOrEqual(worked.submittedAt);
      const notice = notifications.find((n) => n.kind === 'review.verdict' && n.detail.reviewId === item.reviewId);
      expect(notice, `a notice for review ${item.reviewId}`).toBeDefined();
      expect(notice!.detail.taskId).toBe(item.taskId);
      expect(Date.parse(notice!.createdAt)).toBeGreaterThanOrEqual(worked.submittedAt);
      kind.notices.add(`${shapeOf(notice)} ${notice!.message.replace(/Task \S+ in/, 'Task … in')}`);
    }
    expect(notifications.filter((n) => n.kind === 'review.verdict')).toHaveLength(feedback.length);
    expect(JSON.stringify({ feedback, verdicts: notifications.filter((n) => n.kind === 'review.verdict') })).not.toMatch(/gold/i);

    // Same rule: feedback on exactly the tasks, gold or real, whose two answers differed.
    const withFeedback = new Set(feedback.map((f) => f.taskId));
    for (const [taskId, worked] of mine)
      expect(withFeedback.has(taskId), `${worked.gold ? 'gold' : 'real'} task ${taskId}`).toBe(worked.split);
    // Same rate: feedback items per answered task, gold against real.
    const goldRate = kinds.gold.items / TASKS_OF_EACH_KIND;
    const realRate = kinds.real.items / TASKS_OF_EACH_KIND;
    expect(realRate).toBeGreaterThan(0.15);
    expect(Math.abs(goldRate - realRate), `gold ${goldRate} against real ${realRate}`).toBeLessThanOrEqual(0.25);
    // Same fields: every shape (and notice wording) gold feedback takes, real feedback takes too.
    for (const s of kinds.gold.feedback) expect([...kinds.real.feedback]).toContain(s);
    for (const s of kinds.gold.notices) expect([...kinds.real.notices]).toContain(s);
  });
});
