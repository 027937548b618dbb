/**
 * A tutor completes one task of each of the seven types with the keyboard alone, in real Chromium
 * against a real server and SQLite file; the annotations are then read back from the database.
 * Along the way: screenshots of every renderer (1280×800 and 390 px), a draft surviving a reload,
 * and the submit→next-task time and the first-load JS size written to bench/results/web.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn, tabTo, unlabelledControls, type Watched } from '../support/e2e/browser.js';
import { entryScripts, sizeReport } from '../support/e2e/bundle.js';
import { annotationsOf, assignmentStates } from '../support/e2e/db.js';
import { FIXTURES, PREFERENCE_TASKS } from '../support/e2e/fixtures.js';
import { ROOT, startServer, type RunningServer } from '../support/e2e/server.js';

const TUTOR = { email: 'kb.tutor@e2e.example', password: 'keyboard-only-2026', name: 'Kim Keyboard' };

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
const projectIds: Record<string, number> = {};
const timings: { dom: number; paint: number; submitHttp: number; nextHttp: number; inPage?: number }[] = [];
const loadedJs = new Set<string>();

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  await admin.createUser({ ...TUTOR, role: 'tutor', tier: 'generalist', domains: ['general'] });
  for (const [type, f] of Object.entries(FIXTURES)) {
    const { project } = await admin.createProject(f.input);
    projectIds[type] = project.id;
    await admin.importTasks(project.id, f.tasks);
  }
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('.js')) loadedJs.add(u.pathname);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Press Ctrl+Enter and time, in the page, from the keydown to the next task being in the DOM and painted. */
async function submitAndTime(): Promise<{ dom: number; paint: number; submitHttp: number; nextHttp: number }> {
  const before = await page.locator('[data-assignment-id]').getAttribute('data-assignment-id');
  await page.evaluate((prev) => {
    const w = window as unknown as { __e2e: { t0: number; dom: number; paint: number } };
    w.__e2e = { t0: 0, dom: 0, paint: 0 };
    document.addEventListener(
      'keydown',
      () => {
        w.__e2e.t0 = performance.now();
      },
      { capture: true, once: true },
    );
    const mo = new MutationObserver(() => {
      const el = document.querySelector('[data-assignment-id]');
      if (el && el.getAttribute('data-assignment-id') !== prev && !w.__e2e.dom) {
        w.__e2e.dom = performance.now();
        mo.disconnect();
        requestAnimationFrame(() =>
          setTimeout(() => {
            w.__e2e.paint = performance.now();
          }, 0),
        );
      }
    });
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-assignment-id'] });
  }, before);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => (window as unknown as { __e2e: { paint: number } }).__e2e.paint > 0, undefined, { timeout: 10_000 });
  return page.evaluate(() => {
    const e = (window as unknown as { __e2e: { t0: number; dom: number; paint: number } }).__e2e;
    // The two HTTP round trips inside that time, from the browser's resource timing.
    const last = (suffix: string) =>
      performance
        .getEntriesByType('resource')
        .filter((r) => r.name.endsWith(suffix))
        .pop()?.duration ?? 0;
    return { dom: e.dom - e.t0, paint: e.paint - e.t0, submitHttp: last('/submit'), nextHttp: last('/next') };
  });
}

async function openProject(type: string) {
  await page.goto('/');
  const link = page.getByRole('link', { name: `Start working on ${FIXTURES[type].input.name}` });
  await link.waitFor();
  await tabTo(page, link);
  // Focus is visible: the keyboard-focused link draws an outline.
  await expect(page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).resolves.not.toBe('none');
  await page.keyboard.press('Enter');
  await page.locator(`[data-task-type="${type}"]`).waitFor();
  // Leave the focus on the page body, as a tutor arriving by keyboard would after the link.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function expectDone() {
  await page.getByRole('heading', { name: 'All done here' }).waitFor({ timeout: 10_000 });
}

async function shoot(name: string) {
  await expect(unlabelledControls(page), `${name}: controls without a label`).resolves.toEqual([]);
  await screenshot(page, `tutor-${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `tutor-${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(overflow, `${name}: the page scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
}

describe('tutor workspace, keyboard only', () => {
  it('signs in and lists the projects with tasks left', async () => {
    await page.goto('/');
    await page.locator('#email').waitFor();
    await screenshot(page, 'login-1280');
    await signIn(page, TUTOR.email, TUTOR.password);
    await page.getByRole('heading', { name: 'Your work' }).waitFor();
    // The list loads after the page heading: wait for each project, then check it is listed once.
    for (const f of Object.values(FIXTURES)) {
      await page.getByRole('heading', { name: f.input.name }).first().waitFor();
      await expect(page.getByRole('heading', { name: f.input.name }).count()).resolves.toBe(1);
    }
    await screenshot(page, 'tutor-home-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'tutor-home-390');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('preference: 1 / ↑ / Ctrl+Enter, then the next task right away (timed), S to skip', async () => {
    await openProject('preference');
    // Shortcuts are on screen; Markdown, code highlighting and KaTeX math render.
    await expect(page.locator('.shortcuts kbd', { hasText: 'Ctrl+Enter' }).count()).resolves.toBeGreaterThan(0);
    const first = await page.locator('[data-task-id]').getAttribute('data-task-id');
    if ((await page.locator('.markdown pre code.hljs').count()) > 0) {
      await page.locator('.katex').first().waitFor();
    }
    await page.keyboard.press('1');
    await page.keyboard.press('ArrowUp');
    await expect(page.locator('.response-card.chosen').count()).resolves.toBe(1);
    await shoot('preference');
    expect(first).toBeTruthy();
    for (let i = 0; i < PREFERENCE_TASKS - 1; i++) {
      if (i > 0) {
        await page.keyboard.press(i % 2 ? '2' : '3');
      }
      timings.push(await submitAndTime());
    }
    const inPage = await page.evaluate(() => window.__tutorloopTimings ?? []);
    inPage.forEach((t, i) => {
      if (timings[i]) timings[i].inPage = t;
    });
    // S holds the skip (Undo: U); S again sends it at once.
    await page.keyboard.press('s');
    await page.getByRole('region', { name: 'Skipped.' }).waitFor();
    await page.keyboard.press('s');
    await expectDone();
  });

  it('ranking: numbers from best to worst, R for the required rationale', async () => {
    await openProject('ranking');
    await page.keyboard.press('Control+Enter');
    await page.locator('.notice', { hasText: 'Rank every response' }).waitFor();
    await page.keyboard.press('3');
    await page.keyboard.press('2');
    await page.keyboard.press('r');
    await page.keyboard.type('Canberra with context beats the bare name; Sydney is wrong.');
    await page.keyboard.press('Escape');
    await shoot('ranking');
    await page.keyboard.press('Control+Enter');
    await expectDone();
  });

  it('rating: a number per axis, C for a comment', async () => {
    await openProject('rating');
    await page.keyboard.press('4');
    await page.keyboard.press('5');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('c');
    await page.keyboard.type('Accurate but terse.');
    await page.keyboard.press('Escape');
    await shoot('rating');
    await page.keyboard.press('Control+Enter');
    await expectDone();
  });

  it('label: the label’s number', async () => {
    await openProject('label');
    await page.keyboard.press('2');
    await shoot('label');
    await page.keyboard.press('Control+Enter');
    await expectDone();
  });

  it('rewrite: E to edit, with the diff shown', async () => {
    await openProject('rewrite');
    await page.keyboard.press('e');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Finish the whole course, even when you feel better.');
    await page.locator('.diff ins').first().waitFor();
    await shoot('rewrite');
    await page.keyboard.press('Control+Enter');
    await expectDone();
  });

  it('demonstration: the draft survives a reload, Ctrl+Enter submits from the editor', async () => {
    await openProject('demonstration');
    await page.keyboard.press('e');
    await page.keyboard.type('const reverse = (s: string) => [...s].reverse().join("");');
    const assignment = await page.locator('[data-assignment-id]').getAttribute('data-assignment-id');
    await page.reload();
    await page.locator('[data-task-type="demonstration"]').waitFor();
    // The server hands back the lease the tutor still holds, and the draft (keyed by assignment) returns.
    await expect(page.locator('[data-assignment-id]').getAttribute('data-assignment-id')).resolves.toBe(assignment);
    await expect(page.locator('textarea.editor-text').inputValue()).resolves.toContain('reverse().join');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('e');
    await page.keyboard.type('\n// O(n) time and space.');
    await shoot('demonstration');
    await page.keyboard.press('Control+Enter');
    await expectDone();
  });

  it('steps: 1 / 2 / 3 per step', async () => {
    await openProject('steps');
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await page.keyboard.press('3');
    await shoot('steps');
    await page.keyboard.press('Control+Enter');
    await expectDone();
  });

  it('stored every annotation in the database', async () => {
    const rows = annotationsOf(server.dbPath, TUTOR.email);
    const byProject = (type: string) => rows.filter((r) => r.projectId === projectIds[type]);
    expect(byProject('preference')).toHaveLength(PREFERENCE_TASKS - 1);
    const first = byProject('preference')[0].response;
    expect(first).toMatchObject({ choice: 'a', strength: 3 });
    expect(byProject('ranking')[0].response).toMatchObject({ order: ['c', 'b', 'a'], rationale: expect.stringContaining('Canberra') });
    expect(byProject('rating')[0].response).toMatchObject({ scores: { accuracy: 3, clarity: 5 }, comment: 'Accurate but terse.' });
    expect(byProject('label')[0].response).toMatchObject({ labels: ['medical'] });
    expect(byProject('rewrite')[0].response).toMatchObject({
      text: 'Take them until you feel better. Finish the whole course, even when you feel better.',
    });
    expect(byProject('demonstration')[0].response.text).toMatch(/reverse\(\)\.join\(""\);\n\/\/ O\(n\) time and space\.$/);
    expect(byProject('steps')[0].response).toMatchObject({ verdicts: ['correct', 'incorrect', 'neutral'] });
    for (const r of rows) expect(r.durationMs).toBeGreaterThan(0);
    // S gave the last preference task back: a skipped assignment, no annotation.
    expect(assignmentStates(server.dbPath, TUTOR.email, projectIds.preference)).toEqual({ submitted: PREFERENCE_TASKS - 1, skipped: 1 });
    expect(w.errors).toEqual([]);
  });

  it('reports the first-load JS size and the submit→next time', () => {
    expect(timings.length).toBe(PREFERENCE_TASKS - 1);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
    const paint = timings.map((t) => t.paint);
    const p90 = sorted(paint)[Math.ceil(paint.length * 0.9) - 1];
    const entry = sizeReport(entryScripts());
    const workspace = sizeReport([...loadedJs].filter((p) => p.startsWith('/assets/')));
    const result = {
      measuredAt: new Date().toISOString(),
      browser: 'Debian chromium (headless) via playwright-core',
      bundle: {
        firstLoadJsGzipKB: +(entry.totalGzipBytes / 1024).toFixed(1),
        firstLoadFiles: entry.files,
        tutorSessionJsGzipKB: +(workspace.totalGzipBytes / 1024).toFixed(1),
        tutorSessionFiles: workspace.files,
        note: 'firstLoad = scripts in index.html (every page); tutorSession = every JS file the tutor run fetched, incl. KaTeX loaded on first math',
      },
      submitToNextMs: {
        samples: timings.map((t) => ({
          dom: +t.dom.toFixed(1),
          painted: +t.paint.toFixed(1),
          inApp: t.inPage,
          submitHttp: +t.submitHttp.toFixed(1),
          nextHttp: +t.nextHttp.toFixed(1),
        })),
        medianPainted: +median(paint).toFixed(1),
        p90Painted: +p90.toFixed(1),
        maxPainted: +Math.max(...paint).toFixed(1),
        note: 'keydown of Ctrl+Enter → next task in the DOM / after the next animation frame (submit + next over HTTP on localhost)',
      },
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/web.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(
      `tutor first-load JS: ${result.bundle.firstLoadJsGzipKB} KB gzipped (whole tutor session incl. KaTeX: ${result.bundle.tutorSessionJsGzipKB} KB)`,
    );
    console.log(
      `submit→next task painted: median ${result.submitToNextMs.medianPainted} ms, p90 ${result.submitToNextMs.p90Painted} ms, max ${result.submitToNextMs.maxPainted} ms over ${paint.length} submits`,
    );
    expect(result.bundle.firstLoadJsGzipKB).toBeLessThanOrEqual(300);
    expect(result.bundle.tutorSessionJsGzipKB).toBeLessThanOrEqual(300);
    expect(result.submitToNextMs.medianPainted).toBeLessThan(100);
  });
});
