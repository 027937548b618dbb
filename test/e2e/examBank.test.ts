/**
 * The question-bank uploader (issue 15) in a real browser: a manager uploads a bank file of gold
 * questions with explanations under Exams, sees every bad line named (nothing added), previews a good
 * file, adds it, creates the exam that draws on it, then moves the exam to another domain's bank
 * (a new version). The server's answers are checked after each step.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExamWithBank } from '../../src/domain/api/exams.js';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, signIn, type Watched } from '../support/e2e/browser.js';
import { checkPage } from '../support/e2e/pageCheck.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const DOMAIN = 'e2etax';
const OTHER = 'e2eaudit';

const line = (id: string, gold: Record<string, unknown>) =>
  JSON.stringify({
    id,
    prompt: `Tax question ${id}`,
    responses: [
      { id: 'a', text: 'Deductible' },
      { id: 'b', text: 'Not deductible' },
    ],
    gold,
  });
const GOOD = [
  line('tax-1', { choice: 'a', explanation: 'Work travel is deductible.' }),
  line('tax-2', { choice: 'b', explanation: 'Commuting is not.' }),
].join('\n');
const BAD = [line('tax-1', { choice: 'a', explanation: 'ok' }), line('tax-2', { choice: 'b' })].join('\n');

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let manager: ApiSession;

const exams = async () => (await manager.json<{ exams: ExamWithBank[] }>('GET', '/api/exams')).exams;

beforeAll(async () => {
  server = await startServer({ demo: true });
  manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  // The other domain's bank, for the move at the end.
  await manager.json('POST', '/api/exam-banks', {
    domain: OTHER,
    type: 'preference',
    format: 'jsonl',
    fileName: 'audit.jsonl',
    text: GOOD,
  });
  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
  await signIn(page, DEMO.manager.email, DEMO.manager.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const choose = (name: string, text: string) =>
  page.getByLabel('File (.jsonl or .csv)').setInputFiles({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });

describe('question-bank uploader', () => {
  it('names every bad line and field, and adds nothing', async () => {
    await page.goto('/manage/exams');
    await page.getByRole('link', { name: 'Upload a question bank' }).click();
    await page.waitForURL('**/manage/exams/bank');
    const form = page.getByRole('form', { name: 'Question bank file' });
    await form.getByLabel('Domain (the exams that draw on it)').fill(DOMAIN);
    await form.getByLabel('Question type').selectOption('preference');
    await choose('tax.jsonl', BAD);
    await form.getByRole('button', { name: 'Check the file' }).click();
    const problem = page.getByRole('list', { name: 'Problems found' }).getByRole('listitem');
    await expect.poll(() => problem.count()).toBe(1);
    await expect(problem.textContent()).resolves.toMatch(/Line 2gold\.explanation.*explanation/);
    await checkPage(page, 'manager-exam-bank-errors');
    expect((await exams()).some((x) => x.domain === DOMAIN)).toBe(false);
  });

  it('previews a good file, then adds it to the bank the exam draws on', async () => {
    await choose('tax.jsonl', GOOD);
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('status').filter({ hasText: 'The file is good: 2 new questions for the "e2etax" bank' }).waitFor();
    const rows = page.locator('table.bank-preview tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await expect(rows.first().textContent()).resolves.toMatch(
      /1tax-1Tax question tax-1.*"choice":"a".*Work travel is deductible\.will be added/,
    );
    await checkPage(page, 'manager-exam-bank-preview');
    await page.getByRole('button', { name: 'Add 2 questions to the bank' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 2 questions to the "e2etax" bank.' }).waitFor();
    await page.getByText('No exam draws on the "e2etax" bank yet.').waitFor();

    // The exam on it, from the exams page: the bank holds the two questions.
    await page.getByRole('link', { name: 'Create its exam' }).click();
    await page.waitForURL('**/manage/exams');
    const create = page.getByRole('form', { name: 'New exam' });
    await create.getByLabel('Domain').fill(DOMAIN);
    await create.getByLabel('Name').fill('Tax basics');
    await create.getByLabel('Questions per attempt').fill('2');
    await create.getByRole('button', { name: 'Create exam' }).click();
    await page.getByRole('status').filter({ hasText: 'Created Tax basics.' }).waitFor();
    expect((await exams()).find((x) => x.name === 'Tax basics')).toMatchObject({ domain: DOMAIN, bankSize: 2, version: 1 });
  });

  it("moves the exam to another domain's bank: a new version", async () => {
    await page.getByRole('button', { name: 'Edit Tax basics' }).click();
    const form = page.getByRole('form', { name: 'Edit Tax basics' });
    await form.getByLabel("Domain (moving it draws on that domain's bank)").fill(OTHER);
    await checkPage(page, 'manager-exams-edit-domain');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Tax basics (now version 2).' }).waitFor();
    expect((await exams()).find((x) => x.name === 'Tax basics')).toMatchObject({ domain: OTHER, bankSize: 2, version: 2 });
    expect(w.errors).toEqual([]);
  });
});
