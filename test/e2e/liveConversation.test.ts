/**
 * A tutor holds a live conversation with two model endpoints by keyboard alone, in real Chromium
 * against a real server and SQLite file, with the OpenAI-compatible stand-in (test infrastructure)
 * started here: types a turn and presses Enter, ranks the blind replies with digits, edits the best
 * (E), asks again, reloads the page mid-turn (the session resumes), ranks, finishes (F); a manager
 * then reads the `sft` and `dpo` exports.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn, unlabelledControls } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';
import { startOpenAiStandIn, type ChatBody, type StandIn } from '../support/models/openaiStandIn.js';

const API_KEY = `sk-e2e-${randomBytes(8).toString('hex')}`;
const TUTOR = { email: 'live.tutor@e2e.example', password: 'keyboard-only-2026', name: 'Lee Live' };
const PROJECT = { name: 'E2E live chat', type: 'conversation' as const, domains: ['general'], rubric: [{ name: 'helpful', scale: 5 }] };
const reply = (b: ChatBody) => `${b.model === 'alpha' ? 'Short' : 'Long'} answer to: ${b.messages.at(-1)?.content}`;

let server: RunningServer;
let browser: Browser;
let page: Page;
let standIn: StandIn;
let manager: ApiSession;
let projectId: number;

beforeAll(async () => {
  process.env.TUTORLOOP_SECRET_KEY = randomBytes(32).toString('hex');
  standIn = await startOpenAiStandIn({ apiKey: API_KEY, respond: reply });
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  for (const [name, model] of [
    ['live-a', 'alpha'],
    ['live-b', 'beta'],
  ])
    await admin.json('POST', '/api/models', {
      name,
      baseUrl: standIn.baseUrl,
      model,
      apiKey: API_KEY,
      priceInputPerMillion: 1,
      priceOutputPerMillion: 1,
    });
  await admin.createUser({ ...TUTOR, role: 'tutor', tier: 'generalist', domains: ['general'] });
  manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  projectId = (await manager.createProject(PROJECT)).project.id;
  browser = await launch();
  page = (await openPage(browser, server.url)).page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await standIn?.close();
});

/** The reply card whose text starts with `prefix`: its number on screen (1-based). */
async function replyNumber(prefix: string): Promise<number> {
  const cards = page.locator('.response-card');
  await cards.nth(1).waitFor(); // the models answer through the real gateway: seconds on a busy machine
  expect(await cards.count()).toBe(2);
  const texts = await cards.allInnerTexts();
  return texts.findIndex((t) => t.includes(prefix)) + 1;
}

describe('live conversation, keyboard only', () => {
  it('lets a manager choose the endpoints on the project page', async () => {
    const { page: managerPage, context } = await openPage(browser, server.url);
    await signIn(managerPage, DEMO.manager.email, DEMO.manager.password);
    await managerPage.goto(`/manage/projects/${projectId}`);
    await managerPage.getByText('Off: no model endpoints are chosen').waitFor();
    await managerPage.getByLabel('Model endpoints (names, comma-separated)').fill('live-a, live-b');
    await managerPage.getByRole('button', { name: 'Save live settings' }).click();
    await managerPage.getByText('Tutors ask live-a, live-b, 1 sample each: 2 blind replies per turn.').waitFor();
    await context.close();
  });

  it('asks, ranks, edits, resumes after a reload, finishes, and the export holds the chosen path and the pairs', async () => {
    await signIn(page, TUTOR.email, TUTOR.password);
    await page.goto('/');
    await page.getByRole('link', { name: `Live chat with the models in ${PROJECT.name}` }).click();
    await page.getByRole('heading', { name: 'Live chat with the models' }).waitFor();
    // N works once the sessions have loaded and the start panel is on screen (the heading comes first).
    await page.getByRole('button', { name: /Start a live chat/ }).waitFor();
    await page.keyboard.press('n'); // start
    const composer = page.getByLabel('Your message');
    await composer.waitFor();
    await expect.poll(() => composer.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    await page.keyboard.type('What is the capital of France?');
    await page.keyboard.press('Enter');

    const long1 = await replyNumber('Long answer');
    const short1 = 3 - long1;
    // Blind: nothing on the page names an endpoint or model.
    expect(await page.locator('main').innerText()).not.toMatch(/alpha|beta|live-a|live-b/);
    await page.getByText('rank a reply (next best)').waitFor();
    await page.keyboard.press(String(long1));
    await page.keyboard.press(String(short1));
    await page.getByText('Ranked. Enter continues').waitFor();
    await screenshot(page, 'live-chat-ranked');
    await page.keyboard.press('e');
    const editor = page.getByLabel('Your edit of the best reply');
    await editor.waitFor();
    await editor.fill('Paris is the capital of France.');
    await page.keyboard.press('Control+Enter');
    await page.locator('.live-messages').getByText('Paris is the capital of France.').waitFor();

    await expect.poll(() => composer.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    await page.keyboard.type('And of Spain?');
    await page.keyboard.press('Enter');
    await replyNumber('Short answer');
    // A reload mid-turn: the session and its replies come back from the server, nothing is asked again.
    const asked = standIn.requests.length;
    await page.reload();
    const short2 = await replyNumber('Short answer to: And of Spain?');
    expect(standIn.requests.length).toBe(asked);
    await page.keyboard.press(String(short2));
    await page.keyboard.press(String(3 - short2));
    await page.keyboard.press('Enter');
    await page.locator('.live-messages').getByText('Short answer to: And of Spain?').waitFor();
    await screenshot(page, 'live-chat');
    expect(await unlabelledControls(page)).toEqual([]);
    await page.keyboard.press('Escape'); // out of the text box, where F would be typed
    await page.keyboard.press('f');
    const done = page.getByRole('status').filter({ hasText: 'Finished and saved as task' });
    await done.waitFor();
    expect(await done.innerText()).toMatch(/live-\d+/);

    const sftText = await (await manager.raw('GET', `/api/projects/${projectId}/export?format=sft`)).text();
    const sft = sftText
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(sft).toHaveLength(1);
    expect(sft[0].messages).toEqual([
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'Paris is the capital of France.' },
      { role: 'user', content: 'And of Spain?' },
      { role: 'assistant', content: 'Short answer to: And of Spain?' },
    ]);
    const dpoText = await (await manager.raw('GET', `/api/projects/${projectId}/export?format=dpo`)).text();
    const dpo = dpoText
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(dpo.map((d) => [d.chosen[0].content, d.rejected[0].content])).toEqual([
      ['Paris is the capital of France.', 'Long answer to: What is the capital of France?'],
      ['Long answer to: What is the capital of France?', 'Short answer to: What is the capital of France?'],
      ['Short answer to: And of Spain?', 'Long answer to: And of Spain?'],
    ]);
    const provenance = JSON.parse(dpo[0].source_meta).live.replies;
    expect(
      Object.values(provenance)
        .map((p) => (p as { model?: string }).model ?? 'tutor')
        .sort(),
    ).toEqual(['alpha', 'alpha', 'beta', 'beta', 'tutor']);
  });
});
