/**
 * The review routes over HTTP on both databases: who may call which (tutors never see the queue,
 * an uncertified reviewer sees nothing and may not decide), error shapes (400 names `verdict.<field>`,
 * 409 on a second verdict), and that a tutor's feedback carries only their own answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness } from '../../support/appHarness.js';

describe.each(testDatabases())('review routes on $name', ({ freshUrl }) => {
  let h: Harness;
  const cookie: Record<string, string> = {};
  let projectId: number;
  const assignment: Record<string, number> = {};
  let reviewId: number;
  let reviewerId: number;

  const as = (who: string | null, method: string, url: string, payload?: object, headers?: Record<string, string>) =>
    h.app.inject({ method: method as 'GET', url, payload, headers, cookies: who ? { tl_session: cookie[who] } : {} });

  beforeAll(async () => {
    h = await harness(await freshUrl());
    const people = {
      admin: await addUser(h, { email: 'admin@example.org', role: 'admin' }),
      manager: await addUser(h, { email: 'manager@example.org', role: 'manager' }),
      reviewer: await addUser(h, { email: 'reviewer@example.org', role: 'reviewer', domains: ['law'] }),
      outsider: await addUser(h, { email: 'outsider@example.org', role: 'reviewer', domains: ['law'] }),
      ana: await addUser(h, { email: 'ana@example.org', domains: ['law'] }),
      ben: await addUser(h, { email: 'ben@example.org', domains: ['law'] }),
    };
    for (const [k, p] of Object.entries(people)) cookie[k] = await signIn(h, p);
    reviewerId = people.reviewer.user.id;
    expect((await as('manager', 'POST', `/api/users/${people.reviewer.user.id}/certifications`, { domain: 'law' })).statusCode).toBe(201);
    expect((await as('manager', 'POST', `/api/users/${people.outsider.user.id}/certifications`, { domain: 'medicine' })).statusCode).toBe(
      201,
    );

    const project = await as('manager', 'POST', '/api/projects', {
      name: 'Contract clauses',
      type: 'label',
      domains: ['law'],
      labels: ['valid', 'void'],
      overlap: 2,
    });
    projectId = project.json().project.id;
    const line = JSON.stringify({ id: 'c1', type: 'label', domain: 'law', text: 'The tenant waives all rights.' });
    const imp = await h.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/tasks`,
      payload: `${line}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
      cookies: { tl_session: cookie.manager },
    });
    expect(imp.json()).toEqual({ imported: 1, skipped: 0 });
    for (const [who, label] of [
      ['ana', 'valid'],
      ['ben', 'void'],
    ] as const) {
      const next = await as(who, 'POST', `/api/projects/${projectId}/next`);
      assignment[who] = next.json().assignment.id;
      const sub = await as(who, 'POST', `/api/assignments/${assignment[who]}/submit`, {
        response: { labels: [label], rationale: `${who}-private-reasoning` },
        durationMs: 900,
      });
      expect(sub.statusCode, sub.body).toBe(201);
    }
  });
  afterAll(() => h.close());

  it('lets only the owner flag an assignment, with a note', async () => {
    expect((await as(null, 'POST', `/api/assignments/${assignment.ana}/flag`, { note: 'x' })).statusCode).toBe(401);
    const theirs = await as('ben', 'POST', `/api/assignments/${assignment.ana}/flag`, { note: 'not mine' });
    expect(theirs.statusCode).toBe(403);
    const noNote = await as('ana', 'POST', `/api/assignments/${assignment.ana}/flag`, {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.problems[0].field).toBe('note');
    const flag = await as('ana', 'POST', `/api/assignments/${assignment.ana}/flag`, {
      note: 'Unconscionable clauses are void; I may be wrong.',
    });
    expect(flag.statusCode, flag.body).toBe(201);
    reviewId = flag.json().reviewId;
    const again = await as('ana', 'POST', `/api/assignments/${assignment.ana}/flag`, { note: 'again' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ reviewId, created: false });
  });

  it('serves the queue to certified reviewers and managers only, without names or emails', async () => {
    expect((await as(null, 'GET', '/api/reviews')).statusCode).toBe(401);
    expect((await as('ana', 'GET', '/api/reviews')).statusCode).toBe(403);
    const outsider = await as('outsider', 'GET', '/api/reviews');
    expect(outsider.statusCode).toBe(200);
    expect(outsider.json()).toEqual({ reviews: [], nextAfter: null });
    for (const who of ['reviewer', 'manager', 'admin']) {
      const res = await as(who, 'GET', `/api/reviews?projectId=${projectId}&state=open&limit=10`);
      expect(res.statusCode, res.body).toBe(200);
      const [item] = res.json().reviews;
      expect(item).toMatchObject({
        id: reviewId,
        reason: 'flagged',
        projectId,
        task: { type: 'label', domain: 'law', payload: { text: 'The tenant waives all rights.' } },
        project: { labels: ['valid', 'void'] },
      });
      expect(item.annotations.map((a: { response: { labels: string[] } }) => a.response.labels[0])).toEqual(['valid', 'void']);
      expect(res.body).not.toMatch(/example\.org|"ana"|"ben"/);
    }
    expect((await as('reviewer', 'GET', '/api/reviews?state=closed')).statusCode).toBe(400);
  });

  it('refuses verdicts from outsiders and bad verdicts, decides once, then 409', async () => {
    const url = `/api/reviews/${reviewId}/verdict`;
    expect((await as('ana', 'POST', url, { verdict: { labels: ['void'] } })).statusCode).toBe(403);
    expect((await as('outsider', 'POST', url, { verdict: { labels: ['void'] } })).statusCode).toBe(403);
    const bad = await as('reviewer', 'POST', url, { verdict: { labels: ['voidable'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0]).toMatchObject({ field: 'verdict.labels.0' });
    expect(bad.json().error.message).toContain('verdict.labels.0');
    const missing = await as('reviewer', 'POST', url, { comment: 'no verdict' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.problems[0].field).toBe('verdict');

    // The model's consensus, pinned (the consensus job may or may not have written one after the submits).
    const model = {
      method: 'mace',
      method_version: 'mace/1',
      label: JSON.stringify({ labels: ['valid'] }),
      confidence: 0.6,
      annotator_count: 2,
      source: 'model' as const,
      review_id: null,
      computed_at: h.clock.now,
    };
    const taskId = (await h.store.db.selectFrom('reviews').select('task_id').where('id', '=', reviewId).executeTakeFirstOrThrow()).task_id;
    await h.store.db
      .insertInto('task_consensus')
      .values({ task_id: taskId, project_id: projectId, ...model })
      .onConflict((oc) => oc.column('task_id').doUpdateSet(model))
      .execute();

    h.clock.now += 60_000;
    const verdictKey = { 'idempotency-key': 'verdict-on-the-waiver' };
    const ok = await as('reviewer', 'POST', url, { verdict: { labels: ['void'] }, comment: 'A blanket waiver is void.' }, verdictKey);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ reviewId, taskId, closedReviewIds: [], overturned: true, notified: 2 });
    // The reviewer's client lost the answer and retries with its key: the first answer again, not a 409.
    const retried = await as('reviewer', 'POST', url, { verdict: { labels: ['void'] }, comment: 'A blanket waiver is void.' }, verdictKey);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.json()).toEqual(ok.json());
    const twice = await as('manager', 'POST', url, { verdict: { labels: ['valid'] } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('conflict');
    expect((await as('reviewer', 'POST', '/api/reviews/987654/verdict', { verdict: { labels: ['void'] } })).statusCode).toBe(404);

    const audit = await as('admin', 'GET', '/api/audit?limit=5');
    const event = audit.json().events.find((e: { action: string }) => e.action === 'review.decide');
    expect(event).toMatchObject({
      actor: reviewerId,
      target: { type: 'review', id: String(reviewId) },
      detail: { verdict: { labels: ['void'] }, comment: 'A blanket waiver is void.' },
    });
  });

  it('gives each tutor their own feedback, and the dashboard its summary', async () => {
    for (const [who, matched] of [
      ['ana', false],
      ['ben', true],
    ] as const) {
      const res = await as(who, 'GET', '/api/me/feedback');
      expect(res.statusCode).toBe(200);
      const { feedback } = res.json();
      expect(feedback).toHaveLength(1);
      expect(feedback[0]).toMatchObject({
        reviewId,
        projectId,
        type: 'label',
        verdict: { labels: ['void'] },
        comment: 'A blanket waiver is void.',
        matched,
      });
      expect(feedback[0].mine.rationale).toBe(`${who}-private-reasoning`);
      expect(res.body).not.toContain(`${who === 'ana' ? 'ben' : 'ana'}-private-reasoning`);
    }
    expect((await as('manager', 'GET', '/api/me/feedback')).json()).toEqual({ feedback: [], nextBefore: null });

    expect((await as('ana', 'GET', `/api/projects/${projectId}/reviews/summary`)).statusCode).toBe(403);
    const summary = await as('reviewer', 'GET', `/api/projects/${projectId}/reviews/summary`);
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toEqual({
      projectId,
      open: { low_confidence: 0, disagreement: 0, flagged: 0, total: 0 },
      decided: { low_confidence: 0, disagreement: 0, flagged: 1, total: 1 },
      medianDecisionMs: 60_000,
      verdicts: 1,
      withModelConsensus: 1,
      overturned: 1,
      overturnShare: 1,
    });
    expect((await as('manager', 'GET', '/api/projects/987654/reviews/summary')).statusCode).toBe(404);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await as(null, 'GET', '/api/openapi.json')).json();
    for (const path of [
      '/api/reviews',
      '/api/reviews/{id}/verdict',
      '/api/assignments/{id}/flag',
      '/api/me/feedback',
      '/api/projects/{id}/reviews/summary',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
