/**
 * Issue 15, the tutor's side, in real Chromium against a real server:
 *  - S holds a skip with "Skipped — Undo (U)": until it is sent the server has seen nothing; U brings
 *    the very same lease back and it can be submitted (the database shows no skip); S again sends it
 *    at once, and left alone it is sent when the undo time is up;
 *  - My work lists only the tutor's own answers (another tutor worked the same tasks), newest first,
 *    a page at a time, each read-only with the answer they gave; the home shows progress per project.
 * Every page gets the console checks (labels, axe in light and dark, screenshots at 1280 and 390 px).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { seriousA11yViolations } from '../support/e2e/axe.js';
import { launch, openPage, signIn, type Watched } from '../support/e2e/browser.js';
import { annotationsOf, assignmentStates } from '../support/e2e/db.js';
import { checkPage } from '../support/e2e/pageCheck.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const MIA = { email: 'mia.mywork@e2e.example', password: 'mia-my-work-2026', name: 'Mia Mywork' };
const BEN = { email: 'ben.mywork@e2e.example', password: 'ben-my-work-2026', name: 'Ben Other' };
const BEN_MARK = 'ben-rationale-never-shown-to-mia';
/** Tasks Mia submits through the API before the browser part: more than one page of My work (10). */
const BEFORE = 11;

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let projectId = 0;

/** Leases and submits `n` tasks as a tutor through the API. */
async function work(s: ApiSession, n: number, choice: 'a' | 'b', rationale: string) {
  for (let i = 0; i < n; i++) {
    const lease = await s.json<{ assignment: { id: number } }>('POST', `/api/projects/${projectId}/next`);
    await s.json('POST', `/api/assignments/${lease.assignment.id}/submit`, { response: { choice, rationale }, durationMs: 1500 });
  }
}

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  const manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  for (const t of [MIA, BEN]) await admin.createUser({ ...t, role: 'tutor', tier: 'generalist', domains: ['mywork'] });
  const { project } = await manager.createProject({
    name: 'E2E my work',
    type: 'preference',
    domains: ['mywork'],
    overlap: 2,
    goldRate: 0.2,
  });
  projectId = project.id;
  await manager.importTasks(projectId, [
    ...Array.from({ length: 16 }, (_, i) => ({
      id: `mw-${i}`,
      type: 'preference',
      domain: 'mywork',
      prompt: `Which answer to question ${i} is better?`,
      responses: [
        { id: 'a', text: `First answer to ${i}` },
        { id: 'b', text: `Second answer to ${i}` },
      ],
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      id: `mw-gold-${i}`,
      type: 'preference',
      domain: 'mywork',
      prompt: `Which answer to check ${i} is better?`,
      responses: [
        { id: 'a', text: `First answer to check ${i}` },
        { id: 'b', text: `Second answer to check ${i}` },
      ],
      gold: { choice: 'a' },
    })),
  ]);
  await work(await ApiSession.signIn(server.url, BEN.email, BEN.password), 8, 'b', BEN_MARK);
  await work(await ApiSession.signIn(server.url, MIA.email, MIA.password), BEFORE, 'a', 'mine');
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
  await signIn(page, MIA.email, MIA.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const states = () => assignmentStates(server.dbPath, MIA.email, projectId);
const current = () => page.locator('[data-assignment-id]').getAttribute('data-assignment-id');
const undoPanel = () => page.getByRole('region', { name: 'Skipped.' });

describe('skip, and its undo', () => {
  it('S holds the skip (nothing sent), U brings the same task back, and it can be submitted', async () => {
    await page.goto(`/work/${projectId}`);
    await page.locator('[data-task-type="preference"]').waitFor();
    const assignment = await current();
    const task = await page.locator('[data-task-id]').getAttribute('data-task-id');
    await page.keyboard.press('s');
    await undoPanel().getByRole('status').filter({ hasText: 'Skipped.' }).waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    // The server has not been told: the lease is still Mia's, nothing skipped.
    expect(states()).toEqual({ submitted: BEFORE, leased: 1 });
    await page.keyboard.press('u');
    await page.locator(`[data-assignment-id="${assignment}"]`).waitFor();
    expect(await page.locator('[data-task-id]').getAttribute('data-task-id')).toBe(task);
    await page.keyboard.press('1');
    await page.keyboard.press('Control+Enter');
    await page.locator(`[data-assignment-id]:not([data-assignment-id="${assignment}"])`).waitFor();
    expect(states()).toEqual({ submitted: BEFORE + 1, leased: 1 });
    expect(annotationsOf(server.dbPath, MIA.email).at(-1)?.response).toMatchObject({ choice: 'a' });
  });

  it('S again sends the skip at once; left alone, it is sent when the undo time is up', async () => {
    const first = await current();
    await page.keyboard.press('s');
    await undoPanel().waitFor();
    await page.keyboard.press('s');
    await page.locator(`[data-assignment-id]:not([data-assignment-id="${first}"])`).waitFor();
    expect(states()).toEqual({ submitted: BEFORE + 1, skipped: 1, leased: 1 });
    const second = await current();
    await page.keyboard.press('s');
    await undoPanel().waitFor();
    await page.locator(`[data-assignment-id]:not([data-assignment-id="${second}"])`).waitFor({ timeout: 15_000 });
    expect(states()).toEqual({ submitted: BEFORE + 1, skipped: 2, leased: 1 });
    expect(w.errors).toEqual([]);
  });
});

describe('my work', () => {
  it('the home shows progress per project', async () => {
    await page.goto('/');
    const card = page.locator('.project-card', { hasText: 'E2E my work' });
    await card.getByText(`You submitted ${BEFORE + 1} answers here and skipped 2 tasks.`).waitFor();
    await checkPage(page, 'tutor-home-progress');
  });

  it('lists only her own answers, newest first, a page at a time', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
    await page.waitForURL('**/my-work');
    const row = page.locator('.progress-table tbody tr', { hasText: 'E2E my work' });
    await row.waitFor();
    expect((await row.locator('td').allTextContents()).slice(0, 2)).toEqual([String(BEFORE + 1), '2']);
    const items = page.locator('ol.submissions > li');
    await expect.poll(() => items.count()).toBe(10);
    await checkPage(page, 'tutor-my-work');
    const seen = new Set(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-annotation-id'))));
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText('Page 2').waitFor();
    await expect.poll(() => items.count()).toBe(BEFORE + 1 - 10);
    for (const id of await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-annotation-id')))) seen.add(id);
    expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
    // Exactly her annotations, each once, and never Ben's answer or rationale.
    const mine = annotationsOf(server.dbPath, MIA.email).map((a) => String(a.id));
    expect([...seen].sort()).toEqual([...mine].sort());
    expect(await page.content()).not.toContain(BEN_MARK);
    const answers = page.getByRole('region', { name: 'Your answer' });
    expect(await answers.count()).toBe(BEFORE + 1 - 10);
    for (const text of await answers.allTextContents()) expect(text).toMatch(/^A is better/);
    // The oldest is last: page 1 had the newest.
    await page.getByRole('button', { name: 'Newer' }).click();
    await page.getByText('Page 1').waitFor();
    // The label turns at the click; the list when the page has loaded (the older page stays shown till then).
    await expect.poll(() => items.first().getAttribute('data-annotation-id')).toBe(mine.at(-1));
    expect(w.errors).toEqual([]);
  });
});
