/**
 * #12 item 5: a task's `meta` (for HH-RLHF, the published answer) and its gold never reach a tutor
 * or a reviewer. Every route that returns task content is walked as a tutor and as a reviewer over
 * tasks whose meta, gold and external ids carry unique markers; no response body may contain any marker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import { createExam, createProject, grantCertification, importTasks } from '../../../src/services/index.js';

const META_MARK = 'META-MARKER-7f3a9c';
const GOLD_MARK = 'GOLD-MARKER-2b8e41';
/** Every external id carries this: an importer's id ("gold-17") can name gold, so only managers see it (#12). */
const EXTERNAL_MARK = 'EXTID-MARKER-5c1d';

const preference = (id: string, domain: string, gold?: object) =>
  JSON.stringify({
    id: `${EXTERNAL_MARK}-${id}`,
    type: 'preference',
    domain,
    prompt: `question ${id}`,
    responses: [
      { id: 'a', text: 'first' },
      { id: 'b', text: 'second' },
    ],
    meta: { source: 'hh-rlhf', hhRlhf: { chosen: 'a' }, note: META_MARK },
    ...(gold ? { gold } : {}),
  }) + '\n';

/** The routes that answer with task content, each of which this test must have called as a tutor or reviewer. */
const CONTENT_ROUTES = [
  'POST /api/projects/:id/next',
  'POST /api/assignments/:id/submit-and-next',
  'GET /api/me/feedback',
  'GET /api/reviews',
  'POST /api/reviews/:id/verdict',
  'POST /api/exams/:id/attempts',
  'POST /api/exam-attempts/:id/submit',
  'POST /api/practice/:domain/next',
  'POST /api/practice/answers',
];

describe.each(testDatabases())('meta and gold never reach tutors or reviewers on $name', ({ freshUrl }) => {
  let h: Harness;
  let tutor: Person;
  let reviewer: Person;
  const cookies: Record<string, string> = {};
  const seen: { who: string; route: string; status: number; body: string }[] = [];
  let projectId: number;
  let examId: number;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    // A fixed key for the gold draw, so the same leases are gold on every run (real ones get flagged too).
    await h.store.db.updateTable('settings').set({ value: 'meta-never-shown-test' }).where('key', '=', 'secret').execute();
    const admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    const manager = asActor(await addUser(h, { email: 'manager@example.org', role: 'manager' }));
    tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor', tier: 'generalist' });
    reviewer = await addUser(h, { email: 'reviewer@example.org', role: 'reviewer', tier: 'specialist', domains: ['medicine'] });
    await grantCertification(h.ctx, asActor(admin), reviewer.user.id, { domain: 'medicine' });
    cookies.tutor = await signIn(h, tutor);
    cookies.reviewer = await signIn(h, reviewer);

    const prod = await createProject(h.ctx, manager, {
      name: 'prod',
      type: 'preference',
      domains: ['medicine'],
      overlap: 2,
      goldRate: 0.5,
    });
    projectId = prod.id;
    const tasks = [
      ...Array.from({ length: 6 }, (_, i) => preference(`real-${i}`, 'medicine')),
      ...Array.from({ length: 6 }, (_, i) => preference(`g-${i}`, 'medicine', { choice: i % 2 ? 'a' : 'b', explanation: GOLD_MARK })),
    ];
    await importTasks(h.ctx, manager, prod.id, [tasks.join('')]);

    const bank = await createProject(h.ctx, manager, { name: 'exambank', type: 'preference', domains: ['medicine'], purpose: 'exam' });
    await importTasks(h.ctx, manager, bank.id, [
      Array.from({ length: 3 }, (_, i) => preference(`q-${i}`, 'medicine', { choice: 'a', explanation: GOLD_MARK })).join(''),
    ]);
    examId = (await createExam(h.ctx, manager, { domain: 'medicine', name: 'Medicine', questionCount: 2, passMark: 0.5, cooldownHours: 0 }))
      .id;

    // Practice shows its own answer after answering, by design, so only its meta carries a marker.
    const practice = await createProject(h.ctx, manager, {
      name: 'practicebank',
      type: 'preference',
      domains: ['medicine'],
      purpose: 'practice',
    });
    await importTasks(h.ctx, manager, practice.id, [
      Array.from({ length: 2 }, (_, i) => preference(`p-${i}`, 'medicine', { choice: 'a' })).join(''),
    ]);
  });
  afterAll(() => h.close());

  const as = async (who: 'tutor' | 'reviewer', method: string, url: string, route: string, payload?: object) => {
    const res = await h.app.inject({
      method: method as 'GET',
      url,
      cookies: { tl_session: cookies[who] },
      ...(payload ? { payload } : {}),
    });
    seen.push({ who, route, status: res.statusCode, body: res.body });
    return res;
  };

  it('walks every content route as a tutor and a reviewer without one marker in any answer', async () => {
    // The tutor's loop: next, submit-and-next, flag real and gold tasks, skip one.
    await as('tutor', 'GET', '/api/projects', 'GET /api/projects');
    await as('tutor', 'GET', `/api/projects/${projectId}`, 'GET /api/projects/:id');
    let lease = (await as('tutor', 'POST', `/api/projects/${projectId}/next`, 'POST /api/projects/:id/next')).json();
    const flagged: number[] = [];
    for (let i = 0; lease?.assignment && i < 20; i++) {
      const id = lease.assignment.id;
      await as('tutor', 'POST', `/api/assignments/${id}/flag`, 'POST /api/assignments/:id/flag', { note: 'the answers look the same' });
      flagged.push(id);
      const res = await as('tutor', 'POST', `/api/assignments/${id}/submit-and-next`, 'POST /api/assignments/:id/submit-and-next', {
        response: { choice: 'a' },
        durationMs: 1000,
      });
      lease = res.json().next;
    }
    expect(flagged.length).toBeGreaterThan(4);

    // The reviewer: the open queue, a verdict on every flag, the decided queue.
    const open = (await as('reviewer', 'GET', '/api/reviews', 'GET /api/reviews')).json().reviews as { id: number }[];
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) {
      const res = await as('reviewer', 'POST', `/api/reviews/${r.id}/verdict`, 'POST /api/reviews/:id/verdict', {
        verdict: { choice: 'b' },
        comment: 'b is better',
      });
      expect(res.statusCode).toBe(200);
    }
    await as('reviewer', 'GET', '/api/reviews?state=decided', 'GET /api/reviews');
    await as('reviewer', 'GET', `/api/projects/${projectId}/reviews/summary`, 'GET /api/projects/:id/reviews/summary');

    // The tutor reads everything about themselves.
    const feedback = (await as('tutor', 'GET', '/api/me/feedback', 'GET /api/me/feedback')).json().feedback;
    expect(feedback.length).toBeGreaterThan(0);
    for (const [method, url] of [
      ['GET', '/api/me'],
      ['GET', '/api/me/quality'],
      ['GET', '/api/me/notifications'],
      ['GET', '/api/practice'],
    ]) {
      await as('tutor', method, url, `${method} ${url}`);
    }

    // Exams and practice.
    const start = await as('tutor', 'POST', `/api/exams/${examId}/attempts`, 'POST /api/exams/:id/attempts');
    expect(start.statusCode).toBe(201);
    const questions = start.json().questions as unknown[];
    await as('tutor', 'POST', `/api/exam-attempts/${start.json().attempt.id}/submit`, 'POST /api/exam-attempts/:id/submit', {
      answers: questions.map(() => ({ choice: 'b' })),
    });
    const practice = (await as('tutor', 'POST', '/api/practice/medicine/next', 'POST /api/practice/:domain/next')).json().question;
    await as('tutor', 'POST', '/api/practice/answers', 'POST /api/practice/answers', {
      taskId: practice.taskId,
      response: { choice: 'a' },
    });

    expect(seen.filter((s) => s.status >= 400).map((s) => `${s.route} ${s.status} ${s.body}`)).toEqual([]);
    const called = new Set(seen.map((s) => s.route));
    for (const route of CONTENT_ROUTES) expect(called, route).toContain(route);
    // The markers are really in the database, so their absence above means something.
    const stored = await h.store.db.selectFrom('tasks').select(['payload', 'gold']).execute();
    expect(stored.every((t) => t.payload.includes(META_MARK))).toBe(true);
    expect(stored.some((t) => (t.gold ?? '').includes(GOLD_MARK))).toBe(true);
    expect(
      await h.store.db.selectFrom('tasks').select('external_id').where('external_id', 'like', `${EXTERNAL_MARK}%`).execute(),
    ).toHaveLength(stored.length);
    for (const s of seen) {
      expect(s.body, `${s.who} ${s.route}`).not.toContain(META_MARK);
      expect(s.body, `${s.who} ${s.route}`).not.toContain(GOLD_MARK);
      expect(s.body, `${s.who} ${s.route}`).not.toContain('"meta"');
      expect(s.body, `${s.who} ${s.route}`).not.toContain(EXTERNAL_MARK);
      expect(s.body, `${s.who} ${s.route}`).not.toContain('"externalId"');
    }
  });
});
