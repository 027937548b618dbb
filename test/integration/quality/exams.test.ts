/**
 * Certification exams over HTTP: managers build them on an exam bank, tutors take them. Questions
 * are drawn at random per attempt, never carry gold, results never say which answers were right,
 * retakes wait out the cool-down, and passing certifies (with the exam version recorded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

const SECRET = 'EXAM-GOLD-EXPLANATION';
const BANK = 30;
const HOUR = 3600_000;

describe.each(testDatabases())('certification exams on $name', ({ freshUrl }) => {
  let h: Harness;
  const cookie: Record<string, string> = {};
  const people: Record<string, Person> = {};
  let bankId: number;
  let examId: number;

  const as = (who: string, method: string, url: string, payload?: object | string, headers?: Record<string, string>) =>
    h.app.inject({ method: method as 'GET', url, payload, headers, cookies: { tl_session: cookie[who] } });

  /** The stored gold choice of each task id (what a perfect candidate would answer). */
  async function goldChoices(): Promise<Map<number, string>> {
    const rows = await h.store.db.selectFrom('tasks').select(['id', 'gold']).where('project_id', '=', bankId).execute();
    return new Map(rows.map((r) => [r.id, JSON.parse(r.gold!).choice as string]));
  }
  const flip = (c: string) => (c === 'a' ? 'b' : 'a');

  beforeAll(async () => {
    h = await harness(await freshUrl());
    people.manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    for (const name of ['ana', 'ben', 'cat']) people[name] = await addUser(h, { email: `${name}@example.org`, tier: 'generalist' });
    for (const [k, p] of Object.entries(people)) cookie[k] = await signIn(h, p);

    const bank = await as('manager', 'POST', '/api/projects', {
      name: 'Medicine exam bank',
      type: 'preference',
      domains: ['medicine'],
      purpose: 'exam',
    });
    expect(bank.statusCode, bank.body).toBe(201);
    bankId = bank.json().project.id;
    const lines = Array.from({ length: BANK }, (_, i) =>
      JSON.stringify({
        id: `q${i}`,
        type: 'preference',
        domain: 'medicine',
        prompt: `Clinical question ${i}`,
        responses: [
          { id: 'a', text: `first ${i}` },
          { id: 'b', text: `second ${i}` },
        ],
        gold: { choice: i % 3 === 0 ? 'b' : 'a', explanation: `${SECRET} ${i}` },
      }),
    );
    const imp = await as('manager', 'POST', `/api/projects/${bankId}/tasks`, lines.join('\n'), { 'content-type': 'application/x-ndjson' });
    expect(imp.json()).toEqual({ imported: BANK, skipped: 0 });
  });
  afterAll(() => h.close());

  it('lets managers create, list and change exams, refusing a bank too small with a 400 naming questionCount', async () => {
    const tooBig = await as('manager', 'POST', '/api/exams', {
      domain: 'medicine',
      name: 'Medicine',
      questionCount: BANK + 1,
      passMark: 0.8,
      cooldownHours: 24,
    });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.problems[0].field).toBe('questionCount');
    expect(tooBig.json().error.message).toContain(`has ${BANK} gradable gold questions`);
    const noBank = await as('manager', 'POST', '/api/exams', {
      domain: 'law',
      name: 'Law',
      questionCount: 1,
      passMark: 0.8,
      cooldownHours: 24,
    });
    expect(noBank.statusCode).toBe(400);
    expect(noBank.json().error.problems[0].field).toBe('questionCount');

    const created = await as('manager', 'POST', '/api/exams', {
      domain: 'medicine',
      name: 'Medicine',
      questionCount: 10,
      passMark: 0.8,
      cooldownHours: 24,
    });
    expect(created.statusCode, created.body).toBe(201);
    const exam = created.json().exam;
    examId = exam.id;
    expect(exam).toMatchObject({ domain: 'medicine', questionCount: 10, passMark: 0.8, cooldownHours: 24, version: 1, active: true });
    // One active exam per domain.
    expect(
      (await as('manager', 'POST', '/api/exams', { domain: 'medicine', name: 'Again', questionCount: 5, passMark: 0.5, cooldownHours: 1 }))
        .statusCode,
    ).toBe(409);

    const patched = await as('manager', 'PATCH', `/api/exams/${examId}`, { passMark: 0.7 });
    expect(patched.json().exam).toMatchObject({ passMark: 0.7, version: 2 });
    // Nothing changed: the version stays.
    expect((await as('manager', 'PATCH', `/api/exams/${examId}`, { passMark: 0.7 })).json().exam.version).toBe(2);
    const shrink = await as('manager', 'PATCH', `/api/exams/${examId}`, { questionCount: BANK + 5 });
    expect(shrink.statusCode).toBe(400);
    expect(shrink.json().error.problems[0].field).toBe('questionCount');
    expect((await as('manager', 'PATCH', `/api/exams/${examId}`, { passMark: 0.8 })).json().exam.version).toBe(3);

    const list = await as('manager', 'GET', '/api/exams');
    expect(list.json().exams).toEqual([expect.objectContaining({ id: examId, version: 3, bankSize: BANK })]);
    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_type', '=', 'exam').execute();
    expect(audit.map((a) => a.action)).toEqual(['exam.create', 'exam.update', 'exam.update']);
    expect(audit.every((a) => a.actor_id === people.manager.user.id)).toBe(true);
  });

  it('refuses manager-only routes to tutors (403)', async () => {
    expect((await as('ana', 'GET', '/api/exams')).statusCode).toBe(403);
    expect(
      (await as('ana', 'POST', '/api/exams', { domain: 'medicine', name: 'X', questionCount: 1, passMark: 0.5, cooldownHours: 0 }))
        .statusCode,
    ).toBe(403);
    expect((await as('ana', 'PATCH', `/api/exams/${examId}`, { active: false })).statusCode).toBe(403);
    expect((await as('ana', 'GET', '/api/certifications/events')).statusCode).toBe(403);
  });

  it('draws questions without gold, grades without telling which were right, enforces the cool-down, and certifies on a pass', async () => {
    const gold = await goldChoices();
    const start = await as('ana', 'POST', `/api/exams/${examId}/attempts`);
    expect(start.statusCode, start.body).toBe(201);
    const first = start.json();
    expect(first.attempt.examVersion).toBe(3);
    expect(first.questions).toHaveLength(10);
    expect(new Set(first.questions.map((q: { taskId: number }) => q.taskId)).size).toBe(10);
    for (const q of first.questions) {
      expect(Object.keys(q).sort()).toEqual(['domain', 'payload', 'project', 'taskId', 'type']);
      expect(Object.keys(q.payload).sort()).toEqual(['prompt', 'responses']);
    }
    expect(start.body).not.toMatch(/gold|explanation|EXAM-GOLD/i);
    // Starting again resumes the open attempt (same questions), so abandoning attempts cannot page through the bank.
    const again = await as('ana', 'POST', `/api/exams/${examId}/attempts`);
    expect(again.statusCode).toBe(200);
    expect(again.json().attempt.id).toBe(first.attempt.id);
    expect(again.json().questions.map((q: { taskId: number }) => q.taskId)).toEqual(
      first.questions.map((q: { taskId: number }) => q.taskId),
    );

    const ids: number[] = first.questions.map((q: { taskId: number }) => q.taskId);
    const submitUrl = `/api/exam-attempts/${first.attempt.id}/submit`;
    const short = await as('ana', 'POST', submitUrl, { answers: [{ choice: 'a' }] });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.problems[0].field).toBe('answers');
    const bad = await as('ana', 'POST', submitUrl, { answers: ids.map((_, i) => ({ choice: i === 2 ? 'c' : 'a' })) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0].field).toBe('answers.2.choice');
    // Someone else's attempt.
    expect((await as('ben', 'POST', submitUrl, { answers: ids.map(() => ({ choice: 'a' })) })).statusCode).toBe(403);

    // Half right: fails at pass mark 0.8.
    const answers = ids.map((id, i) => ({ choice: i < 5 ? gold.get(id)! : flip(gold.get(id)!) }));
    const failed = await as('ana', 'POST', submitUrl, { answers });
    expect(failed.statusCode, failed.body).toBe(200);
    const result = failed.json();
    expect(result).toMatchObject({ score: 0.5, passed: false, correct: 5, total: 10, passMark: 0.8, certification: null, examVersion: 3 });
    expect(result.nextAttemptAt).toBe(new Date(h.clock.now + 24 * HOUR).toISOString());
    // Score and pass/fail only: no per-question verdicts, no gold.
    expect(Object.keys(result).sort()).toEqual([
      'attemptId',
      'certification',
      'correct',
      'examId',
      'examVersion',
      'nextAttemptAt',
      'passMark',
      'passed',
      'score',
      'total',
    ]);
    expect(failed.body).not.toMatch(/gold|explanation|EXAM-GOLD|taskId/i);
    expect((await as('ana', 'POST', submitUrl, { answers })).statusCode).toBe(409);

    // Cool-down: refused with the time a retake is allowed, until the clock passes it.
    h.clock.now += 23 * HOUR;
    const early = await as('ana', 'POST', `/api/exams/${examId}/attempts`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain(result.nextAttemptAt);
    h.clock.now += HOUR;
    const retake = await as('ana', 'POST', `/api/exams/${examId}/attempts`);
    expect(retake.statusCode).toBe(201);
    const second = retake.json();
    const secondIds: number[] = second.questions.map((q: { taskId: number }) => q.taskId);
    // A fresh random draw: 10 of 30 drawn again is the same set with probability 1 / C(30,10) ≈ 3e-8.
    expect([...secondIds].sort()).not.toEqual([...ids].sort());

    const pass = await as('ana', 'POST', `/api/exam-attempts/${second.attempt.id}/submit`, {
      answers: secondIds.map((id) => ({ choice: gold.get(id)! })),
    });
    expect(pass.json()).toMatchObject({ score: 1, passed: true, certification: { domain: 'medicine', level: 1 }, nextAttemptAt: null });
    const cert = await h.store.db
      .selectFrom('certifications')
      .selectAll()
      .where('user_id', '=', people.ana.user.id)
      .executeTakeFirstOrThrow();
    expect(cert).toMatchObject({ domain: 'medicine', source: 'exam', exam_id: `${examId}@v3`, score: 1, revoked_at: null });
    const attempt = await h.store.db.selectFrom('exam_attempts').selectAll().where('id', '=', second.attempt.id).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ exam_version: 3, score: 1, passed: 1, certification_id: cert.id });
    expect(JSON.parse(attempt.task_ids)).toEqual(secondIds);

    const notes = (await as('ana', 'GET', '/api/me/notifications')).json();
    expect(notes.unread).toBe(2);
    expect(notes.notifications.map((n: { kind: string }) => n.kind)).toEqual(['exam.result', 'exam.result']);
    expect(notes.notifications[0].message).toContain('certified in medicine');
    expect(notes.notifications[1].message).toContain('retake');
    expect((await as('ana', 'POST', '/api/me/notifications/read', { upToId: notes.notifications[1].id })).json()).toEqual({ marked: 1 });
    expect((await as('ana', 'GET', '/api/me/notifications')).json().unread).toBe(1);

    // Certified: nothing left to earn.
    const certified = await as('ana', 'POST', `/api/exams/${examId}/attempts`);
    expect(certified.statusCode).toBe(409);
    expect(certified.json().error.message).toContain('already hold an active certification');

    const events = await as('manager', 'GET', '/api/certifications/events?days=30');
    expect(events.json().days).toEqual([
      {
        day: new Date(h.clock.now).toISOString().slice(0, 10),
        domain: 'medicine',
        grantedByManager: 0,
        grantedByExam: 1,
        suspended: 0,
        revoked: 0,
      },
    ]);
  });

  it('refuses a retired exam', async () => {
    expect((await as('manager', 'PATCH', `/api/exams/${examId}`, { active: false })).json().exam).toMatchObject({
      active: false,
      version: 4,
    });
    const r = await as('cat', 'POST', `/api/exams/${examId}/attempts`);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toContain('not active');
    expect((await as('cat', 'POST', '/api/exams/999999/attempts')).statusCode).toBe(404);
  });
});
