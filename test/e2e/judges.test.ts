/**
 * Models in the loop, end to end in Chromium: an admin registers an endpoint (the stand-in server,
 * test infrastructure) and adds an AI judge; candidates are generated from prompts on the Generate
 * page (progress bar to the end); a specialist and a generalist answer; the judge runs from the same
 * page; the Quality page shows model, generalist and specialist side by side.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';
import { seededJudgeReplies } from '../support/models/judgeReplies.js';
import { startOpenAiStandIn, type StandIn } from '../support/models/openaiStandIn.js';

const API_KEY = `sk-e2e-${randomBytes(8).toString('hex')}`;
let server: RunningServer;
let browser: Browser;
let standIn: StandIn;

beforeAll(async () => {
  process.env.TUTORLOOP_SECRET_KEY = randomBytes(32).toString('hex');
  standIn = await startOpenAiStandIn({
    apiKey: API_KEY,
    respond: seededJudgeReplies(
      { 'judge-model': { accuracy: 0.8, positionBias: 0, confidence: 0.8 } },
      (b) => `${b.model} says: ${b.messages.at(-1)?.content}`,
    ),
  });
  server = await startServer({ demo: true });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await standIn?.close();
});

/** A person answers every task left for them in the project, always choosing `a`. */
async function answerAll(base: string, email: string, password: string, projectId: number) {
  const s = await ApiSession.signIn(base, email, password);
  for (;;) {
    const r = await s.raw('POST', `/api/projects/${projectId}/next`);
    if (r.status === 204) return;
    const lease = (await r.json()) as { assignment: { id: number } };
    await s.json('POST', `/api/assignments/${lease.assignment.id}/submit`, { response: { choice: 'a', strength: 2 }, durationMs: 20_000 });
  }
}

describe('generate, judge, compare', () => {
  it('registers an endpoint, generates candidates, runs the judge and shows the three tiers side by side', async () => {
    const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
    const { project } = await admin.createProject({
      name: 'Judged pairs',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      eligibility: { tiers: ['generalist', 'specialist', 'model'], requireCertification: false },
    });
    for (const [name, model] of [
      ['writer-b', 'writer-b'],
      ['judge', 'judge-model'],
    ])
      await admin.json('POST', '/api/models', {
        name,
        baseUrl: standIn.baseUrl,
        model,
        apiKey: API_KEY,
        priceInputPerMillion: 1,
        priceOutputPerMillion: 2,
      });
    for (const [email, tier] of [
      ['spec@e2e.example', 'specialist'],
      ['gen@e2e.example', 'generalist'],
    ])
      await admin.createUser({
        email,
        name: email.split('@')[0],
        tier,
        password: 'correct horse battery staple',
        payRate: tier === 'specialist' ? 90 : 30,
      });

    const { page, errors, context } = await openPage(browser, server.url);
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Models' }).click();
    await page.getByLabel('Name').fill('writer-a');
    await page.getByLabel('Base URL').fill(standIn.baseUrl);
    await page.getByLabel('Model', { exact: true }).fill('writer-a');
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByLabel('Dollars per million input tokens').fill('3');
    await page.getByLabel('Dollars per million output tokens').fill('15');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.locator('tr[data-endpoint="writer-a"]').waitFor();

    await page.getByLabel('Judge', { exact: true }).fill('Judge Ada');
    await page.getByLabel('Endpoint', { exact: true }).selectOption('judge');
    await page.getByRole('button', { name: 'Add judge' }).click();
    await page.locator('tr[data-judge="Judge Ada"]').waitFor();

    await page.goto(`${server.url}/manage/generate/${project.id}`);
    const prompts = Array.from({ length: 4 }, (_, i) => JSON.stringify({ id: `q${i}`, prompt: `Question ${i}?`, domain: 'general' })).join(
      '\n',
    );
    await page.getByLabel(/^Prompts/).fill(prompts);
    await page.getByLabel(/^Models/).fill('writer-a, writer-b');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(() => page.locator('li[data-job]').first().textContent(), { timeout: 20_000 }).toMatch(/done, 8 of 8 responses/);
    expect(await page.locator('li[data-job] progress').first().getAttribute('value')).toBe('8');

    await answerAll(server.url, 'spec@e2e.example', 'correct horse battery staple', project.id);
    await answerAll(server.url, 'gen@e2e.example', 'correct horse battery staple', project.id);

    await page.locator('#judge-ref').fill('Judge Ada');
    await page.getByRole('button', { name: 'Run judge' }).click();
    await expect.poll(() => page.locator('li[data-run]').first().textContent(), { timeout: 20_000 }).toMatch(/done, 4 judged/);
    await screenshot(page, 'generate-and-judge');

    await page.goto(`${server.url}/manage/quality/${project.id}`);
    const table = page.getByRole('table', { name: 'Tiers side by side' });
    await table.waitFor();
    const tiers = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tier')));
    expect(tiers).toEqual(['model', 'generalist', 'specialist']);
    await screenshot(page, 'quality-three-tiers');
    expect(await page.content()).not.toContain(API_KEY);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the Cost page of a cascade project shows the cascade against each tier', async () => {
    const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
    const { project } = await admin.createProject({
      name: 'Cascaded pairs',
      type: 'preference',
      domains: ['general'],
      overlap: 1,
      goldRate: 0.5,
      eligibility: { tiers: ['generalist', 'specialist', 'model'], requireCertification: false },
      cascade: {
        tiers: ['model', 'generalist', 'specialist'],
        targetConfidence: 0.9,
        judgments: { model: 1, generalist: 1, specialist: 1 },
      },
    });
    // The right answer says GOOD, at A in even items and B in odd ones; the people always answer A.
    const pair = (id: string, i: number, gold: boolean) => {
      const good = { id: i % 2 ? 'b' : 'a', text: `GOOD answer ${id}` };
      const bad = { id: i % 2 ? 'a' : 'b', text: `weak answer ${id}` };
      return {
        id,
        type: 'preference',
        domain: 'general',
        prompt: `Cascade question ${id}?`,
        responses: i % 2 ? [bad, good] : [good, bad],
        ...(gold ? { gold: { choice: good.id } } : {}),
      };
    };
    await admin.importTasks(project.id, [
      ...Array.from({ length: 6 }, (_, i) => pair(`c${i}`, i, false)),
      ...Array.from({ length: 2 }, (_, i) => pair(`cg${i}`, i, true)),
    ]);
    const run = await admin.json<{ runId: number }>('POST', `/api/projects/${project.id}/judge-runs`, { judge: 'Judge Ada' });
    await expect
      .poll(async () => (await admin.json<{ state: string }>('GET', `/api/judge-runs/${run.runId}`)).state, { timeout: 20_000 })
      .toBe('done');
    await answerAll(server.url, 'gen@e2e.example', 'correct horse battery staple', project.id);
    await answerAll(server.url, 'spec@e2e.example', 'correct horse battery staple', project.id);

    const { page, errors, context } = await openPage(browser, server.url);
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await page.goto(`${server.url}/manage/cost/${project.id}`);
    const production = page.getByRole('table', { name: 'Cascade against each tier in production' });
    await production.waitFor({ timeout: 20_000 });
    const who = await production.locator('tbody th').allTextContents();
    expect(who[0]).toBe('Cascade');
    expect(who).toContain('Models alone');
    expect(who).toContain('Generalists alone');
    // Six production items: the cascade row counts them all, and the judge's fraction of a cent shows.
    expect(await production.locator('tbody tr').first().locator('td').first().textContent()).toBe('6');
    expect(await production.locator('tbody tr', { hasText: 'Models alone' }).textContent()).toMatch(/\$0\.0\d{3}/);
    await screenshot(page, 'cost-cascade-vs-tiers');
    expect(errors).toEqual([]);
    await context.close();
  });
});
