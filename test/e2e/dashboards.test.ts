/**
 * The Quality and Cost panels in real Chromium over a demo server: two specialists and three
 * generalists judge a medicine + law preference project with gold through the real API, then the
 * manager opens both panels, sees charts drawn (SVG) and tables with the numbers the work implies.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn, unlabelledControls, type Watched } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const NAME = 'E2E dashboards: medicine and law';
const PASSWORD = 'dash-tutor-2026';
// Specialists $3.00 per task; generalists $0.60 per task (the demo's rates for them).
const TUTORS = [
  {
    email: 'spec.one@e2e.example',
    name: 'Specialist One',
    tier: 'specialist',
    domains: ['medicine', 'law'],
    payModel: 'per_task',
    payRate: 300,
  },
  {
    email: 'spec.two@e2e.example',
    name: 'Specialist Two',
    tier: 'specialist',
    domains: ['medicine', 'law'],
    payModel: 'per_task',
    payRate: 300,
  },
  { email: 'gen.one@e2e.example', name: 'Generalist One', tier: 'generalist', domains: [], payModel: 'per_task', payRate: 60 },
  { email: 'gen.two@e2e.example', name: 'Generalist Two', tier: 'generalist', domains: [], payModel: 'per_task', payRate: 60 },
  {
    email: 'gen.three@e2e.example',
    name: '<img src=x onerror=alert(1)> Three',
    tier: 'generalist',
    domains: [],
    payModel: 'per_task',
    payRate: 60,
  },
];
const DOMAINS = ['medicine', 'law'];
const task = (id: string, domain: string, gold?: 'a' | 'b') => ({
  id,
  type: 'preference',
  domain,
  prompt: `Question ${id}: what should I do?`,
  responses: [
    { id: 'a', text: `Careful answer to ${id}.` },
    { id: 'b', text: `Careless answer to ${id}.` },
  ],
  ...(gold ? { gold: { choice: gold } } : {}),
});
const tasks = DOMAINS.flatMap((d) => [
  ...Array.from({ length: 6 }, (_, i) => task(`${d}-${i}`, d)),
  ...Array.from({ length: 4 }, (_, i) => task(`${d}-gold-${i}`, d, i % 2 === 0 ? 'a' : 'b')),
]);

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let projectId = 0;

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  for (const t of TUTORS) await admin.createUser({ ...t, role: 'tutor', password: PASSWORD });
  const manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  // Gold rate 1: each tutor meets every gold task first, then the real ones, so the counts are known.
  const { project } = await manager.createProject({
    name: NAME,
    type: 'preference',
    domains: DOMAINS,
    overlap: 5,
    goldRate: 1,
    payPerTask: 60,
  });
  projectId = project.id;
  await manager.importTasks(projectId, tasks);
  for (const [i, t] of TUTORS.entries()) {
    const s = await ApiSession.signIn(server.url, t.email, PASSWORD);
    for (let n = 0; n < 40; n++) {
      const r = await s.raw('POST', `/api/projects/${projectId}/next`);
      if (r.status === 204) break;
      const lease = (await r.json()) as { assignment: { id: number }; task: { payload: { prompt: string } } };
      const id = /Question (\S+):/.exec(lease.task.payload.prompt)![1];
      const gold = tasks.find((x) => x.id === id)!.gold?.choice;
      // Specialists right on gold; generalists right on the "a" gold items only. Real items: even ones "a", odd ones "b";
      // the second generalist dissents on items 0 and 1, the third on item 2.
      const k = Number(id.split('-').pop());
      const truth = k % 2 === 0 ? 'a' : 'b',
        flip = (i === 3 && k < 2) || (i === 4 && k === 2);
      const choice = gold ? (t.tier === 'specialist' ? gold : 'a') : flip ? (truth === 'a' ? 'b' : 'a') : truth;
      await s.json('POST', `/api/assignments/${lease.assignment.id}/submit`, {
        response: { choice, strength: 2 },
        durationMs: 30_000 + 1000 * i,
      });
      // The first specialist flags one real task for review (the queue summary counts it).
      if (i === 0 && id === 'medicine-0')
        await s.json('POST', `/api/assignments/${lease.assignment.id}/flag`, { note: 'Both answers miss the dose.' });
    }
  }
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('quality and cost dashboards', () => {
  it('shows agreement, gold accuracy with Wilson intervals, consensus and the review queue', async () => {
    await signIn(page, DEMO.manager.email, DEMO.manager.password);
    await page.goto('/manage/projects');
    await page.getByRole('link', { name: 'Quality', exact: true }).click();
    await page.getByRole('heading', { name: 'Quality', exact: true }).waitFor();
    await page.getByRole('combobox', { name: /^Project/ }).selectOption(String(projectId));
    await page.waitForURL(`**/manage/quality/${projectId}`);
    const gold = page.getByRole('table', { name: 'Gold accuracy by tutor' });
    await gold.waitFor();
    // 8 gold items per tutor: specialists 8/8 (Wilson 67.6%–100%), generalists 4/8 (21.5%–78.5%).
    const spec = gold.getByRole('row').filter({ hasText: 'Specialist One' });
    await expect(spec.textContent()).resolves.toMatch(/8 \/ 8.*100\.0%.*67\.6% to 100\.0%/);
    const gen = gold.getByRole('row').filter({ hasText: 'Generalist One' });
    await expect(gen.textContent()).resolves.toMatch(/4 \/ 8.*50\.0%.*21\.5% to 78\.5%/);
    // An HTML-looking name is shown as text, not run.
    await expect(gold.textContent()).resolves.toContain('<img src=x onerror=alert(1)> Three');
    const cards = page.getByRole('region', { name: /^Agreement, / });
    await expect(cards.count()).resolves.toBe(3); // whole project, law, medicine
    await expect(page.getByRole('region', { name: 'Agreement, Whole project, choice' }).textContent()).resolves.toMatch(
      /Krippendorff α.*95% CI/,
    );
    // Charts are drawn as SVG (ECharts' SVG renderer).
    await page.locator('#agreement-title ~ * .chart svg').first().waitFor();
    await page.locator('#gold-title ~ * .chart svg').first().waitFor();
    await page.getByRole('heading', { name: 'Consensus' }).waitFor();
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    await page.getByRole('heading', { name: 'Certifications over time' }).waitFor();
    // The review queue (one flag, open) and certification events (the demo's grants) from their own routes.
    const flagged = page.getByRole('table', { name: 'Reviews by reason' }).getByRole('row').filter({ hasText: 'Flagged by a tutor' });
    await expect(flagged.textContent()).resolves.toMatch(/Flagged by a tutor\s*1\s*0$/);
    const certs = page.getByRole('table', { name: 'Certifications by day and domain' });
    await certs.waitFor();
    await expect(certs.getByRole('row').filter({ hasText: 'medicine' }).count()).resolves.toBeGreaterThan(0);
    await page.locator('#certs-title ~ .chart svg').first().waitFor();
    // Agreement is positive here (most judgments follow the truth), and Fleiss κ is defined (5 raters on every item).
    const whole = await page.getByRole('region', { name: 'Agreement, Whole project, choice' }).textContent();
    expect(whole).toMatch(/12 items with 2\+ ratings · 60 ratings · 5 raters/);
    expect(whole).not.toMatch(/n\/a/);
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await screenshot(page, 'manager-quality-1280');
  });

  it('shows cost per label and per quality-adjusted label, the tier comparison with verdicts, and the tutor table', async () => {
    await page.getByRole('link', { name: 'Cost', exact: true }).click();
    await page.getByRole('heading', { name: 'Cost', exact: true }).waitFor();
    await page.getByRole('combobox', { name: /^Project/ }).selectOption(String(projectId));
    await page.waitForURL(`**/manage/cost/${projectId}`);
    const tutors = page.getByRole('table', { name: 'Cost by tutor' });
    await tutors.waitFor();
    // Each tutor judged all 20 tasks: specialists 20 × $3.00, generalists 20 × $0.60.
    await expect(tutors.getByRole('row').filter({ hasText: 'Specialist One' }).textContent()).resolves.toMatch(/\$60\.00\s*20/);
    await expect(tutors.getByRole('row').filter({ hasText: 'Generalist Two' }).textContent()).resolves.toMatch(/\$12\.00\s*20/);
    await expect(page.locator('.kpis').first().textContent()).resolves.toContain('$156.00'); // 2 × 60 + 3 × 12
    const byTier = page.getByRole('table', { name: 'Cost by tier and domain' });
    // Specialists are 100% on gold: one judgment is a quality-adjusted label, $3.00. Generalists at 50% never reach 95%.
    await expect(
      byTier
        .getByRole('row')
        .filter({ hasText: /medicinespecialist/ })
        .textContent(),
    ).resolves.toMatch(/\$3\.00\s*$/);
    await expect(
      byTier
        .getByRole('row')
        .filter({ hasText: /medicinegeneralist/ })
        .textContent(),
    ).resolves.toContain('unreachable');
    for (const d of DOMAINS) {
      const card = page.getByRole('region', { name: `Specialists vs generalists in ${d}` });
      await expect(card.locator('.verdict').textContent()).resolves.toMatch(/too little data|better per dollar|no clear difference/);
    }
    // Reviews and certification: the flagged task has no verdict yet, so reviews cost nothing so far.
    const rc = page.locator('section[aria-labelledby="review-cert-title"]');
    await rc.getByRole('heading', { name: 'Reviews and certification' }).waitFor();
    await expect(rc.locator('.kpis').textContent()).resolves.toMatch(/Review cost\$0\.00Verdicts0/);
    await page.locator('#tier-domain-title ~ .chart svg').first().waitFor();
    await page.locator('#comparison-title ~ figure .chart svg').first().waitFor();
    await screenshot(page, 'manager-cost-1280');
    // On a phone the panel reflows to one column without sideways scrolling of the page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('region', { name: 'Specialists vs generalists in law' }).waitFor();
    // (Charts follow their box through a ResizeObserver, so give them a moment.)
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'manager-cost-390');
    expect(w.errors).toEqual([]);
  });
});
