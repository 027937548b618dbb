/**
 * What tutors can never see (gold, other tutors' work, projects they are not admitted to), and
 * that every admin and manager action over HTTP leaves an audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

const GOLD_MARK = 'GOLD-SECRET-ANSWER';

describe.each(testDatabases())('tutor visibility and audit on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let manager: Person;
  let ana: Person;
  let ben: Person;
  const cookie: Record<string, string> = {};
  let openId: number;
  let closedId: number;

  const as = (who: string, method: string, url: string, payload?: object | string, headers?: Record<string, string>) =>
    h.app.inject({ method: method as 'GET', url, payload, headers, cookies: { tl_session: cookie[who] } });

  beforeAll(async () => {
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    ana = await addUser(h, { email: 'ana@example.org', tier: 'generalist' });
    ben = await addUser(h, { email: 'ben@example.org', tier: 'generalist' });
    for (const [k, p] of Object.entries({ admin, manager, ana, ben })) cookie[k] = await signIn(h, p);

    const open = await as('manager', 'POST', '/api/projects', {
      name: 'Open',
      type: 'preference',
      domains: ['safety'],
      overlap: 2,
      goldRate: 0.5,
    });
    expect(open.statusCode, open.body).toBe(201);
    openId = open.json().project.id;
    const closed = await as('manager', 'POST', '/api/projects', {
      name: 'Specialists only',
      type: 'demonstration',
      domains: ['medicine'],
      eligibility: { tiers: ['specialist'], requireCertification: true },
    });
    closedId = closed.json().project.id;

    const lines = Array.from({ length: 8 }, (_, i) =>
      JSON.stringify({
        id: `p${i}`,
        type: 'preference',
        domain: 'safety',
        prompt: `Question ${i}`,
        responses: [
          { id: 'a', text: `first ${i}` },
          { id: 'b', text: `second ${i}` },
        ],
        ...(i % 2 === 0 ? { gold: { choice: 'a', explanation: GOLD_MARK } } : {}),
      }),
    );
    const imp = await as('manager', 'POST', `/api/projects/${openId}/tasks`, lines.join('\n'), { 'content-type': 'application/x-ndjson' });
    expect(imp.json()).toEqual({ imported: 8, skipped: 0 });
    const med = await as(
      'manager',
      'POST',
      `/api/projects/${closedId}/tasks`,
      JSON.stringify({ id: 'm1', type: 'demonstration', domain: 'medicine', prompt: 'Explain sepsis' }),
      {
        'content-type': 'application/x-ndjson',
      },
    );
    expect(med.statusCode).toBe(200);
  });
  afterAll(() => h.close());

  it('never sends gold to a tutor, in any task they can lease or any project view', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await as('ana', 'POST', `/api/projects/${openId}/next`);
      if (res.statusCode === 204) break;
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(Object.keys(body.task).sort()).toEqual(['domain', 'id', 'payload', 'type']);
      expect(res.body).not.toContain(GOLD_MARK);
      expect(res.body).not.toMatch(/"gold"|isGold|is_gold/);
      seen.push(res.body);
      const sub = await as('ana', 'POST', `/api/assignments/${body.assignment.id}/submit`, {
        response: { choice: 'b', strength: 2 },
        durationMs: 3000,
      });
      expect(sub.statusCode, sub.body).toBe(201);
    }
    expect(seen.length).toBeGreaterThan(0);
    for (const url of ['/api/projects', `/api/projects/${openId}`, '/api/me']) {
      const res = await as('ana', 'GET', url);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(GOLD_MARK);
      expect(res.body).not.toMatch(/"stats"/);
    }
  });

  it("keeps other tutors' annotations and the task list, stats and exports from tutors", async () => {
    for (const url of [
      `/api/projects/${openId}/tasks`,
      `/api/projects/${openId}/stats`,
      `/api/projects/${openId}/export?format=annotations`,
      '/api/users',
      '/api/audit',
    ]) {
      expect((await as('ben', 'GET', url)).statusCode, url).toBe(403);
    }
    const lease = await as('ben', 'POST', `/api/projects/${openId}/next`);
    expect(lease.statusCode).toBe(200);
    const id = lease.json().assignment.id;
    // Ana can neither submit nor skip Ben's lease.
    expect((await as('ana', 'POST', `/api/assignments/${id}/submit`, { response: { choice: 'a' }, durationMs: 10 })).statusCode).toBe(403);
    expect((await as('ana', 'POST', `/api/assignments/${id}/skip`)).statusCode).toBe(403);
    const first = await as('ben', 'POST', `/api/assignments/${id}/submit`, { response: { choice: 'a' }, durationMs: 10 });
    expect(first.statusCode).toBe(201);
    // …and Ben cannot submit it twice: another answer is refused, a retry of the same one gets the original back.
    const again = await as('ben', 'POST', `/api/assignments/${id}/submit`, { response: { choice: 'b' }, durationMs: 10 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
    const retry = await as('ben', 'POST', `/api/assignments/${id}/submit`, { response: { choice: 'a' }, durationMs: 10 });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().annotationId).toBe(first.json().annotationId);
  });

  it('hides projects a tutor is not admitted to', async () => {
    const list = await as('ana', 'GET', '/api/projects');
    expect(list.json().projects.map((p: { id: number }) => p.id)).toEqual([openId]);
    expect(list.json().projects[0].available).toEqual(expect.any(Number));
    expect((await as('ana', 'GET', `/api/projects/${closedId}`)).statusCode).toBe(404);
    // Asking for work there is refused as for a project that does not exist (404, #12), and leaks no task.
    const next = await as('ana', 'POST', `/api/projects/${closedId}/next`);
    expect(next.statusCode).toBe(404);
    expect(next.json().error.code).toBe('not_found');
    expect(next.body).not.toContain('sepsis');
  });

  it('answers a wrong submission with 400 naming the field', async () => {
    const lease = await as('ben', 'POST', `/api/projects/${openId}/next`);
    if (lease.statusCode === 204) return expect(lease.statusCode).toBe(204);
    const res = await as('ben', 'POST', `/api/assignments/${lease.json().assignment.id}/submit`, {
      response: { choice: 'zzz' },
      durationMs: 10,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: expect.stringContaining('choice') })]),
    );
  });

  it('answers a bad import with 400 listing every bad line, and imports nothing', async () => {
    const body = [
      JSON.stringify({
        id: 'ok',
        type: 'preference',
        domain: 'safety',
        prompt: 'p',
        responses: [
          { id: 'a', text: 'x' },
          { id: 'b', text: 'y' },
        ],
      }),
      JSON.stringify({ id: 'bad1', type: 'preference', domain: 'safety', prompt: 'p', responses: [{ id: 'a', text: 'x' }] }),
      '{not json',
    ].join('\n');
    const res = await as('manager', 'POST', `/api/projects/${openId}/tasks`, body, { 'content-type': 'application/x-ndjson' });
    expect(res.statusCode).toBe(400);
    const lines = res.json().error.problems.map((p: { line: number }) => p.line);
    expect(lines).toEqual(expect.arrayContaining([2, 3]));
    const tasks = await as('manager', 'GET', `/api/projects/${openId}/tasks?limit=100`);
    expect(tasks.json().total).toBe(8);
  });

  it('audits every admin and manager action made over HTTP', async () => {
    const count = async (actorId: number) => {
      const res = await as('admin', 'GET', '/api/audit?limit=1000');
      return res.json().events.filter((e: { actor: number | null }) => e.actor === actorId).length;
    };
    const actions: [string, Person, string, string, object?][] = [
      ['admin', admin, 'POST', '/api/users', { email: 'new@example.org', name: 'New', password: 'long enough pw' }],
      ['admin', admin, 'PATCH', `/api/users/${ben.user.id}`, { tier: 'specialist' }],
      ['manager', manager, 'POST', `/api/users/${ben.user.id}/certifications`, { domain: 'medicine', level: 2 }],
      ['manager', manager, 'DELETE', `/api/users/${ben.user.id}/certifications/medicine`, { reason: 'test' }],
      ['manager', manager, 'PATCH', `/api/projects/${openId}`, { instructions: 'Be careful.' }],
      ['manager', manager, 'POST', '/api/projects', { name: 'Audited', type: 'demonstration', domains: ['code'] }],
    ];
    for (const [who, person, method, url, payload] of actions) {
      const before = await count(person.user.id);
      const res = await as(who, method, url, payload);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      expect(await count(person.user.id), `${method} ${url}`).toBeGreaterThan(before);
    }
  });

  it('never sends gold through submit-and-next either, and ends with next: null where next answers 204', async () => {
    const tutor = await addUser(h, { email: 'cleo@example.org', tier: 'generalist' });
    cookie.cleo = await signIn(h, tutor);
    const first = await as('cleo', 'POST', `/api/projects/${openId}/next`);
    expect(first.statusCode, first.body).toBe(200);
    let id: number = first.json().assignment.id;
    let leases = 1;
    for (let i = 0; i < 20; i++) {
      const res = await as('cleo', 'POST', `/api/assignments/${id}/submit-and-next`, {
        response: { choice: 'b', strength: 2 },
        durationMs: 3000,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.body).not.toContain(GOLD_MARK);
      expect(res.body).not.toMatch(/"gold"|isGold|is_gold/);
      const body = res.json();
      expect(typeof body.annotationId).toBe('number');
      if (body.next === null) {
        expect(Object.keys(body)).toEqual(['annotationId', 'next']);
        break;
      }
      expect(Object.keys(body.next.task).sort()).toEqual(['domain', 'id', 'payload', 'type']);
      id = body.next.assignment.id;
      leases++;
    }
    expect(leases).toBeGreaterThan(1);
    expect((await as('cleo', 'POST', `/api/projects/${openId}/next`)).statusCode).toBe(204);
  });
});
