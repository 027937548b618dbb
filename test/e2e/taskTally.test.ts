/**
 * Issue 15, "nothing on any page disagrees with another": a project's gold checks are never "done",
 * so Projects, the project page and Progress listed 5 tasks as "1 done, 1 left" (and Projects left out
 * the one in progress). Every page now counts the gold checks apart, the counts add up to the total,
 * and they are the task browser's counts (the server's task-count for the same filter).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { seriousA11yViolations } from '../support/e2e/axe.js';
import { launch, openPage, signIn } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const TUTOR = { email: 'tally.tutor@e2e.example', password: 'tally-tutor-2026', name: 'Tali Tally' };
const NAME = 'E2E tally preference';
const EXPECTED = { total: 5, gold: 2, done: 1, inProgress: 1, left: 1 };
const SENTENCE = '5 tasks: 1 done, 1 in progress, 1 left, and 2 gold checks (never counted as done).';

let server: RunningServer;
let browser: Browser;
let page: Page;
let manager: ApiSession;
let projectId = 0;

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  await admin.createUser({ ...TUTOR, role: 'tutor', tier: 'generalist', domains: ['general'] });
  // Gold rate 0: the gold tasks are never served, so the tutor's two leases are on work tasks.
  const made = await manager.createProject({ name: NAME, type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
  projectId = made.project.id;
  await manager.importTasks(
    projectId,
    [1, 2, 3, 4, 5].map((i) => ({
      id: `tally-${i}`,
      type: 'preference',
      domain: 'general',
      prompt: `Question ${i}`,
      responses: [
        { id: 'a', text: `A${i}` },
        { id: 'b', text: `B${i}` },
      ],
      ...(i > 3 ? { gold: { choice: 'a' } } : {}),
    })),
  );
  const tutor = await ApiSession.signIn(server.url, TUTOR.email, TUTOR.password);
  const first = await tutor.json<{ assignment: { id: number } }>('POST', `/api/projects/${projectId}/next`);
  await tutor.json('POST', `/api/assignments/${first.assignment.id}/submit`, { response: { choice: 'a' }, durationMs: 5000 });
  await tutor.json('POST', `/api/projects/${projectId}/next`);
  browser = await launch();
  page = (await openPage(browser, server.url)).page;
  await signIn(page, DEMO.manager.email, DEMO.manager.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The numbers under each named KPI, keyed as `names` keys them. */
const kpis = async (names: Record<string, string>) => {
  const out: Record<string, number> = {};
  for (const [key, name] of Object.entries(names)) {
    const cell = page.locator('.kpis > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) });
    out[key] = Number(await cell.locator('dd').textContent());
  }
  return out;
};

describe("a project's tasks add up, gold checks included, on every page", () => {
  it("the server counts them so (the task browser's count is the pages' source)", async () => {
    const count = async (q: string) => (await manager.json<{ count: number }>('GET', `/api/projects/${projectId}/task-count${q}`)).count;
    expect({
      total: await count(''),
      gold: await count('?gold=true'),
      done: await count('?state=done'),
      inProgress: await count('?state=in_progress'),
      left: await count('?state=not_started'),
    }).toEqual(EXPECTED);
  });

  it('Projects: a gold-checks and an in-progress column, and the columns add up to the total', async () => {
    await page.goto('/manage/projects');
    // The row first: reading the headers before the table has rendered gives none.
    const row = page.locator('tr', { hasText: NAME });
    await row.waitFor();
    const headers = (await page.locator('table thead th').allTextContents()).map((h) => h.trim());
    const cells = await row.locator('td').allTextContents();
    const at = (h: string) => Number(cells[headers.indexOf(h)]);
    expect({ total: at('Tasks'), gold: at('Gold checks'), done: at('Done'), inProgress: at('In progress'), left: at('Left') }).toEqual(
      EXPECTED,
    );
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it("the project's page: gold checks beside the states, and one sentence that adds up", async () => {
    await page.goto(`/manage/projects/${projectId}`);
    await page.getByText(SENTENCE).waitFor();
    await expect(kpis({ total: 'Total', gold: 'Gold checks', done: 'Done', inProgress: 'In progress', left: 'Left' })).resolves.toEqual(
      EXPECTED,
    );
  });

  it('Progress: the same counts and the same sentence', async () => {
    await page.goto(`/manage/progress/${projectId}`);
    await page.getByText(SENTENCE).waitFor();
    const { total: _total, ...shown } = EXPECTED;
    await expect(kpis({ gold: 'Gold checks', done: 'Tasks done', inProgress: 'In progress', left: 'Left' })).resolves.toEqual(shown);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('the task browser lists the same gold checks', async () => {
    await page.goto(`/manage/projects/${projectId}/tasks?gold=true`);
    await page.locator('table.tasks').waitFor();
    await expect(page.locator('table.tasks tbody tr').count()).resolves.toBe(EXPECTED.gold);
  });
});
