/**
 * Sign-in, sessions, tokens and the browser-facing protections (CSRF, headers, rate limit),
 * against real SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import { SESSION_TTL_MS } from '../../../src/services/auth/index.js';
import { buildApp } from '../../../src/server/app.js';
import { TOKEN_CACHE_TTL_MS } from '../../../src/store/repositories/authLookup.js';

describe.each(testDatabases())('auth on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let tutor: Person;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor' });
  });
  afterAll(() => h.close());

  it('signs in with an HttpOnly, SameSite=Lax cookie whose secret is stored only as a hash', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'TUTOR@example.org', password: tutor.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'tutor@example.org', role: 'tutor' });
    expect(res.json().user.passwordHash).toBeUndefined();
    const cookie = res.cookies.find((c) => c.name === 'tl_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const rows = await h.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(cookie.value);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    const pw = await h.store.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'tutor@example.org')
      .executeTakeFirstOrThrow();
    expect(pw.password_hash).toMatch(/^scrypt\$/);
    expect(pw.password_hash).not.toContain(tutor.password);
  });

  it('answers a wrong password and an unknown email alike, in the error shape', async () => {
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'admin@example.org', password: 'nope-nope' },
    });
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'ghost@example.org', password: 'nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ error: { code: 'unauthorized', message: 'wrong email or password' } });
  });

  it('rate-limits sign-in per IP and email with 429 rate_limited', async () => {
    // A second app over the same database, with a small limit (the shared one allows many sign-ins for the other tests).
    const limited = await buildApp({ ctx: h.ctx, loginRateLimit: 3, webDir: '/nonexistent' });
    const attempt = () =>
      limited.inject({ method: 'POST', url: '/api/session', payload: { email: 'limited@example.org', password: 'guess-guess' } });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await attempt()).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const last = await attempt();
    expect(last.json().error.code).toBe('rate_limited');
    // Another account from the same address is not locked out by that.
    const other = await limited.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: admin.user.email, password: admin.password },
    });
    expect(other.statusCode).toBe(200);
    await limited.close();
  });

  it('rejects a body that does not fit with every problem listed', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'x@example.org' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
    expect(res.json().error.problems).toEqual([expect.objectContaining({ field: 'password' })]);
  });

  it('signs out: the session no longer works and its row is gone', async () => {
    const token = await signIn(h, tutor);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', cookies: { tl_session: token } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'DELETE', url: '/api/session', cookies: { tl_session: token } })).statusCode).toBe(204);
    const after = await h.app.inject({ method: 'GET', url: '/api/me', cookies: { tl_session: token } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthorized');
  });

  it('ends the session a browser already had when it signs in again', async () => {
    const before = await signIn(h, tutor);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      cookies: { tl_session: before },
      payload: { email: tutor.user.email, password: tutor.password },
    });
    expect(res.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', cookies: { tl_session: before } })).statusCode).toBe(401);
  });

  it('expires sessions after their lifetime', async () => {
    const token = await signIn(h, tutor);
    h.clock.now += SESSION_TTL_MS + 1;
    try {
      expect((await h.app.inject({ method: 'GET', url: '/api/me', cookies: { tl_session: token } })).statusCode).toBe(401);
    } finally {
      h.clock.now -= SESSION_TTL_MS + 1;
    }
  });

  it('issues API tokens shown once, usable as Bearer, stored hashed, revocable only by their owner', async () => {
    const adminCookie = await signIn(h, admin);
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      cookies: { tl_session: adminCookie },
      payload: { name: 'ci script' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^tl_/);
    const stored = await h.store.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(token);

    const me = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().user.email).toBe('admin@example.org');
    const list = await h.app.inject({ method: 'GET', url: '/api/tokens', headers: { authorization: `Bearer ${token}` } });
    expect(list.json().tokens).toEqual([expect.objectContaining({ id, name: 'ci script' })]);
    expect(JSON.stringify(list.json())).not.toContain(token);

    const tutorCookie = await signIn(h, tutor);
    const stolen = await h.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, cookies: { tl_session: tutorCookie } });
    expect(stolen.statusCode).toBe(404);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, cookies: { tl_session: adminCookie } })).statusCode).toBe(204);
    const revoked = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
    const garbage = await h.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: 'Basic abc' },
      cookies: { tl_session: adminCookie },
    });
    expect(garbage.statusCode).toBe(401);
  });

  it('refuses cookie-authenticated writes from another origin, but not bearer ones or our own origin', async () => {
    const cookie = await signIn(h, admin);
    const foreign = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      cookies: { tl_session: cookie },
      headers: { origin: 'https://evil.example' },
      payload: { name: 'x' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('forbidden');
    const crossSite = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      cookies: { tl_session: cookie },
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { name: 'x' },
    });
    expect(crossSite.statusCode).toBe(403);
    const loginCsrf = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { origin: 'https://evil.example' },
      payload: { email: admin.user.email, password: admin.password },
    });
    expect(loginCsrf.statusCode).toBe(403);
    const own = await h.app.inject({
      method: 'POST',
      url: '/api/tokens',
      cookies: { tl_session: cookie },
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      payload: { name: 'x' },
    });
    expect(own.statusCode).toBe(201);
    const bearer = await h.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${own.json().token}`, origin: 'https://evil.example' },
    });
    expect(bearer.statusCode).toBe(200);
  });

  it('disabling a user ends their sessions and refuses new sign-ins', async () => {
    const victim = await addUser(h, { email: 'leaver@example.org' });
    const token = await signIn(h, victim);
    const adminCookie = await signIn(h, admin);
    const res = await h.app.inject({
      method: 'PATCH',
      url: `/api/users/${victim.user.id}`,
      cookies: { tl_session: adminCookie },
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', cookies: { tl_session: token } })).statusCode).toBe(401);
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: victim.user.email, password: victim.password },
    });
    expect(again.statusCode).toBe(401);
  });

  it('applies disabling, a role change and a revoke to API tokens at once, though tokens are cached in process', async () => {
    const scripter = await addUser(h, { email: 'scripter@example.org' });
    const cookie = await signIn(h, scripter);
    const adminCookie = await signIn(h, admin);
    const { token } = (
      await h.app.inject({ method: 'POST', url: '/api/tokens', cookies: { tl_session: cookie }, payload: { name: 'loop' } })
    ).json();
    const bearer = (url: string) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const patch = (payload: object) =>
      h.app.inject({ method: 'PATCH', url: `/api/users/${scripter.user.id}`, cookies: { tl_session: adminCookie }, payload });
    // Used (so cached), then each change is seen by the very next request.
    expect((await bearer('/api/me')).statusCode).toBe(200);
    expect((await bearer('/api/users')).statusCode).toBe(403);
    expect((await patch({ role: 'manager' })).statusCode).toBe(200);
    expect((await bearer('/api/users')).statusCode).toBe(200);
    expect((await patch({ disabled: true })).statusCode).toBe(200);
    expect((await bearer('/api/me')).statusCode).toBe(401);
    expect((await patch({ disabled: false })).statusCode).toBe(200);
    // Disabling revoked the token for good (#12): enabling the user again does not bring it back.
    expect((await bearer('/api/me')).statusCode).toBe(401);
    const other = await signIn(h, scripter);
    const fresh = (
      await h.app.inject({ method: 'POST', url: '/api/tokens', cookies: { tl_session: other }, payload: { name: 'loop 2' } })
    ).json();
    const freshMe = () => h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${fresh.token}` } });
    expect((await freshMe()).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/tokens/${fresh.id}`, cookies: { tl_session: other } })).statusCode).toBe(204);
    expect((await freshMe()).statusCode).toBe(401);
  });

  it('sees a revoke written by another process within the token cache TTL', async () => {
    const scripter = await addUser(h, { email: 'elsewhere@example.org' });
    const cookie = await signIn(h, scripter);
    const { id, token } = (
      await h.app.inject({ method: 'POST', url: '/api/tokens', cookies: { tl_session: cookie }, payload: { name: 'loop' } })
    ).json();
    const me = () => h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect((await me()).statusCode).toBe(200);
    // Straight to the database, as another server process or the CLI would: this process is not told.
    await h.store.db.updateTable('api_tokens').set({ revoked_at: Date.now() }).where('id', '=', id).execute();
    await new Promise((r) => setTimeout(r, TOKEN_CACHE_TTL_MS + 50));
    expect((await me()).statusCode).toBe(401);
  });

  it('sends security headers, and errors in the contract shape for unknown API routes', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /api/nope' } });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('says how to build the web app when dist/web is absent', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('npm run build');
  });
});
