/**
 * Certification tooling (issue 15) in a real browser: a manager creates an exam on a question bank,
 * changes its pass mark (a new version), and sees who took it, when, with what score and result.
 * The server's answers are checked after each step.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExamWithBank } from '../../src/domain/api/exams.js';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, signIn, type Watched } from '../support/e2e/browser.js';
import { checkPage } from '../support/e2e/pageCheck.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const DOMAIN = 'e2elaw';
const TUTOR = { email: 'exam.taker@e2e.example', password: 'exam-taker-2026', name: 'Eli Examinee' };

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let manager: ApiSession;

const exam = async () => (await manager.json<{ exams: ExamWithBank[] }>('GET', '/api/exams')).exams.find((e) => e.domain === DOMAIN);

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  await admin.createUser({ ...TUTOR, role: 'tutor', tier: 'generalist', domains: [DOMAIN] });
  const bank = await manager.createProject({ name: 'E2E law bank', type: 'preference', domains: [DOMAIN], purpose: 'exam' });
  await manager.importTasks(
    bank.project.id,
    [1, 2, 3].map((i) => ({
      id: `law-q${i}`,
      type: 'preference',
      domain: DOMAIN,
      prompt: `Law question ${i}`,
      responses: [
        { id: 'a', text: 'Right' },
        { id: 'b', text: 'Wrong' },
      ],
      gold: { choice: 'a' },
    })),
  );
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
  await signIn(page, DEMO.manager.email, DEMO.manager.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('certification exams', () => {
  it('a manager creates an exam on the bank', async () => {
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Exams' }).click();
    await page.waitForURL('**/manage/exams');
    const form = page.getByRole('form', { name: 'New exam' });
    await form.getByLabel('Domain').fill(DOMAIN);
    await form.getByLabel('Name').fill('Law basics');
    await form.getByLabel('Questions per attempt').fill('2');
    await form.getByLabel('Pass mark (%)').fill('50');
    await form.getByLabel('Cool-down after a fail (hours)').fill('1');
    await form.getByRole('button', { name: 'Create exam' }).click();
    await page.getByRole('status').filter({ hasText: 'Created Law basics.' }).waitFor();
    expect(await exam()).toMatchObject({
      name: 'Law basics',
      questionCount: 2,
      passMark: 0.5,
      cooldownHours: 1,
      bankSize: 3,
      version: 1,
      active: true,
    });
    await page.locator('table.exams tr', { hasText: 'Law basics' }).waitFor();
  });

  it('changes the pass mark: a new version', async () => {
    await page.getByRole('button', { name: 'Edit Law basics' }).click();
    const form = page.getByRole('form', { name: 'Edit Law basics' });
    await form.getByLabel('Pass mark (%)').fill('100');
    await checkPage(page, 'manager-exams-edit');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Law basics (now version 2).' }).waitFor();
    expect(await exam()).toMatchObject({ passMark: 1, version: 2 });
  });

  it('shows who took the exam, when, the score and the result', async () => {
    const x = (await exam())!;
    const tutor = await ApiSession.signIn(server.url, TUTOR.email, TUTOR.password);
    const start = await tutor.json<{ attempt: { id: number }; questions: unknown[] }>('POST', `/api/exams/${x.id}/attempts`);
    expect(start.questions).toHaveLength(2);
    const result = await tutor.json<{ score: number; passed: boolean }>('POST', `/api/exam-attempts/${start.attempt.id}/submit`, {
      answers: [{ choice: 'a' }, { choice: 'b' }],
    });
    expect(result).toMatchObject({ score: 0.5, passed: false });
    await page.getByRole('button', { name: 'Attempts for Law basics' }).click();
    const row = page.locator('table.attempts tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    await expect(row.textContent()).resolves.toMatch(new RegExp(`${TUTOR.name}.*50%failed2`));
    const api = await manager.json<{ attempts: { user: { name: string }; score: number; passed: boolean }[] }>(
      'GET',
      `/api/exams/${x.id}/attempts`,
    );
    expect(api.attempts.map((a) => [a.user.name, a.score, a.passed])).toEqual([[TUTOR.name, 0.5, false]]);
    await checkPage(page, 'manager-exams-attempts');
    expect(w.errors).toEqual([]);
  });
});
