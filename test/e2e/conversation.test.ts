/**
 * A tutor judges a conversation with the keyboard alone, in real Chromium against a real server and
 * SQLite file: ranks a branch, scores every turn, labels one, marks the first bad turn and rewrites it;
 * the stored annotation is then read back from the database.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT } from '../support/conversation.js';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn, unlabelledControls } from '../support/e2e/browser.js';
import { annotationsOf } from '../support/e2e/db.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const TUTOR = { email: 'chat.tutor@e2e.example', password: 'keyboard-only-2026', name: 'Cho Chat' };
const PROJECT = {
  name: 'E2E conversations',
  type: 'conversation' as const,
  domains: ['general'],
  overlap: 1,
  rubric: [{ name: 'helpful', scale: 5 }],
  labels: ['ok', 'wrong'],
};

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  await admin.createUser({ ...TUTOR, role: 'tutor', tier: 'generalist', domains: ['general'] });
  const { project } = await admin.createProject(PROJECT);
  await admin.importTasks(project.id, [CHAT]);
  browser = await launch();
  page = (await openPage(browser, server.url)).page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('conversation, keyboard only', () => {
  it('ranks a branch, scores and labels each turn, marks the first bad turn and rewrites it', async () => {
    await signIn(page, TUTOR.email, TUTOR.password);
    await page.goto('/');
    await page.getByRole('link', { name: `Start working on ${PROJECT.name}` }).click();
    await page.locator('[data-task-type="conversation"]').waitFor();
    // The shortcuts are on screen.
    await page.getByText('First turn that goes wrong').first().waitFor();
    await expect(page.getByText('Next / previous turn').count()).resolves.toBeGreaterThan(0);

    await page.keyboard.press('5'); // turn 1: helpful 5
    await page.keyboard.press('l'); // label "ok"
    await page.keyboard.press('j');
    await page.keyboard.press('1'); // turn 2 is a branch: reply 1 ranked first (reply 2 falls into place)
    await page.locator('.rank-badge').first().waitFor();
    await page.keyboard.press('2'); // then helpful 2
    await page.keyboard.press('l');
    await page.keyboard.press('l'); // label "wrong"
    await page.keyboard.press('b'); // the first turn that goes wrong
    await page.keyboard.press('e');
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    await page.keyboard.type('4 times 3 is 12.');
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('j');
    await page.keyboard.press('4'); // turn 3: helpful 4, no label
    await page.getByText('First turn that goes wrong: turn 2').waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await screenshot(page, 'tutor-conversation-1280');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'All done here' }).waitFor({ timeout: 10_000 });

    const [stored] = annotationsOf(server.dbPath, TUTOR.email);
    expect(stored.response).toEqual({
      turns: [
        { turn: 2, scores: { helpful: 5 }, labels: ['ok'] },
        { turn: 4, scores: { helpful: 2 }, labels: ['wrong'], rewrite: '4 times 3 is 12.', order: ['a', 'b'] },
        { turn: 6, scores: { helpful: 4 } },
      ],
      firstBadTurn: 4,
    });
  });
});
