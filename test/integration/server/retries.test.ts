/**
 * Safe retries (issue 12, item 12): a client that lost the answer to a write retries it. A submit
 * already stored answers with the original annotation (200), not 409; writes sent with an
 * Idempotency-Key replay their first answer, across a server restart, scoped to the user; the same
 * key with another body is a 422.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness } from '../../support/appHarness.js';

describe.each(testDatabases())('retried writes on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(url: string) {
    h = await harness(url);
    const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    const ana = await addUser(h, { email: 'ana@example.org' });
    const ben = await addUser(h, { email: 'ben@example.org' });
    const cookies = { manager: await signIn(h, manager), ana: await signIn(h, ana), ben: await signIn(h, ben) };
    const as = (who: keyof typeof cookies, method: string, url: string, payload?: object | string, headers?: Record<string, string>) =>
      h.app.inject({ method: method as 'POST', url, payload, headers, cookies: { tl_session: cookies[who] } });
    const project = await as('manager', 'POST', '/api/projects', { name: 'Retries', type: 'preference', domains: ['safety'], overlap: 2 });
    expect(project.statusCode, project.body).toBe(201);
    const projectId = project.json().project.id as number;
    const lines = Array.from({ length: 6 }, (_, i) =>
      JSON.stringify({
        id: `p${i}`,
        type: 'preference',
        domain: 'safety',
        prompt: `Question ${i}`,
        responses: [
          { id: 'a', text: `one ${i}` },
          { id: 'b', text: `two ${i}` },
        ],
      }),
    );
    const imp = await as('manager', 'POST', `/api/projects/${projectId}/tasks`, lines.join('\n'), {
      'content-type': 'application/x-ndjson',
    });
    expect(imp.statusCode, imp.body).toBe(200);
    const lease = async (who: 'ana' | 'ben') => {
      const res = await as(who, 'POST', `/api/projects/${projectId}/next`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().assignment.id as number;
    };
    return { as, projectId, lease, url };
  }

  const answer = { response: { choice: 'a', strength: 2 }, durationMs: 4000 };

  it('a repeated submit of a stored assignment returns the original annotation; another response is still a 409', async () => {
    const { as, lease } = await setup(await freshUrl());
    const id = await lease('ana');
    const first = await as('ana', 'POST', `/api/assignments/${id}/submit`, answer);
    expect(first.statusCode, first.body).toBe(201);
    const retry = await as('ana', 'POST', `/api/assignments/${id}/submit`, answer);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toEqual(first.json());
    const different = await as('ana', 'POST', `/api/assignments/${id}/submit`, { ...answer, response: { choice: 'b', strength: 2 } });
    expect(different.statusCode).toBe(409);
    const annotations = await h.store.db.selectFrom('annotations').select('id').where('assignment_id', '=', id).execute();
    expect(annotations).toHaveLength(1);
    const counters = await h.store.db.selectFrom('tasks').select(['submitted_count']).where('submitted_count', '>', 0).execute();
    expect(counters.map((c) => Number(c.submitted_count))).toEqual([1]);
  });

  it('a repeated submit-and-next returns the original annotation and the same next lease', async () => {
    const { as, lease } = await setup(await freshUrl());
    const id = await lease('ana');
    const first = await as('ana', 'POST', `/api/assignments/${id}/submit-and-next`, answer);
    expect(first.statusCode, first.body).toBe(201);
    const retry = await as('ana', 'POST', `/api/assignments/${id}/submit-and-next`, answer);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().annotationId).toBe(first.json().annotationId);
    expect(retry.json().next.assignment.id).toBe(first.json().next.assignment.id);
    const leased = await h.store.db.selectFrom('assignments').select('id').where('state', '=', 'leased').execute();
    expect(leased).toHaveLength(1);
  });

  it('an Idempotency-Key replays the first answer, even after a restart, and is scoped to its user', async () => {
    const { as, lease, url } = await setup(await freshUrl());
    const id = await lease('ana');
    const key = { 'idempotency-key': 'submit-ana-1' };
    const first = await as('ana', 'POST', `/api/assignments/${id}/submit`, answer, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    // A new server process on the same database: the stored answer is durable.
    await h.close();
    h = await harness(url);
    const anaAgain = await signIn(h, { user: { email: 'ana@example.org' } as never, password: 'correct horse battery' });
    const replay = await h.app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/submit`,
      payload: answer,
      headers: key,
      cookies: { tl_session: anaAgain },
    });
    expect(replay.statusCode, replay.body).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());

    const reused = await h.app.inject({
      method: 'POST',
      url: `/api/assignments/${id}/submit`,
      payload: { ...answer, durationMs: 1 },
      headers: key,
      cookies: { tl_session: anaAgain },
    });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.message).toMatch(/Idempotency-Key "submit-ana-1" was already used for a different request/);
  });

  it('skip and flag replay with their key; the same key from another user is theirs alone', async () => {
    const { as, lease } = await setup(await freshUrl());
    const anaLease = await lease('ana');
    const benLease = await lease('ben');
    const flag = { note: 'the two answers are the same' };
    const f1 = await as('ana', 'POST', `/api/assignments/${anaLease}/flag`, flag, { 'idempotency-key': 'k1' });
    expect(f1.statusCode, f1.body).toBe(201);
    const f2 = await as('ana', 'POST', `/api/assignments/${anaLease}/flag`, flag, { 'idempotency-key': 'k1' });
    expect(f2.statusCode).toBe(201);
    expect(f2.headers['idempotent-replayed']).toBe('true');
    expect(f2.json()).toEqual(f1.json());
    // Ben's k1 is not Ana's k1: his flag is his own write.
    const fb = await as('ben', 'POST', `/api/assignments/${benLease}/flag`, flag, { 'idempotency-key': 'k1' });
    expect(fb.statusCode, fb.body).toBe(201);
    expect(fb.headers['idempotent-replayed']).toBeUndefined();

    const s1 = await as('ana', 'POST', `/api/assignments/${anaLease}/skip`, undefined, { 'idempotency-key': 'k2' });
    expect(s1.statusCode).toBe(204);
    const s2 = await as('ana', 'POST', `/api/assignments/${anaLease}/skip`, undefined, { 'idempotency-key': 'k2' });
    expect(s2.statusCode).toBe(204);
    expect(s2.headers['idempotent-replayed']).toBe('true');
    const bad = await as('ana', 'POST', `/api/assignments/${anaLease}/skip`, undefined, { 'idempotency-key': 'bad key with spaces' });
    expect(bad.statusCode).toBe(400);
  });
});
