/**
 * A task's page (issue 15), in a real browser: a manager opens a task from the task browser and reads
 * its payload, gold answer, both judgments with the tutors' names, the consensus a reviewer's verdict
 * set, the review history and the audit trail; each matches what the server stores. Tutors and
 * reviewers get 404 from the server for the same task.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskDetail } from '../../src/domain/api/taskDetail.js';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, signIn, type Watched } from '../support/e2e/browser.js';
import { checkPage } from '../support/e2e/pageCheck.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const TUTORS = [
  { email: 'tp.one@e2e.example', password: 'task-page-one-2026', name: 'Tess One' },
  { email: 'tp.two@e2e.example', password: 'task-page-two-2026', name: 'Theo Two' },
];
const REVIEWER = { email: 'tp.rev@e2e.example', password: 'task-page-rev-2026', name: 'Rae Reviewer' };

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let manager: ApiSession;
let projectId = 0;
let taskId = 0;
let goldId = 0;

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  for (const t of TUTORS) await admin.createUser({ ...t, role: 'tutor', tier: 'generalist', domains: ['general'] });
  await admin.createUser({ ...REVIEWER, role: 'reviewer', tier: 'specialist', domains: ['general'] });
  const project = await manager.createProject({
    name: 'E2E task page',
    type: 'label',
    domains: ['general'],
    labels: ['yes', 'no'],
    overlap: 2,
    goldRate: 0,
  });
  projectId = project.project.id;
  await manager.importTasks(projectId, [
    { id: 'tp-1', type: 'label', domain: 'general', text: 'Is the sky blue on a clear day?' },
    { id: 'tp-gold', type: 'label', domain: 'general', text: 'Is water wet?', gold: { labels: ['yes'] } },
  ]);
  // Both tutors judge the one work task; the first flags it; the manager decides the review.
  const answers = [['yes'], ['no']];
  let firstAssignment = 0;
  for (const [i, t] of TUTORS.entries()) {
    const tutor = await ApiSession.signIn(server.url, t.email, t.password);
    const lease = await tutor.json<{ assignment: { id: number } }>('POST', `/api/projects/${projectId}/next`);
    if (i === 0) firstAssignment = lease.assignment.id;
    await tutor.json('POST', `/api/assignments/${lease.assignment.id}/submit`, {
      response: { labels: answers[i] },
      durationMs: 4000 + i * 1000,
    });
    if (i === 0) await tutor.json('POST', `/api/assignments/${firstAssignment}/flag`, { note: 'The sky is not always blue.' });
  }
  // Tutors read a keyed hash of the task id (#12); the manager's list gives the real one.
  const listed = await manager.json<{ tasks: { id: number; externalId: string }[] }>('GET', `/api/projects/${projectId}/task-list`);
  taskId = listed.tasks.find((t) => t.externalId === 'tp-1')!.id;
  const queue = await manager.json<{ reviews: { id: number; task: { id: number } }[] }>('GET', `/api/reviews?projectId=${projectId}`);
  const review = queue.reviews.find((r) => r.task.id === taskId)!;
  await manager.json('POST', `/api/reviews/${review.id}/verdict`, { verdict: { labels: ['yes'] }, comment: 'Clear day: blue.' });
  const list = await manager.json<{ tasks: { id: number; externalId: string }[] }>('GET', `/api/projects/${projectId}/task-list`);
  goldId = list.tasks.find((t) => t.externalId === 'tp-gold')!.id;
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a task's page", () => {
  it('a manager opens a task from the browser and reads what the server stores', async () => {
    await signIn(page, DEMO.manager.email, DEMO.manager.password);
    await page.goto(`/manage/projects/${projectId}/tasks`);
    await page.getByRole('link', { name: 'tp-1' }).click();
    await page.waitForURL(`**/manage/tasks/${taskId}`);
    await page.getByRole('heading', { name: 'Task tp-1' }).waitFor();
    const stored = await manager.json<TaskDetail>('GET', `/api/tasks/${taskId}`);

    const judgments = page.locator('table.judgments tbody tr');
    await expect.poll(() => judgments.count()).toBe(2);
    expect(stored.judgments.map((j) => j.tutor.name)).toEqual(TUTORS.map((t) => t.name));
    for (const [i, j] of stored.judgments.entries()) {
      const row = judgments.nth(i);
      await expect(row.textContent()).resolves.toContain(`${j.tutor.name} (${j.tutor.pseudonym}, generalist)`);
      await expect(row.textContent()).resolves.toContain(JSON.stringify(j.response));
    }
    expect(stored.consensus).toMatchObject({ source: 'review', label: { labels: ['yes'] } });
    await page.getByText('Decided by a reviewer from').waitFor();

    const review = page.locator('table.task-reviews tbody tr');
    expect(stored.reviews).toHaveLength(1);
    expect(stored.reviews[0]).toMatchObject({ reason: 'flagged', state: 'decided', comment: 'Clear day: blue.' });
    const reviewText = `flagged · The sky is not always blue.decided${stored.reviews[0].reviewer!.name}`;
    await expect(review.textContent()).resolves.toContain(reviewText);

    const audit = page.locator('table.task-audit tbody tr');
    await expect(audit.first().textContent()).resolves.toContain('review.decide');
    expect(stored.audit.map((a) => a.action)).toContain('review.decide');
    await expect(page.locator('dl.kpis').first().textContent()).resolves.toContain('2 / 2');
    await checkPage(page, 'manager-task');
  });

  it("shows a gold task's known answer to the manager", async () => {
    await page.goto(`/manage/tasks/${goldId}`);
    await page.getByRole('heading', { name: 'Task tp-gold' }).waitFor();
    await page.getByRole('heading', { name: 'Gold answer (managers only)' }).waitFor();
    await expect(page.locator('pre.gold').textContent()).resolves.toContain('"yes"');
    await page.getByText('Nobody has judged this task yet.').waitFor();
    expect(w.errors).toEqual([]);
  });

  it('filters the task browser by who judged and by confidence, as the server does', async () => {
    await page.goto(`/manage/projects/${projectId}/tasks`);
    const filters = page.getByRole('form', { name: 'Filter the tasks' });
    const tess = filters.getByLabel('Judged by').locator('option', { hasText: TUTORS[0].name });
    await tess.waitFor({ state: 'attached' });
    const tessId = (await tess.getAttribute('value'))!;
    await filters.getByLabel('Judged by').selectOption(tessId);
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(new RegExp(`tutor=${tessId}`));
    const rows = page.locator('table.tasks tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('tp-1');
    const api = await manager.json<{ tasks: { externalId: string }[] }>('GET', `/api/projects/${projectId}/task-list?tutor=${tessId}`);
    expect(api.tasks.map((t) => t.externalId)).toEqual(['tp-1']);
    // The reviewer's verdict set the consensus: nothing is below half confidence.
    await filters.getByLabel('Confidence below (0–1)').fill('0.5');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No task matches these filters.').waitFor();
    const low = await manager.json<{ tasks: unknown[] }>('GET', `/api/projects/${projectId}/task-list?tutor=${tessId}&confidenceBelow=0.5`);
    expect(low.tasks).toEqual([]);
    await checkPage(page, 'manager-tasks-filters');
  });

  it('answers 404 to a tutor and a reviewer, and the page says it is for managers', async () => {
    for (const who of [TUTORS[0], REVIEWER]) {
      const s = await ApiSession.signIn(server.url, who.email, who.password);
      const r = await s.raw('GET', `/api/tasks/${taskId}`);
      expect(r.status).toBe(404);
      expect(await r.text()).not.toContain('sky');
    }
    const t = await openPage(browser, server.url);
    await signIn(t.page, TUTORS[1].email, TUTORS[1].password);
    await t.page.goto(`/manage/tasks/${taskId}`);
    await t.page.getByRole('heading', { name: 'Managers only' }).waitFor();
    await expect(t.page.locator('body').textContent()).resolves.not.toContain('sky');
    await t.context.close();
  });
});
