/**
 * The consensus and reliability routes over HTTP on both databases: manager+ only (tutors 403), the
 * recompute is audited, consensus pages by task id, reliability says trusted / below floor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveReliability } from '../../../src/store/repositories/reliability.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

describe.each(testDatabases())('consensus routes on $name', ({ freshUrl }) => {
  let h: Harness;
  const cookie: Record<string, string> = {};
  const people: Record<string, Person> = {};
  let projectId: number;

  const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, payload, cookies: { tl_session: cookie[who] } });

  beforeAll(async () => {
    h = await harness(await freshUrl());
    people.manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    people.ana = await addUser(h, { email: 'ana@example.org' });
    people.ben = await addUser(h, { email: 'ben@example.org' });
    for (const [k, p] of Object.entries(people)) cookie[k] = await signIn(h, p);
    const created = await as('manager', 'POST', '/api/projects', {
      name: 'Pairs',
      type: 'preference',
      domains: ['general'],
      overlap: 2,
      quality: { consensusMethod: 'mv', reliabilityFloor: 0.5, trustedReliability: 0.8 },
    });
    projectId = created.json().project.id;
    const body = ['p1', 'p2', 'p3']
      .map((id) =>
        JSON.stringify({
          id,
          type: 'preference',
          domain: 'general',
          prompt: `${id}?`,
          responses: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
          ],
        }),
      )
      .join('\n');
    await h.app.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/tasks`,
      payload: `${body}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
      cookies: { tl_session: cookie.manager },
    });
    for (const who of ['ana', 'ben']) {
      for (;;) {
        const next = await as(who, 'POST', `/api/projects/${projectId}/next`);
        if (next.statusCode === 204) break;
        const { assignment } = next.json();
        expect(
          (await as(who, 'POST', `/api/assignments/${assignment.id}/submit`, { response: { choice: 'a' }, durationMs: 1000 })).statusCode,
        ).toBe(201);
      }
    }
  });
  afterAll(async () => h?.close());

  it('tutors get 403 on all three routes', async () => {
    expect((await as('ana', 'POST', `/api/projects/${projectId}/consensus/recompute`)).statusCode).toBe(403);
    expect((await as('ana', 'GET', `/api/projects/${projectId}/consensus`)).statusCode).toBe(403);
    expect((await as('ana', 'GET', `/api/projects/${projectId}/reliability`)).statusCode).toBe(403);
    expect((await as('manager', 'GET', '/api/projects/9999/consensus')).statusCode).toBe(404);
  });

  it('recompute runs the batch and is audited; consensus pages by task id', async () => {
    const res = await as('manager', 'POST', `/api/projects/${projectId}/consensus/recompute`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ method: 'mv', annotations: 6, tasks: 3, tutorDomains: 2 });
    expect(res.json().methodVersion).toMatch(/^mv\/1 batch upto=\d+$/);
    const audit = await h.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'consensus.recompute').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: people.manager.user.id, target_type: 'project', target_id: String(projectId) });

    const page1 = (await as('manager', 'GET', `/api/projects/${projectId}/consensus?limit=2`)).json();
    expect(page1.consensus.map((c: { externalId: string }) => c.externalId)).toEqual(['p1', 'p2']);
    expect(page1.next).toBe(page1.consensus[1].taskId);
    expect(page1.consensus[0]).toMatchObject({
      label: { choice: 'a' },
      confidence: 1,
      annotatorCount: 2,
      method: 'mv',
      methodVersion: res.json().methodVersion,
      source: 'model',
      reviewId: null,
    });
    const page2 = (await as('manager', 'GET', `/api/projects/${projectId}/consensus?limit=2&after=${page1.next}`)).json();
    expect(page2).toMatchObject({ consensus: [{ externalId: 'p3' }], next: null });
  });

  it('reliability per tutor × domain with trusted and below-floor flags', async () => {
    await saveReliability(h.store.db, [
      {
        userId: people.ben.user.id,
        domain: 'general',
        goldTotal: 10,
        goldCorrect: 3,
        modelAccuracy: 0.5,
        modelLabels: 3,
        reliability: 0.35,
        updatedAt: h.clock.now,
      },
    ]);
    const res = await as('manager', 'GET', `/api/projects/${projectId}/reliability`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ trustedReliability: 0.8, reliabilityFloor: 0.5 });
    const byName = Object.fromEntries(body.tutors.map((t: { name: string }) => [t.name, t]));
    // ana: the batch's majority-vote weight (1: always with the majority) on 3 labels, no gold — not enough evidence to act on.
    expect(byName.ana).toMatchObject({
      domain: 'general',
      goldTotal: 0,
      modelLabels: 3,
      evidence: false,
      trusted: false,
      belowFloor: false,
    });
    expect(byName.ben).toMatchObject({
      goldTotal: 10,
      goldCorrect: 3,
      reliability: 0.35,
      evidence: true,
      trusted: false,
      belowFloor: true,
    });
    // The floor is enforced where it matters: ben's next is refused, naming the domain.
    const next = await as('ben', 'POST', `/api/projects/${projectId}/next`);
    expect(next.statusCode).toBe(403);
    expect(next.json().error.message).toContain('general');
  });
});
