/**
 * Bulk actions on the task browser and the export page's split items (issue 15), in a real browser:
 * a manager raises the priority of picked tasks, removes every task a filter matches from the exports
 * after confirming the server's count, and settles the DPO export's split item from the export panel
 * (send to review, get more judgments). The server's answers are checked after each step.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../src/domain/api/export.js';
import type { TaskBrowsePage } from '../../src/domain/api/taskBrowser.js';
import type { TaskDetail } from '../../src/domain/api/taskDetail.js';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, signIn, type Watched } from '../support/e2e/browser.js';
import { checkPage } from '../support/e2e/pageCheck.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const TUTORS = [
  { email: 'bulk.one@e2e.example', password: 'bulk-tutor-one-2026', name: 'Bo One' },
  { email: 'bulk.two@e2e.example', password: 'bulk-tutor-two-2026', name: 'Bea Two' },
];

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let manager: ApiSession;
let projectId = 0;

const tasks = async () =>
  new Map((await manager.json<TaskBrowsePage>('GET', `/api/projects/${projectId}/task-list`)).tasks.map((t) => [t.externalId, t]));
const dpoSummary = () => manager.json<ExportSummary>('GET', `/api/projects/${projectId}/export/summary?format=dpo`);

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  for (const t of TUTORS) await admin.createUser({ ...t, role: 'tutor', tier: 'generalist', domains: ['general'] });
  const project = await manager.createProject({ name: 'E2E bulk', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0 });
  projectId = project.project.id;
  await manager.importTasks(
    projectId,
    [0, 1, 2, 3, 4].map((i) => ({
      id: `b-${i}`,
      type: 'preference',
      domain: 'general',
      prompt: `Question ${i}`,
      responses: [
        { id: 'a', text: 'First answer' },
        { id: 'b', text: 'Second answer' },
      ],
    })),
  );
  // The two tutors split on b-0 (a judged task is served first): the DPO export leaves it out.
  for (const [i, t] of TUTORS.entries()) {
    const tutor = await ApiSession.signIn(server.url, t.email, t.password);
    const lease = await tutor.json<{ assignment: { id: number } }>('POST', `/api/projects/${projectId}/next`);
    await tutor.json('POST', `/api/assignments/${lease.assignment.id}/submit`, {
      response: { choice: i === 0 ? 'a' : 'b' },
      durationMs: 3000,
    });
  }
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
  await signIn(page, DEMO.manager.email, DEMO.manager.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('bulk task actions', () => {
  it('raises the priority of the picked tasks', async () => {
    await page.goto(`/manage/projects/${projectId}/tasks`);
    await page.locator('table.tasks tbody tr').first().waitFor();
    await page.getByLabel('Select b-1').check();
    await page.getByLabel('Select b-2').check();
    const form = page.getByRole('form', { name: 'Act on tasks' });
    await form.getByLabel('Action').selectOption('raise_priority');
    await form.getByLabel('By how much').fill('2');
    await checkPage(page, 'manager-tasks-bulk');
    await form.getByRole('button', { name: 'Apply to 2 selected' }).click();
    await form.getByRole('status').filter({ hasText: 'Raise priority: 2 of 2 tasks changed.' }).waitFor();
    const after = await tasks();
    expect(['b-0', 'b-1', 'b-2', 'b-3', 'b-4'].map((id) => after.get(id)!.priority)).toEqual([0, 2, 2, 0, 0]);
  });

  it('removes every task a filter matches from the exports, after confirming the count', async () => {
    await page.goto(`/manage/projects/${projectId}/tasks?state=not_started`);
    await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBe(4);
    const form = page.getByRole('form', { name: 'Act on tasks' });
    await form.getByLabel('Action').selectOption('exclude_from_export');
    await form.getByRole('button', { name: 'Apply to every task matching the filters…' }).click();
    await form.getByRole('alert').filter({ hasText: 'Remove from the exports: 4 tasks match the filters.' }).waitFor();
    await form.getByRole('button', { name: 'Yes, apply to 4' }).click();
    await form.getByRole('status').filter({ hasText: '4 of 4 tasks changed' }).waitFor();
    expect((await dpoSummary()).leftOut.excluded).toBe(4);
    // Restored the same way, so the export holds them again once judged.
    await form.getByLabel('Action').selectOption('include_in_export');
    await form.getByRole('button', { name: 'Apply to every task matching the filters…' }).click();
    await form.getByRole('button', { name: 'Yes, apply to 4' }).click();
    await form.getByRole('status').filter({ hasText: 'Restore to the exports: 4 of 4 tasks changed.' }).waitFor();
    expect((await dpoSummary()).leftOut.excluded).toBe(0);
  });

  it('the export panel names the split item and settles it: send to review, get more judgments', async () => {
    const before = await dpoSummary();
    expect(before.leftOut.split).toBe(1);
    const b0 = (await tasks()).get('b-0')!;
    expect(before.splitTaskIds).toEqual([b0.id]);
    await page.goto(`/manage/projects/${projectId}`);
    const panel = page.locator('.split-items');
    await panel.getByText('1 split item left out of this export').waitFor();
    await panel.getByRole('button', { name: 'Send 1 to review' }).click();
    await panel.getByRole('status').filter({ hasText: 'Send to review: 1 task changed.' }).waitFor();
    const queue = await manager.json<{ reviews: { task: { id: number }; note: string; reason: string }[] }>(
      'GET',
      `/api/reviews?projectId=${projectId}`,
    );
    expect(queue.reviews.map((r) => [r.task.id, r.reason, r.note])).toEqual([[b0.id, 'flagged', 'Sent to review by a manager']]);
    await panel.getByRole('button', { name: 'Get more judgments for 1' }).click();
    await panel.getByRole('status').filter({ hasText: 'Get more judgments (re-open): 1 task changed.' }).waitFor();
    expect((await tasks()).get('b-0')).toMatchObject({ judgments: 2, needed: 3, state: 'in_progress' });
    await checkPage(page, 'manager-export-split');

    const detail = await manager.json<TaskDetail>('GET', `/api/tasks/${b0.id}`);
    expect(detail.audit.map((a) => a.action)).toEqual(['task.reopen', 'task.send_to_review']);
    expect(w.errors).toEqual([]);
  });

  it("filters by the judgments' agreement: the split task, its 50 % shown, as the server counts it", async () => {
    await manager.json('POST', `/api/projects/${projectId}/consensus/recompute`);
    await page.goto(`/manage/projects/${projectId}/tasks`);
    await page.locator('table.tasks tbody tr').first().waitFor();
    await page.getByLabel('Agreement below (0–1)').fill('0.6');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('table.tasks tbody tr').count()).toBe(1);
    const row = page.locator('table.tasks tbody tr').first();
    await expect(row.textContent()).resolves.toMatch(/b-0.*50 %/);
    expect(new URL(page.url()).searchParams.get('agreementBelow')).toBe('0.6');
    const served = await manager.json<TaskBrowsePage>('GET', `/api/projects/${projectId}/task-list?agreementBelow=0.6`);
    expect(served.tasks.map((t) => [t.externalId, t.agreement])).toEqual([['b-0', 0.5]]);
    await expect(manager.json('GET', `/api/projects/${projectId}/task-count?agreementBelow=0.6`)).resolves.toEqual({ count: 1 });
    await checkPage(page, 'manager-tasks-agreement');
    expect(w.errors).toEqual([]);
  });
});
