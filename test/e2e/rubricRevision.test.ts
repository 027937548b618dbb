/**
 * A manager revises an approved rubric from the project page in real Chromium: the Rubrics panel
 * lists the item's approved version, Revise asks for the reason and opens the next version, whose
 * authoring task the specialist then leases (with version 1's criteria and the reason).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const PASSWORD = 'rubric-revise-2026';
const ITEM = {
  id: 'rev-1',
  type: 'rubric',
  domain: 'medicine',
  stage: 'author',
  prompt: 'Is aspirin safe for children?',
  responses: [{ id: 'a', text: 'No: Reye syndrome.' }],
};

let server: RunningServer;
let browser: Browser;
let page: Page;
let projectId: number;
let author: ApiSession;

type Lease = { assignment: { id: number }; task: { payload: Record<string, unknown> } };

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  for (const who of ['author', 'reviewer'])
    await admin.createUser({ email: `${who}@revise.example`, name: who, tier: 'specialist', domains: ['medicine'], password: PASSWORD });
  const manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  projectId = (await manager.createProject({ name: 'E2E rubric revision', type: 'rubric', domains: ['medicine'], overlap: 1 })).project.id;
  await manager.importTasks(projectId, [ITEM]);
  author = await ApiSession.signIn(server.url, 'author@revise.example', PASSWORD);
  const reviewer = await ApiSession.signIn(server.url, 'reviewer@revise.example', PASSWORD);
  const steps: [ApiSession, object][] = [
    [author, { stage: 'author', criteria: [{ text: 'Warns about Reye syndrome', weight: 5, essential: true }] }],
    [reviewer, { stage: 'review', decision: 'approve' }],
  ];
  for (const [who, response] of steps) {
    const lease = await who.json<Lease>('POST', `/api/projects/${projectId}/next`);
    await who.json('POST', `/api/assignments/${lease.assignment.id}/submit`, { response, durationMs: 1000 });
  }
  browser = await launch();
  page = (await openPage(browser, server.url)).page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('revising a rubric from the project page', () => {
  it('opens the next version for authoring, with the reason for the specialist', async () => {
    await signIn(page, DEMO.manager.email, DEMO.manager.password);
    await page.goto(`/manage/projects/${projectId}`);
    const row = page.locator('tr[data-rubric="rev-1"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('approved');
    await row.getByRole('button', { name: 'Revise the rubric of rev-1' }).click();
    await row.getByLabel('What should change (shown to the author)').fill('Name the age limit');
    await row.getByRole('button', { name: 'Open version 2 for authoring' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 2 is open for authoring (task rev-1#v2)' }).waitFor();
    await screenshot(page, 'rubric-revision');

    const lease = await author.json<Lease>('POST', `/api/projects/${projectId}/next`);
    expect(lease.task.payload).toMatchObject({
      stage: 'author',
      rubric: { item: 'rev-1', version: 2 },
      revises: { version: 1, comment: 'Name the age limit', criteria: [{ id: 'c1', text: 'Warns about Reye syndrome' }] },
    });
  });
});
