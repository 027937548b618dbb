/**
 * #12 item 10: a manager cannot record a certification as earned by an exam that never happened,
 * and disabling a user revokes their API tokens for good (enabling them again does not bring one back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

describe.each(testDatabases())('admin actions on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let manager: Person;
  let tutor: Person;
  let adminCookie: string;
  let managerCookie: string;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor' });
    adminCookie = await signIn(h, admin);
    managerCookie = await signIn(h, manager);
  });
  afterAll(() => h.close());

  const certify = (payload: object) =>
    h.app.inject({ method: 'POST', url: `/api/users/${tutor.user.id}/certifications`, cookies: { tl_session: managerCookie }, payload });

  it('refuses a manager-recorded exam certification, stores none, and still grants a plain one', async () => {
    for (const payload of [
      { domain: 'medicine', level: 3, source: 'exam', examId: 'med-exam-2026', score: 0.94 },
      { domain: 'medicine', source: 'exam' },
      { domain: 'medicine', examId: 'med-exam-2026' },
      { domain: 'medicine', score: 1 },
    ]) {
      const res = await certify(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const refused = await certify({ domain: 'medicine', source: 'exam' });
    expect(refused.json().error.message).toMatch(/source.*exam certifications are recorded by passing the exam/);
    expect(await h.store.db.selectFrom('certifications').selectAll().where('user_id', '=', tutor.user.id).execute()).toEqual([]);

    const granted = await certify({ domain: 'medicine', level: 2 });
    expect(granted.statusCode).toBe(201);
    const rows = await h.store.db.selectFrom('certifications').selectAll().where('user_id', '=', tutor.user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'granted', exam_id: null, score: null });
  });

  it('revokes every API token of a user who is disabled; enabling them again brings none back', async () => {
    const tutorCookie = await signIn(h, tutor);
    const tokens: string[] = [];
    for (const name of ['script a', 'script b']) {
      const created = await h.app.inject({ method: 'POST', url: '/api/tokens', cookies: { tl_session: tutorCookie }, payload: { name } });
      expect(created.statusCode).toBe(201);
      tokens.push(created.json().token);
    }
    const me = (token: string) => h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    for (const t of tokens) expect((await me(t)).statusCode).toBe(200);

    const patch = (disabled: boolean) =>
      h.app.inject({ method: 'PATCH', url: `/api/users/${tutor.user.id}`, cookies: { tl_session: adminCookie }, payload: { disabled } });
    expect((await patch(true)).statusCode).toBe(200);
    const live = await h.store.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', tutor.user.id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    expect((await patch(false)).statusCode).toBe(200);
    for (const t of tokens) expect((await me(t)).statusCode).toBe(401);
    const audit = await h.store.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'user.update')
      .where('target_id', '=', String(tutor.user.id))
      .execute();
    const details = audit.map((a) => (typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail) as { tokensRevoked?: number });
    expect(details.map((d) => d.tokensRevoked)).toContain(2);
  });
});
