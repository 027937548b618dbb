/**
 * The practice path over HTTP: questions from practice banks without gold, immediate feedback that
 * reveals the practice bank's own answer and explanation (and never production gold), fresh
 * questions before repeats, progress toward the exam, and nothing written as production work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

const LABELS = ['safe', 'unsafe', 'unclear'];
const PRACTICE = 6;
const PROD_SECRET = 'PRODUCTION-GOLD-SECRET';

describe.each(testDatabases())('practice path on $name', ({ freshUrl }) => {
  let h: Harness;
  const cookie: Record<string, string> = {};
  const people: Record<string, Person> = {};
  let practiceId: number;
  let productionGoldTaskId: number;
  let examId: number;

  const as = (who: string, method: string, url: string, payload?: object | string, headers?: Record<string, string>) =>
    h.app.inject({ method: method as 'GET', url, payload, headers, cookies: { tl_session: cookie[who] } });
  const ndjson = { 'content-type': 'application/x-ndjson' };
  const labelLine = (id: string, gold?: object) =>
    JSON.stringify({ id, type: 'label', domain: 'medicine', text: `Item ${id}`, ...(gold ? { gold } : {}) });

  beforeAll(async () => {
    h = await harness(await freshUrl());
    people.manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    people.ana = await addUser(h, { email: 'ana@example.org' });
    people.ben = await addUser(h, { email: 'ben@example.org' });
    for (const [k, p] of Object.entries(people)) cookie[k] = await signIn(h, p);

    const practice = await as('manager', 'POST', '/api/projects', {
      name: 'Medicine practice',
      type: 'label',
      domains: ['medicine'],
      labels: LABELS,
      purpose: 'practice',
      instructions: 'Label the item',
    });
    practiceId = practice.json().project.id;
    const practiceLines = Array.from({ length: PRACTICE }, (_, i) =>
      labelLine(`p${i}`, { labels: [LABELS[i % 3]], explanation: `Because item p${i} is ${LABELS[i % 3]}` }),
    );
    expect((await as('manager', 'POST', `/api/projects/${practiceId}/tasks`, practiceLines.join('\n'), ndjson)).json().imported).toBe(
      PRACTICE,
    );

    const prod = await as('manager', 'POST', '/api/projects', {
      name: 'Medicine work',
      type: 'label',
      domains: ['medicine'],
      labels: LABELS,
      goldRate: 1,
    });
    const prodId = prod.json().project.id;
    await as(
      'manager',
      'POST',
      `/api/projects/${prodId}/tasks`,
      [labelLine('w1', { labels: ['unsafe'], explanation: PROD_SECRET }), labelLine('w2')].join('\n'),
      ndjson,
    );
    productionGoldTaskId = (
      await h.store.db.selectFrom('tasks').select('id').where('project_id', '=', prodId).where('is_gold', '=', 1).executeTakeFirstOrThrow()
    ).id;

    const examBank = await as('manager', 'POST', '/api/projects', {
      name: 'Medicine exam',
      type: 'label',
      domains: ['medicine'],
      labels: LABELS,
      purpose: 'exam',
    });
    await as(
      'manager',
      'POST',
      `/api/projects/${examBank.json().project.id}/tasks`,
      ['e1', 'e2', 'e3', 'e4'].map((id) => labelLine(id, { labels: ['safe'] })).join('\n'),
      ndjson,
    );
    const exam = await as('manager', 'POST', '/api/exams', {
      domain: 'medicine',
      name: 'Medicine',
      questionCount: 4,
      passMark: 0.75,
      cooldownHours: 48,
    });
    examId = exam.json().exam.id;
  });
  afterAll(() => h.close());

  const goldOf = async (taskId: number) =>
    JSON.parse((await h.store.db.selectFrom('tasks').select('gold').where('id', '=', taskId).executeTakeFirstOrThrow()).gold!);

  it('serves practice questions without gold, fresh ones before repeats, then the least recently practised', async () => {
    const served: number[] = [];
    for (let i = 0; i < PRACTICE; i++) {
      const r = await as('ana', 'POST', '/api/practice/medicine/next');
      expect(r.statusCode, r.body).toBe(200);
      expect(r.body).not.toMatch(/gold|explanation|Because/i);
      const q = r.json().question;
      expect(q).toMatchObject({
        type: 'label',
        domain: 'medicine',
        payload: { text: expect.any(String) },
        project: { labels: LABELS, multiLabel: false },
      });
      served.push(q.taskId);
      h.clock.now += 1000;
      const gold = await goldOf(q.taskId);
      const fb = await as('ana', 'POST', '/api/practice/answers', {
        taskId: q.taskId,
        response: { labels: i === 0 ? ['unclear', 'safe'].filter((l) => l !== gold.labels[0]).slice(0, 1) : gold.labels },
      });
      expect(fb.statusCode, fb.body).toBe(201);
    }
    // Every question once before any repeats; then the one practised longest ago.
    expect(new Set(served).size).toBe(PRACTICE);
    const again = await as('ana', 'POST', '/api/practice/medicine/next');
    expect(again.json().question.taskId).toBe(served[0]);
    expect((await as('ana', 'POST', '/api/practice/law/next')).statusCode).toBe(404);
  });

  it('gives immediate feedback with the expected answer and explanation, and validates the response', async () => {
    const q = (await as('ben', 'POST', '/api/practice/medicine/next')).json().question;
    const gold = await goldOf(q.taskId);
    const wrong = LABELS.find((l) => l !== gold.labels[0])!;
    const fb = await as('ben', 'POST', '/api/practice/answers', { taskId: q.taskId, response: { labels: [wrong] } });
    expect(fb.json()).toEqual({ correct: false, score: 0, expected: { labels: gold.labels }, explanation: gold.explanation });
    const right = await as('ben', 'POST', '/api/practice/answers', { taskId: q.taskId, response: { labels: gold.labels } });
    expect(right.json()).toMatchObject({ correct: true, score: 1 });
    const bad = await as('ben', 'POST', '/api/practice/answers', { taskId: q.taskId, response: { labels: ['nonsense'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0].field).toBe('response.labels.0');
  });

  it('never reveals production gold and never writes production work', async () => {
    const r = await as('ana', 'POST', '/api/practice/answers', { taskId: productionGoldTaskId, response: { labels: ['safe'] } });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain(PROD_SECRET);
    // Nor exam gold: an exam question is not a practice question.
    const examTask = await h.store.db.selectFrom('tasks').select('id').where('external_id', '=', 'e1').executeTakeFirstOrThrow();
    expect((await as('ana', 'POST', '/api/practice/answers', { taskId: examTask.id, response: { labels: ['safe'] } })).statusCode).toBe(
      404,
    );
    expect(await h.store.db.selectFrom('annotations').select('id').execute()).toEqual([]);
    expect(await h.store.db.selectFrom('assignments').select('id').execute()).toEqual([]);
    const rows = await h.store.db.selectFrom('practice_answers').select(['user_id', 'domain']).execute();
    expect(rows.length).toBe(PRACTICE + 2);
    expect(rows.every((r) => r.domain === 'medicine')).toBe(true);
  });

  it('shows progress toward the exam: recent accuracy with an interval, readiness, and the cool-down after a failed attempt', async () => {
    const overview = (await as('ana', 'GET', '/api/practice')).json();
    expect(overview.domains).toHaveLength(1);
    const med = overview.domains[0];
    expect(med).toMatchObject({
      domain: 'medicine',
      bankSize: PRACTICE,
      answered: PRACTICE,
      correct: PRACTICE - 1,
      recent: { window: 20, answered: PRACTICE, correct: PRACTICE - 1, estimate: (PRACTICE - 1) / PRACTICE },
      exam: { id: examId, questionCount: 4, passMark: 0.75 },
      ready: true,
      nextAttemptAt: null,
      certified: false,
    });
    expect(med.recent.lower).toBeGreaterThan(0);
    expect(med.recent.lower).toBeLessThan(med.recent.estimate);
    // Ben answered 2 (one right): under the exam's question count, so not ready yet.
    expect((await as('ben', 'GET', '/api/practice')).json().domains[0]).toMatchObject({ answered: 2, correct: 1, ready: false });

    // A failed exam attempt: the overview says when the retake opens.
    const start = (await as('ben', 'POST', `/api/exams/${examId}/attempts`)).json();
    expect(JSON.stringify(start)).not.toMatch(/gold|explanation/i);
    const failed = await as('ben', 'POST', `/api/exam-attempts/${start.attempt.id}/submit`, {
      answers: start.questions.map(() => ({ labels: ['unsafe'] })),
    });
    expect(failed.json().passed).toBe(false);
    const after = (await as('ben', 'GET', '/api/practice')).json().domains[0];
    expect(after.nextAttemptAt).toBe(new Date(h.clock.now + 48 * 3600_000).toISOString());

    // My quality carries the same practice progress.
    const mine = (await as('ben', 'GET', '/api/me/quality')).json();
    expect(mine.practice).toEqual([after]);
    expect(mine.gold).toEqual([]);
    expect(mine.certifications).toEqual([]);
  });

  it('never carries gold in next either (serialized and searched), while production gold still feeds live gold', async () => {
    const projectId = (await h.store.db.selectFrom('projects').select('id').where('name', '=', 'Medicine work').executeTakeFirstOrThrow())
      .id;
    const bodies: string[] = [];
    for (;;) {
      h.clock.now += 1000;
      const n = await as('ana', 'POST', `/api/projects/${projectId}/next`);
      if (n.statusCode === 204) break;
      expect(n.statusCode, n.body).toBe(200);
      bodies.push(n.body);
      expect(
        (await as('ana', 'POST', `/api/assignments/${n.json().assignment.id}/submit`, { response: { labels: ['unsafe'] }, durationMs: 5 }))
          .statusCode,
      ).toBe(201);
    }
    expect(bodies).toHaveLength(2);
    for (const b of bodies) expect(b).not.toMatch(new RegExp(`gold|explanation|${PROD_SECRET}`, 'i'));
    expect(await h.store.db.selectFrom('gold_results').select(['task_id', 'correct']).execute()).toEqual([
      { task_id: productionGoldTaskId, correct: 1 },
    ]);
  });
});
