/**
 * The admin console's server side (issue 15): the audit log filtered by actor, action, target and
 * time and paged by a cursor; an admin resetting a user's password, which ends that user's sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditList } from '../../../src/domain/api/audit.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

describe.each(testDatabases())('admin console routes on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let manager: Person;
  let tutor: Person;
  const cookie: Record<string, string> = {};
  const as = (who: string, method: string, url: string, payload?: object) =>
    h.app.inject({ method: method as 'GET', url, payload, cookies: { tl_session: cookie[who] } });
  const audit = async (query: string): Promise<AuditList> => {
    const res = await as('admin', 'GET', `/api/audit?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    tutor = await addUser(h, { email: 'tutor@example.org' });
    for (const [k, p] of Object.entries({ admin, manager, tutor })) cookie[k] = await signIn(h, p);
    // Five user changes by the admin, two projects by the manager.
    for (let i = 0; i < 5; i++) expect((await as('admin', 'PATCH', `/api/users/${tutor.user.id}`, { name: `T${i}` })).statusCode).toBe(200);
    for (const name of ['One', 'Two']) {
      const res = await as('manager', 'POST', '/api/projects', { name, type: 'preference', domains: ['general'] });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => h?.close());

  it('filters by actor, by action or action family, and by target', async () => {
    const byManager = await audit(`actor=${manager.user.id}`);
    expect(byManager.events.map((e) => e.action)).toEqual(['project.create', 'project.create']);
    expect(byManager.events.every((e) => e.actor === manager.user.id)).toBe(true);

    const updates = await audit('action=user.update');
    expect(updates.events).toHaveLength(5);
    const family = await audit('action=user.');
    expect(family.events.length).toBeGreaterThan(5); // the creations too
    expect(family.events.every((e) => e.action.startsWith('user.'))).toBe(true);

    const target = await audit(`targetType=user&targetId=${tutor.user.id}&action=user.update`);
    expect(target.events.map((e) => e.detail)).toEqual([4, 3, 2, 1, 0].map((i) => ({ changes: { name: `T${i}` } })));
  });

  it('pages newest first with a cursor, without repeats or gaps', async () => {
    const all = await audit('limit=1000');
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: AuditList = await audit(`limit=3${cursor ? `&before=${cursor}` : ''}`);
      expect(page.events.length).toBeLessThanOrEqual(3);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.events.map((e) => e.id));
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('filters by time: from inclusive, to exclusive', async () => {
    const all = (await audit('limit=1000')).events;
    const pivot = all[2].at;
    const from = await audit(`from=${encodeURIComponent(pivot)}&limit=1000`);
    const to = await audit(`to=${encodeURIComponent(pivot)}&limit=1000`);
    expect(from.events.every((e) => e.at >= pivot)).toBe(true);
    expect(to.events.every((e) => e.at < pivot)).toBe(true);
    expect(from.events.length + to.events.length).toBe(all.length);
    const bad = await as('admin', 'GET', '/api/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from');
  });

  it('an admin resets a password: the old one stops working, the user is signed out, and it is audited without the password', async () => {
    const weak = await as('admin', 'POST', `/api/users/${tutor.user.id}/password`, { password: 'password1' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.problems[0].field).toBe('password');
    expect((await as('manager', 'POST', `/api/users/${tutor.user.id}/password`, { password: 'a long new secret 42' })).statusCode).toBe(
      403,
    );

    expect((await as('tutor', 'GET', '/api/me')).statusCode).toBe(200);
    const ok = await as('admin', 'POST', `/api/users/${tutor.user.id}/password`, { password: 'a long new secret 42' });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await as('tutor', 'GET', '/api/me')).statusCode).toBe(401);
    const old = await h.app.inject({ method: 'POST', url: '/api/session', payload: { email: tutor.user.email, password: tutor.password } });
    expect(old.statusCode).toBe(401);
    const fresh = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: tutor.user.email, password: 'a long new secret 42' },
    });
    expect(fresh.statusCode).toBe(200);

    const [event] = (await audit('action=user.password_reset')).events;
    expect(event).toMatchObject({ actor: admin.user.id, target: { type: 'user', id: String(tutor.user.id) } });
    expect(JSON.stringify(event)).not.toContain('secret');
    expect((await as('admin', 'POST', '/api/users/99999/password', { password: 'a long new secret 42' })).statusCode).toBe(404);
  });
});
