/**
 * Single sign-on in Chromium against a real OpenID provider on loopback (`oidc-provider`): sign-in of a
 * pre-created user and sign-out at the provider too, claim → role mapping with just-in-time creation,
 * and refusals: an email domain not allowed, a tampered `state`, an expired ID token, a replayed code.
 * Every sign-in and refusal must be in the audit log. The server starts empty with one admin made by
 * `tutorloop init` (no demo to seed: these cases need no projects), beside the browser's launch.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession } from '../support/e2e/api.js';
import { launch, openPage } from '../support/e2e/browser.js';
import { ROOT, startServer, type RunningServer } from '../support/e2e/server.js';
import { startProvider, type TestProvider } from '../support/oidcProvider.js';

let server: RunningServer;
let provider: TestProvider;
let browser: Browser;
let admin: ApiSession;
/** Run once the browser is at the provider's login page (the tampering test). */
let tamper: (() => Promise<void>) | null = null;

const ADMIN = { email: 'admin@example.org', password: 'sso-admin-password-2026' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  const init = promisify(execFile)(process.execPath, ['bin/tutorloop.js', 'init', '--db', `sqlite:${server.dbPath}`], {
    cwd: ROOT,
    env: { ...process.env, TUTORLOOP_ADMIN_EMAIL: ADMIN.email, TUTORLOOP_ADMIN_PASSWORD: ADMIN.password },
  });
  [provider] = await Promise.all([startProvider(`${server.url}/api/sso/callback`, `${server.url}/`), init]);
  provider.accounts.set('ann', { email: 'ann@corp.example', email_verified: true, name: 'Ann Tutor', groups: ['staff'] });
  provider.accounts.set('mia', { email: 'mia@corp.example', email_verified: true, name: 'Mia Manager', groups: ['tl-managers'] });
  provider.accounts.set('eve', { email: 'eve@elsewhere.example', email_verified: true, name: 'Eve' });
  admin = await ApiSession.signIn(server.url, ADMIN.email, ADMIN.password);
  await admin.createUser({
    email: 'ann@corp.example',
    name: 'Ann',
    password: 'ann-password-2026-long',
    role: 'tutor',
    domains: ['general'],
  });
  await admin.json('PUT', '/api/sso/config', {
    enabled: true,
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    allowedEmailDomains: ['corp.example'],
    rules: [{ claim: 'groups', value: 'tl-managers', role: 'manager', tier: 'specialist', domains: ['medicine'] }],
    createUsers: true,
    passwordSignIn: true,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await provider?.close();
  await server?.stop();
});

/** From our sign-in page through the provider's login and consent pages; returns where the browser lands. */
async function ssoSignIn(page: Page, login: string): Promise<URL> {
  // The provider's development pages load a web font; this machine has no internet to wait for.
  await page.route('https://fonts.googleapis.com/**', (route) => route.abort());
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
  await page.locator('input[name=login]').fill(login);
  await tamper?.();
  tamper = null;
  await page.locator('input[name=password]').fill('any password');
  await page.locator('button[type=submit]').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.origin === server.url && !u.pathname.startsWith('/api/'), { waitUntil: 'commit' });
  return new URL(page.url());
}

async function auditSince(id: number): Promise<{ id: number; action: string; detail: Record<string, unknown> }[]> {
  const { events } = await admin.json<{ events: { id: number; action: string; detail: Record<string, unknown> }[] }>(
    'GET',
    '/api/audit?limit=200',
  );
  return events.filter((e) => e.id > id).reverse();
}
const lastAuditId = async () => (await auditSince(0)).at(-1)?.id ?? 0;

describe('single sign-on with OpenID Connect', () => {
  it('signs a pre-created user in with their role, and signing out ends the provider session too', async () => {
    const from = await lastAuditId();
    const { page, context, errors } = await openPage(browser, server.url);
    await ssoSignIn(page, 'ann');
    await page.locator('header.topbar').waitFor();
    const me = await (await page.request.get('/api/me')).json();
    expect(me.user).toMatchObject({ email: 'ann@corp.example', role: 'tutor' });
    const cookies = await context.cookies(server.url);
    expect(cookies.find((c) => c.name === 'tl_session')).toMatchObject({ httpOnly: true });

    await page.getByRole('button', { name: /sign out/i }).click();
    await page.waitForURL((u) => u.origin === provider.issuer, { waitUntil: 'commit' });
    expect((await page.request.get(`${server.url}/api/me`)).status()).toBe(401);
    expect((await auditSince(from)).map((e) => e.action)).toEqual(['sso.sign_in']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates a user on first sign-in with the role, tier and domains their claims map to', async () => {
    const { page, context } = await openPage(browser, server.url);
    await ssoSignIn(page, 'mia');
    await page.locator('header.topbar').waitFor();
    const me = await (await page.request.get('/api/me')).json();
    expect(me.user).toMatchObject({
      email: 'mia@corp.example',
      name: 'Mia Manager',
      role: 'manager',
      tier: 'specialist',
      domains: ['medicine'],
    });
    await context.close();
  });

  it('refuses an email domain that is not allowed, and says why', async () => {
    const from = await lastAuditId();
    const { page, context } = await openPage(browser, server.url);
    const landed = await ssoSignIn(page, 'eve');
    expect(landed.searchParams.get('ssoError')).toBe('accounts from elsewhere.example may not sign in here');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('may not sign in here');
    expect((await page.request.get('/api/me')).status()).toBe(401);
    const audit = await auditSince(from);
    expect(audit.map((e) => [e.action, e.detail.reason])).toEqual([['sso.refuse', 'email domain not allowed: eve@elsewhere.example']]);
    await context.close();
  });

  it('refuses a callback whose state was tampered with', async () => {
    const from = await lastAuditId();
    const { page, context } = await openPage(browser, server.url);
    // Once the provider's page shows, this browser's state is no longer the one the flow started with.
    tamper = () => context.addCookies([{ name: 'tl_sso_state', value: 'planted-by-someone-else', domain: '127.0.0.1', path: '/api/sso' }]);
    const landed = await ssoSignIn(page, 'ann');
    expect(landed.searchParams.get('ssoError')).toMatch(/not started in this browser/);
    expect((await page.request.get('/api/me')).status()).toBe(401);
    expect((await auditSince(from)).map((e) => [e.action, e.detail.reason])).toEqual([['sso.refuse', 'state mismatch']]);
    await context.close();
  });

  it('refuses an expired ID token', async () => {
    const from = await lastAuditId();
    const { page, context } = await openPage(browser, server.url);
    provider.expireIdTokens = true;
    try {
      const landed = await ssoSignIn(page, 'ann');
      expect(landed.searchParams.get('ssoError')).toMatch(/did not check out/);
    } finally {
      provider.expireIdTokens = false;
    }
    expect((await page.request.get('/api/me')).status()).toBe(401);
    const [refusal] = await auditSince(from);
    expect(refusal.action).toBe('sso.refuse');
    expect(String(refusal.detail.reason)).toMatch(/"exp"/);
    await context.close();
  });

  it('refuses a replayed code, even with the state cookie it came with', async () => {
    const { page, context } = await openPage(browser, server.url);
    let callback = '';
    let state = '';
    page.on('request', (r) => {
      if (r.url().includes('/api/sso/callback?')) callback = r.url();
    });
    page.on('response', async (r) => {
      if (r.url().includes('/api/sso/start')) state = /tl_sso_state=([^;]+)/.exec((await r.allHeaders())['set-cookie'] ?? '')?.[1] ?? '';
    });
    await ssoSignIn(page, 'ann');
    await page.locator('header.topbar').waitFor();
    await context.close();
    expect(callback).toContain('code=');
    expect(state).not.toBe('');

    const from = await lastAuditId();
    const attacker = await openPage(browser, server.url);
    await attacker.context.addCookies([{ name: 'tl_sso_state', value: state, domain: '127.0.0.1', path: '/api/sso' }]);
    await attacker.page.goto(callback);
    expect(new URL(attacker.page.url()).searchParams.get('ssoError')).toMatch(/already used or has expired/);
    expect((await attacker.page.request.get('/api/me')).status()).toBe(401);
    expect((await auditSince(from)).map((e) => [e.action, e.detail.reason])).toEqual([['sso.refuse', 'unknown, used or expired state']]);
    await attacker.context.close();
  });
});
