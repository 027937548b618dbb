/**
 * An admin registers a model endpoint in the web app, tests it (latency and the reply from the
 * stand-in server, which is test infrastructure), and the key is never sent back to the page.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';
import { startOpenAiStandIn, type StandIn } from '../support/models/openaiStandIn.js';

const API_KEY = `sk-e2e-${randomBytes(8).toString('hex')}`;
let server: RunningServer;
let browser: Browser;
let standIn: StandIn;

beforeAll(async () => {
  // The server inherits this: no key file is written into the working tree.
  process.env.TUTORLOOP_SECRET_KEY = randomBytes(32).toString('hex');
  standIn = await startOpenAiStandIn({ apiKey: API_KEY });
  server = await startServer({ demo: true });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await standIn?.close();
});

describe('model endpoints page', () => {
  it('registers, tests and lists an endpoint without ever showing the key', async () => {
    const { page, errors, context } = await openPage(browser, server.url);
    const answers: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/api/')) answers.push(await r.text().catch(() => ''));
    });
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    // Model endpoints are a page of the admin console (web/src/admin/pages.ts).
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Models' }).click();
    await page.getByRole('heading', { name: 'Model endpoints' }).waitFor();

    await page.getByLabel('Name').fill('stand-in-judge');
    await page.getByLabel('Base URL').fill(standIn.baseUrl);
    await page.getByLabel('Model', { exact: true }).fill('stand-in');
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByLabel('Dollars per million input tokens').fill('3');
    await page.getByLabel('Dollars per million output tokens').fill('15');
    await page.getByRole('button', { name: 'Add endpoint' }).click();

    const row = page.locator('tr[data-endpoint="stand-in-judge"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toMatch(/^\d+ ms: “ready”$/);
    await expect.poll(() => row.locator('td.num').first().textContent()).toBe('1');
    await screenshot(page, 'model-endpoints');

    expect(standIn.keysSeen).toEqual(new Set([API_KEY]));
    expect(await page.content()).not.toContain(API_KEY);
    for (const body of answers) expect(body).not.toContain(API_KEY);
    expect(errors).toEqual([]);
    await context.close();
  });
});
