/**
 * The SSO configuration over the API on both databases: the client secret is stored sealed and never
 * returned, every change is audited without it, and switching password sign-in off refuses passwords
 * (403) while SSO is on, until the operator's CLI path turns it back on. The webhook secret likewise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSsoConfig } from '../../../src/services/sso/config.js';
import { addUser, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';

const CONFIG = { enabled: true, issuer: 'https://idp.example.org', clientId: 'tutorloop', allowedEmailDomains: ['example.org'] };

describe.each(testDatabases())('SSO configuration on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let tutor: Person;
  let cookie: string;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor' });
    cookie = await signIn(h, admin);
  });
  afterAll(() => h.close());

  const put = (payload: object) => h.app.inject({ method: 'PUT', url: '/api/sso/config', cookies: { tl_session: cookie }, payload });

  it('seals the client secret, never returns it, keeps it when omitted, and audits without it', async () => {
    const first = await put({ ...CONFIG, clientSecret: 'very-secret-client-secret' });
    expect(first.statusCode).toBe(200);
    expect(first.body).not.toContain('very-secret-client-secret');
    expect(first.json().config).toMatchObject({ ...CONFIG, hasClientSecret: true, passwordSignIn: true, createUsers: false });
    const row = await h.store.db.selectFrom('sso_config').selectAll().executeTakeFirstOrThrow();
    expect(row.client_secret_enc).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain('very-secret-client-secret');

    const again = await put({ ...CONFIG, allowedEmailDomains: [] });
    expect(again.json().config).toMatchObject({ hasClientSecret: true, allowedEmailDomains: [] });
    expect((await h.store.db.selectFrom('sso_config').select('client_secret_enc').executeTakeFirstOrThrow()).client_secret_enc).toBe(
      row.client_secret_enc,
    );
    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'sso.configure').execute();
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.detail).join()).not.toContain('very-secret-client-secret');
    expect(audit.map((a) => JSON.parse(a.detail).clientSecretChanged)).toEqual([true, false]);
  });

  it('refuses an http issuer that is not on this machine', async () => {
    const res = await put({ ...CONFIG, issuer: 'http://idp.example.org' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/https/);
  });

  it('with password sign-in off, refuses passwords (403) until the operator turns them back on', async () => {
    expect((await put({ ...CONFIG, passwordSignIn: false })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/sso' })).json()).toEqual({ sso: true, passwordSignIn: false });
    const refused = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: tutor.user.email, password: tutor.password },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/single sign-on/);
    await setSsoConfig(h.ctx, null, { ...CONFIG, passwordSignIn: true });
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/session', payload: { email: tutor.user.email, password: tutor.password } }))
        .statusCode,
    ).toBe(200);
  });

  it('never returns a webhook secret after the create answer', async () => {
    const made = await h.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      cookies: { tl_session: cookie },
      payload: { url: 'https://hooks.example.org/in', events: ['task.completed'] },
    });
    expect(made.statusCode).toBe(201);
    const { secret } = made.json();
    expect(secret).toMatch(/^whsec_/);
    const listed = await h.app.inject({ method: 'GET', url: '/api/webhooks', cookies: { tl_session: cookie } });
    expect(listed.body).not.toContain(secret.slice(6));
    const stored = await h.store.db.selectFrom('webhook_endpoints').select('secret_enc').executeTakeFirstOrThrow();
    expect(stored.secret_enc).not.toContain(secret.slice(6));
  });
});
