/**
 * The admin console (issue 15) in a real browser: `/admin` and `/audit` open; an admin creates a
 * user, changes role, tier, domains and pay, resets a password and disables the account; creates,
 * uses and revokes an API token; filters and pages the audit log. The server's answers are checked
 * after each step. A manager is refused the admin pages by the server, not only by the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { seriousA11yViolations } from '../support/e2e/axe.js';
import { launch, openPage, screenshot, signIn, unlabelledControls, type Watched } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const NEW = { email: 'new.tutor@e2e.example', name: 'Nia New', password: 'first-password-2026' };

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let adminApi: ApiSession;

interface ApiUser {
  id: number;
  email: string;
  role: string;
  tier: string;
  domains: string[];
  payModel: string;
  payRate: number;
  disabled: boolean;
}
const userByEmail = async (email: string) =>
  (await adminApi.json<{ users: ApiUser[] }>('GET', '/api/users')).users.find((u) => u.email === email);

/** Every page of the console: labelled controls, no serious axe finding, screenshots at desktop and phone widths. */
async function checkPage(name: string) {
  await expect(unlabelledControls(page), `${name}: unlabelled controls`).resolves.toEqual([]);
  await expect(seriousA11yViolations(page), `${name}: axe`).resolves.toEqual([]);
  await screenshot(page, `admin-${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `admin-${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(overflow, `${name}: the page scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  server = await startServer({ demo: true });
  adminApi = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
  page.on('dialog', (d) => void d.accept());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('admin console', () => {
  it('/admin opens the users page; an admin creates a user', async () => {
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL('**/admin/users');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.locator('table.users tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByLabel('Email').fill(NEW.email);
    await page.getByLabel('Name', { exact: true }).fill(NEW.name);
    await page.getByLabel('Role').selectOption('tutor');
    await page.getByLabel('Domains (comma-separated)').fill('medicine');
    await page.getByLabel(/^Pay rate/).fill('0.60');
    await page.getByLabel(/First password/).fill('short');
    await checkPage('users-new');
    await page.getByLabel(/First password/).fill('password123');
    await page.getByRole('button', { name: 'Create user' }).click();
    // The server's policy refuses a common password, and the page says which field.
    await page.getByRole('alert').filter({ hasText: 'password' }).waitFor();
    await page.getByLabel(/First password/).fill(NEW.password);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Created ${NEW.name}.` })
      .waitFor();
    expect(await userByEmail(NEW.email)).toMatchObject({ role: 'tutor', tier: 'generalist', domains: ['medicine'], payRate: 60 });
  });

  it('edits role, tier, domains and pay; only the changed fields are sent', async () => {
    const row = page.locator('tr', { hasText: NEW.email });
    await row.getByRole('button', { name: `Edit ${NEW.name}` }).click();
    const editor = page.getByRole('form', { name: `Edit ${NEW.name}` });
    await editor.getByLabel('Role').selectOption('reviewer');
    await editor.getByLabel('Tier').selectOption('specialist');
    await editor.getByLabel('Domains (comma-separated)').fill('medicine, law');
    await editor.getByLabel('Pay model').selectOption('hourly');
    await editor.getByLabel(/^Pay rate/).fill('30');
    await checkPage('users-edit');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'role, tier, domains, payModel, payRate changed' }).waitFor();
    expect(await userByEmail(NEW.email)).toMatchObject({
      role: 'reviewer',
      tier: 'specialist',
      domains: ['medicine', 'law'],
      payModel: 'hourly',
      payRate: 3000,
      disabled: false,
    });
    await expect(page.locator('tr', { hasText: NEW.email }).textContent()).resolves.toMatch(
      /reviewer.*specialist.*medicine, law.*\$30\.00\/hour/s,
    );
  });

  it('resets the password: the old one fails, the new one signs in', async () => {
    await page
      .locator('tr', { hasText: NEW.email })
      .getByRole('button', { name: `Edit ${NEW.name}` })
      .click();
    const form = page.getByRole('form', { name: `Set a new password for ${NEW.name}` });
    await form.getByLabel('New password').fill('a-brand-new-password-9');
    await form.getByRole('button', { name: 'Set password' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${NEW.name}'s password is set` })
      .waitFor();
    await expect(ApiSession.signIn(server.url, NEW.email, NEW.password)).rejects.toThrow(/401/);
    await ApiSession.signIn(server.url, NEW.email, 'a-brand-new-password-9');
  });

  it('disables the user: they can no longer sign in', async () => {
    await page
      .locator('tr', { hasText: NEW.email })
      .getByRole('button', { name: `Edit ${NEW.name}` })
      .click();
    const editor = page.getByRole('form', { name: `Edit ${NEW.name}` });
    await editor.getByLabel('Disabled (cannot sign in)').check();
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'disabled changed' }).waitFor();
    await expect(page.locator('tr', { hasText: NEW.email }).locator('td').nth(5).textContent()).resolves.toBe('disabled');
    expect((await userByEmail(NEW.email))?.disabled).toBe(true);
    await expect(ApiSession.signIn(server.url, NEW.email, 'a-brand-new-password-9')).rejects.toThrow(/401/);
  });

  it('creates an API token that works, then revokes it', async () => {
    await page.locator('nav.subnav').getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByLabel('Token name').fill('nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByLabel('New token').inputValue()).trim();
    expect(secret.length).toBeGreaterThan(20);
    await page.locator('tr', { hasText: 'nightly export' }).waitFor();
    await checkPage('tokens');
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke nightly export' }).click();
    await page.getByText('You have no live tokens.').waitFor();
    const after = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
  });

  it('filters the audit log by actor and action, and pages it on the server', async () => {
    await page.goto('/audit');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('table.audit tbody tr').first().waitFor();
    const filters = page.getByRole('form', { name: 'Filter the audit log' });
    const adminOption = filters.getByLabel('Actor').locator('option', { hasText: DEMO.admin.email });
    await adminOption.waitFor({ state: 'attached' });
    await filters.getByLabel('Actor').selectOption((await adminOption.getAttribute('value'))!);
    await filters.getByLabel(/^Action/).fill('user.update');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=user\.update/);
    const rows = page.locator('table.audit tbody tr');
    await expect.poll(() => rows.count()).toBe(2); // the edit and the disabling (a password reset is its own action)
    const actions = await rows.locator('td:nth-child(3)').allTextContents();
    expect(new Set(actions)).toEqual(new Set(['user.update']));
    await checkPage('audit');

    // Paging: more events than a page (the demo's and these renames); "Older" fetches the next page by cursor.
    const me = await adminApi.json<{ user: { id: number } }>('GET', '/api/me');
    for (let i = 0; i < 15; i++) await adminApi.json('PATCH', `/api/users/${me.user.id}`, { name: `Ada Admin ${i}` });
    await page.goto('/audit');
    await rows.first().waitFor();
    const firstPage = await rows.locator('td:nth-child(3)').allTextContents();
    expect(firstPage).toHaveLength(50);
    const total = (await adminApi.json<{ events: unknown[] }>('GET', '/api/audit?limit=1000')).events.length;
    expect(total).toBeGreaterThan(50);
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText('Page 2').waitFor();
    await expect.poll(() => rows.count()).toBe(Math.min(50, total - 50));
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByText('Page 1').waitFor();
    expect(w.errors).toEqual([]);
  });

  it("every admin page sits in the console's one main landmark (no nested main, no duplicate id)", async () => {
    const w = await openPage(browser, server.url);
    await signIn(w.page, DEMO.admin.email, DEMO.admin.password);
    for (const [path, heading] of [
      ['/admin/users', 'Users'],
      ['/audit', 'Audit log'],
      ['/admin/tokens', 'API tokens'],
      ['/admin/models', 'Model endpoints'],
      ['/admin/integrations', 'Integrations'],
    ]) {
      await w.page.goto(path);
      await w.page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await expect(w.page.locator('main').count(), path).resolves.toBe(1);
      await expect(w.page.locator('[id="main"]').count(), path).resolves.toBe(1);
    }
    expect(w.errors).toEqual([]);
    await w.page.context().close();
  });

  it('refuses a manager: the page says so and the server answers 403', async () => {
    const m = await openPage(browser, server.url);
    await signIn(m.page, DEMO.manager.email, DEMO.manager.password);
    // A manager's home is the projects overview, not the tutor's work page.
    await m.page.waitForURL('**/manage/projects');
    await m.page.goto('/admin/users');
    await m.page.getByRole('alert').filter({ hasText: 'This page is for the admin role' }).waitFor();
    await expect(m.page.getByRole('navigation', { name: 'Administration' }).getByRole('link').allTextContents()).resolves.toEqual([
      'API tokens',
    ]);
    const managerApi = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
    expect((await managerApi.raw('GET', '/api/audit')).status).toBe(403);
    expect((await managerApi.raw('POST', '/api/users/1/password', { password: 'x-long-enough-pw-1' })).status).toBe(403);
    await m.context.close();
  });
});
