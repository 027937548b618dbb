/**
 * Issue 15, "wrong or misleading today", each checked in a real browser against the server:
 *  - a project's tasks by state add up to its total while a task is in progress (not counted twice);
 *  - an import error lists line and field, without the raw "request body line N" summary above it;
 *  - "choose an answer first" shows inside the viewport on a long task and is announced (role alert);
 *  - S with a half-written rewrite asks first; a second S skips (the server records the skip);
 *  - project settings: a manager turns on adaptive overlap, a review threshold and another consensus
 *    method; the server stores them, and the project page states the rules in force (not "overlap 1").
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { seriousA11yViolations } from '../support/e2e/axe.js';
import { launch, openPage, signIn } from '../support/e2e/browser.js';
import { assignmentStates } from '../support/e2e/db.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const TUTOR = { email: 'fix.tutor@e2e.example', password: 'fix-tutor-2026', name: 'Fia Fixes' };
const LONG = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of a long answer that fills the screen.`).join('\n\n');

let server: RunningServer;
let browser: Browser;
let page: Page;
let prefId = 0;
let rewriteId = 0;

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  const manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  await admin.createUser({ ...TUTOR, role: 'tutor', tier: 'generalist', domains: ['general'] });
  const pref = await manager.createProject({
    name: 'E2E fixes preference',
    type: 'preference',
    domains: ['general'],
    overlap: 1,
    goldRate: 0,
  });
  prefId = pref.project.id;
  await manager.importTasks(
    prefId,
    [1, 2, 3].map((i) => ({
      id: `long-${i}`,
      type: 'preference',
      domain: 'general',
      prompt: `Long question ${i}`,
      responses: [
        { id: 'a', text: LONG },
        { id: 'b', text: LONG },
      ],
    })),
  );
  const rewrite = await manager.createProject({ name: 'E2E fixes rewrite', type: 'rewrite', domains: ['general'], overlap: 1 });
  rewriteId = rewrite.project.id;
  await manager.importTasks(rewriteId, [
    { id: 'rw-1', type: 'rewrite', domain: 'general', prompt: 'Improve this.', response: { id: 'r', text: 'It is ok.' } },
  ]);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('issue 15 fixes', () => {
  it('tasks by state add up to the total while a task is in progress', async () => {
    const tutor = await ApiSession.signIn(server.url, TUTOR.email, TUTOR.password);
    const lease = await tutor.json<{ assignment: { id: number } }>('POST', `/api/projects/${prefId}/next`);
    expect(lease.assignment.id).toBeGreaterThan(0);
    const w = await openPage(browser, server.url);
    page = w.page;
    await signIn(page, DEMO.manager.email, DEMO.manager.password);
    await page.goto(`/manage/projects/${prefId}`);
    const kpi = (name: string) => page.locator('.kpis div', { hasText: name }).locator('dd');
    await kpi('In progress').filter({ hasText: '1' }).waitFor();
    const [total, done, inProgress, left] = await Promise.all(
      ['Total', 'Done', 'In progress', 'Left'].map(async (n) => Number(await kpi(n).textContent())),
    );
    expect({ total, done, inProgress, left }).toEqual({ total: 3, done: 0, inProgress: 1, left: 2 });
    await tutor.json('POST', `/api/assignments/${lease.assignment.id}/skip`);
  });

  it('an import error lists the line and field, with no raw summary above it', async () => {
    await page.setInputFiles('#import-file', {
      name: 'bad.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(
        '{"id":"x1","type":"preference","domain":"general","prompt":"p","responses":[{"id":"a","text":"a"},{"id":"b","text":""}]}\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const alert = page.getByRole('alert').filter({ has: page.getByRole('list', { name: 'Problems found' }) });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/Line 1/);
    expect(text).toContain('responses.1.text');
    expect(text.toLowerCase()).not.toContain('request body');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await page.context().close();
  });

  it('"choose an answer first" shows in the viewport and is announced', async () => {
    const w = await openPage(browser, server.url, { width: 1280, height: 700 });
    page = w.page;
    await signIn(page, TUTOR.email, TUTOR.password);
    await page.goto(`/work/${prefId}`);
    await page.locator('[data-task-type="preference"]').waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+Enter');
    const notice = page.getByRole('alert').filter({ hasText: /choose|pick|which/i });
    await notice.waitFor();
    const box = await notice.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(700);
  });

  it('S with a half-written rewrite asks first; a second S skips', async () => {
    await page.goto(`/work/${rewriteId}`);
    await page.locator('[data-task-type="rewrite"]').waitFor();
    await page.locator('textarea').first().focus();
    await page.keyboard.type(' Much better now.');
    await page.keyboard.press('Escape');
    await page.keyboard.press('s');
    await page.getByRole('alert').filter({ hasText: 'unsaved answer' }).waitFor();
    await expect(page.locator('[data-task-type="rewrite"]').count()).resolves.toBe(1);
    expect(assignmentStates(server.dbPath, TUTOR.email, rewriteId)).toEqual({ leased: 1 });
    await page.keyboard.press('s');
    await page.getByRole('heading', { name: 'All done here' }).waitFor();
    expect(assignmentStates(server.dbPath, TUTOR.email, rewriteId)).toEqual({ skipped: 1 });
  });

  it('project settings: edits the quality policy, and the project page states what is in force', async () => {
    const w = await openPage(browser, server.url);
    page = w.page;
    await signIn(page, DEMO.manager.email, DEMO.manager.password);
    await page.goto(`/manage/projects/${prefId}`);
    const facts = page.locator('.facts');
    await facts.getByText('Fixed: each task gets 1 judgment.').waitFor();
    await page.getByRole('link', { name: 'Edit settings' }).click();
    const form = page.getByRole('form', { name: 'Project settings' });
    await form.waitFor();
    await form.getByLabel('Consensus method').selectOption('mace');
    await form.getByRole('checkbox', { name: /Adaptive overlap/ }).check();
    await form.getByLabel('At least, judgments').fill('2');
    await form.getByLabel('At most, judgments').fill('5');
    await form.getByLabel('Target confidence (%)').fill('95');
    await form.getByRole('checkbox', { name: /low consensus confidence to review/ }).check();
    await form.getByLabel('Review below confidence (%)').fill('70');
    await form.getByLabel('Lease in minutes').fill('20');
    await page
      .getByLabel('After saving')
      .getByText(/Adaptive: each task gets 2 to 5 judgments/)
      .waitFor();
    await expect(page.getByLabel('In force now').textContent()).resolves.toContain('Fixed: each task gets 1 judgment.');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved: leaseSeconds, quality.' }).waitFor();

    const manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
    const { project } = await manager.json<{ project: { leaseSeconds: number; quality: Record<string, unknown> } }>(
      'GET',
      `/api/projects/${prefId}`,
    );
    expect(project.leaseSeconds).toBe(1200);
    expect(project.quality).toMatchObject({
      consensusMethod: 'mace',
      adaptiveOverlap: { targetConfidence: 0.95, minJudgments: 2, maxJudgments: 5 },
      reviewBelowConfidence: 0.7,
    });
    await page.getByRole('link', { name: 'E2E fixes preference' }).click();
    await facts
      .getByText(/Adaptive: each task gets 2 to 5 judgments, and stops as soon as its consensus reaches 95 % confidence/)
      .waitFor();
    await expect(facts.textContent()).resolves.toMatch(/MACE.*below 70 % goes to the review queue/s);
    expect(w.errors).toEqual([]);
  });

  it("the task browser filters on the server and says each task's state", async () => {
    // A fresh tutor holds a lease, so one task is in progress whatever the tutor pages above released.
    const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
    const holder = { email: 'lease.holder@e2e.example', password: 'lease-holder-2026', name: 'Lee Holder' };
    await admin.createUser({ ...holder, role: 'tutor', tier: 'generalist', domains: ['general'] });
    const holderApi = await ApiSession.signIn(server.url, holder.email, holder.password);
    await holderApi.json('POST', `/api/projects/${prefId}/next`);
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    const rows = page.locator('table.tasks tbody tr');
    await rows.first().waitFor();
    await expect.poll(() => rows.count()).toBe(3);
    const form = page.getByRole('form', { name: 'Filter the tasks' });
    await form.getByLabel('State').selectOption('in_progress');
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/state=in_progress/);
    const manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
    const api = await manager.json<{ tasks: { externalId: string }[] }>('GET', `/api/projects/${prefId}/task-list?state=in_progress`);
    expect(api.tasks.length).toBeGreaterThan(0);
    await expect.poll(() => rows.count()).toBe(api.tasks.length);
    // Columns: select, import id, domain, state.
    await expect(rows.locator('td:nth-child(4)').allTextContents()).resolves.toEqual(api.tasks.map(() => 'in progress'));
    await form.getByLabel('Gold').selectOption('true');
    await form.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No task matches these filters.').waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });
});
