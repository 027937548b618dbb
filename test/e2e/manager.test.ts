/**
 * A manager creates a project in the UI, uploads a JSONL file with one bad line and sees its line
 * number, fixes the file and imports it, pauses and resumes, and downloads a DPO export after real
 * tutors' judgments; the progress and people dashboards show the work, and a certification is
 * granted and revoked.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn, unlabelledControls, type Watched } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const NAME = 'E2E medicine preference';
const TUTOR = { email: 'pref.tutor@e2e.example', password: 'pref-tutor-2026', name: 'Pat Preference' };

const task = (i: number, bText = `Answer B number ${i}: see a doctor if it persists.`) => ({
  id: `med-${i}`,
  type: 'preference',
  domain: 'medicine',
  prompt: `Patient question ${i}: I have had a headache for two days. What should I do?`,
  responses: [
    { id: 'a', text: `Answer A number ${i}: rest, fluids, and paracetamol within the label dose.` },
    { id: 'b', text: bText },
  ],
});
const jsonl = (rows: object[]) => Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let projectId = 0;

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  await admin.createUser({ ...TUTOR, role: 'tutor', tier: 'specialist', domains: ['medicine'], payModel: 'per_task', payRate: 75 });
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
  page.on('dialog', (d) => void d.accept());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('manager dashboards', () => {
  it('creates a project with the form', async () => {
    await signIn(page, DEMO.manager.email, DEMO.manager.password);
    await page.getByRole('link', { name: 'Projects', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await screenshot(page, 'manager-projects-1280');
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByLabel('Name').fill(NAME);
    await page.getByLabel('Task type').selectOption('preference');
    await page.getByLabel(/^Domains/).fill('medicine');
    await page.getByLabel(/Judgments per task/).fill('1');
    await page.getByLabel(/Pay per task/).fill('0.50');
    await page.getByLabel(/Instructions/).fill('Choose the **safer** answer for a patient.');
    await page.getByLabel('Tutors must explain each answer').check();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await screenshot(page, 'manager-new-project-1280');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    projectId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(projectId).toBeGreaterThan(0);
    await expect(page.locator('.facts').textContent()).resolves.toContain('$0.50 per task');
  });

  it('shows the line number of a bad line, then imports the fixed file', async () => {
    const bad = [task(1), task(2), task(3, ''), task(4)];
    await page.setInputFiles('#import-file', { name: 'tasks.jsonl', mimeType: 'application/x-ndjson', buffer: jsonl(bad) });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const problems = page.getByRole('list', { name: 'Problems found' });
    await problems.waitFor();
    await expect(problems.textContent()).resolves.toMatch(/Line 3/);
    await expect(problems.locator('li').count()).resolves.toBe(1);
    await screenshot(page, 'manager-import-error-1280');

    await page.setInputFiles('#import-file', {
      name: 'tasks-fixed.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: jsonl([task(1), task(2), task(3), task(4)]),
    });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported 4 tasks' }).waitFor();
    await page.locator('.kpis dd').first().filter({ hasText: '4' }).waitFor();
    await screenshot(page, 'manager-project-detail-1280');
  });

  it('pauses and resumes the project', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('#project-title .status', { hasText: 'paused' }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('#project-title .status', { hasText: 'active' }).waitFor();
  });

  it('downloads a DPO export of real judgments', async () => {
    // A tutor works through the tasks over the API (the browser side of that is the tutor suite).
    const tutor = await ApiSession.signIn(server.url, TUTOR.email, TUTOR.password);
    for (let i = 0; i < 4; i++) {
      const lease = await tutor.json<{ assignment: { id: number } }>('POST', `/api/projects/${projectId}/next`);
      await tutor.json('POST', `/api/assignments/${lease.assignment.id}/submit`, {
        response: { choice: 'a', strength: 3, rationale: 'A gives safe, concrete steps.' },
        durationMs: 12_000 + i * 1000,
      });
    }
    await page.reload();
    await page.getByRole('heading', { name: NAME }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export DPO' }).click()]);
    const path = await download.path();
    const lines = readFileSync(path!, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(download.suggestedFilename()).toMatch(/dpo\.jsonl$/);
    expect(lines).toHaveLength(4);
    for (const l of lines) {
      // TRL's conversational preference shape: message lists.
      expect(JSON.stringify(l.chosen)).toContain('Answer A number');
      expect(JSON.stringify(l.rejected)).toContain('Answer B number');
      expect(JSON.stringify(l.prompt)).toContain('Patient question');
    }
    // The export panel says what the export holds and what it leaves out.
    await page.getByLabel('What the export leaves out').getByText('4 row(s) in the dpo export.').waitFor();
  });

  it('shows progress as charts', async () => {
    await page.locator('.project-detail .page-head').getByRole('link', { name: 'Progress' }).click();
    await page.waitForURL(`**/manage/progress/${projectId}`);
    await page.getByText('Judgments per day').waitFor();
    await page.locator('.kpis div', { hasText: 'Tasks done' }).locator('dd', { hasText: '4' }).waitFor();
    await page.locator('.chart svg').first().waitFor();
    await expect(page.locator('.chart svg').count()).resolves.toBe(3);
    await expect(page.locator('table', { hasText: TUTOR.name }).count()).resolves.toBe(1);
    await page.waitForTimeout(200);
    await screenshot(page, 'manager-progress-1280');
  });

  it('lists people and grants then revokes a certification', async () => {
    await page.locator('nav.subnav').getByRole('link', { name: 'People' }).click();
    const row = page.locator('tr', { hasText: TUTOR.email });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/specialist.*medicine.*\$0\.75\/task/s);
    await expect(row.locator('td.num').first().textContent()).resolves.toBe('4');
    await row.getByLabel(`Domain for ${TUTOR.name}`).fill('medicine');
    await row.getByLabel('Level').selectOption('2');
    await row.getByRole('button', { name: `Grant ${TUTOR.name} a certification` }).click();
    await row.locator('.tag', { hasText: 'medicine L2' }).waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await screenshot(page, 'manager-people-1280');
    await row.getByRole('button', { name: `Revoke ${TUTOR.name}'s medicine certification` }).click();
    await expect.poll(() => row.locator('.tag', { hasText: 'medicine L2' }).count()).toBe(0);
    expect(w.errors).toEqual([]);
  });
});
