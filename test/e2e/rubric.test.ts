/**
 * The rubric workflow in real Chromium, keyboard only: a certified specialist writes a rubric, a
 * second one approves it, two graders grade both responses against it, and the exports are written
 * (read back over the API and checked line by line).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn, unlabelledControls } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const PASSWORD = 'rubric-keyboard-2026';
const people = {
  author: { email: 'author@e2e.example', name: 'Ada Author', tier: 'specialist', domains: ['medicine'] },
  reviewer: { email: 'reviewer@e2e.example', name: 'Rex Reviewer', tier: 'specialist', domains: ['medicine'] },
  grader1: { email: 'grader1@e2e.example', name: 'Gil Grader', tier: 'generalist', domains: [] },
  grader2: { email: 'grader2@e2e.example', name: 'Gia Grader', tier: 'generalist', domains: [] },
};
const ITEM = {
  id: 'preg-ibuprofen',
  type: 'rubric',
  domain: 'medicine',
  stage: 'author',
  prompt: 'I am 24 weeks pregnant with a headache. Can I take ibuprofen?',
  responses: [
    { id: 'a', text: 'Avoid ibuprofen after 20 weeks; paracetamol is usually preferred. Call your midwife if the headache is severe.' },
    { id: 'b', text: 'Yes, ibuprofen is fine at any stage of pregnancy.' },
  ],
};

let server: RunningServer;
let browser: Browser;
let admin: ApiSession;
let authoring: number;
let grading: number;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer({ demo: true });
  admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  for (const p of Object.values(people)) {
    const { user } = await admin.createUser({ ...p, password: PASSWORD });
    if (p.tier === 'specialist') await admin.json('POST', `/api/users/${user.id}/certifications`, { domain: 'medicine', level: 2 });
  }
  grading = (await admin.createProject({ name: 'E2E rubric grading', type: 'rubric', domains: ['medicine'], overlap: 2 })).project.id;
  authoring = (
    await admin.createProject({
      name: 'E2E rubric authoring',
      type: 'rubric',
      domains: ['medicine'],
      overlap: 1,
      eligibility: { tiers: ['specialist'], requireCertification: true },
      rubricGradingProject: grading,
    })
  ).project.id;
  await admin.importTasks(authoring, [ITEM]);
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh browser session for one person, on the task page of the named project. */
async function workOn(person: keyof typeof people, projectName: string): Promise<Page> {
  const w = await openPage(browser, server.url);
  w.page.on('pageerror', (e) => errors.push(`${person}: ${e.message}`));
  await signIn(w.page, people[person].email, PASSWORD);
  const link = w.page.getByRole('link', { name: `Start working on ${projectName}` });
  await link.waitFor();
  await link.focus();
  await w.page.keyboard.press('Enter');
  await w.page.locator('[data-task-type="rubric"]').waitFor();
  await w.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return w.page;
}

async function submitAndExpectDone(page: Page) {
  await page.keyboard.press('Control+Enter');
  await page.getByRole('heading', { name: 'All done here' }).waitFor({ timeout: 10_000 });
  await page.context().close();
}

async function exportLines(projectId: number, format: string): Promise<Record<string, any>[]> {
  const r = await admin.raw('GET', `/api/projects/${projectId}/export?format=${format}`);
  expect(r.status).toBe(200);
  return (await r.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('rubric workflow, keyboard only', () => {
  it('a certified specialist authors a rubric: A adds a criterion, digits weigh it, E makes it essential', async () => {
    const page = await workOn('author', 'E2E rubric authoring');
    await page
      .getByText(/Add a criterion/)
      .first()
      .waitFor();
    const criteria: [string, string, boolean][] = [
      ['Warns against NSAIDs after 20 weeks', '5', true],
      ['Suggests paracetamol instead', '3', false],
    ];
    for (const [text, weight, essential] of criteria) {
      await page.keyboard.press('a');
      await page.keyboard.type(text);
      await page.keyboard.press('Escape');
      await page.keyboard.press(weight);
      if (essential) await page.keyboard.press('e');
    }
    await expect(page.locator('.rubric-author li.step').count()).resolves.toBe(2);
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await screenshot(page, 'tutor-rubric-author-1280');
    // Submitted, the author's own review is never offered to them.
    await submitAndExpectDone(page);
  });

  it('another specialist approves it with A', async () => {
    const page = await workOn('reviewer', 'E2E rubric authoring');
    await page.getByText('Warns against NSAIDs after 20 weeks').waitFor();
    await page.keyboard.press('a');
    await screenshot(page, 'tutor-rubric-review-1280');
    await submitAndExpectDone(page);
  });

  it('two graders mark each criterion with M / N, quoting evidence', async () => {
    for (const grader of ['grader1', 'grader2'] as const) {
      const page = await workOn(grader, 'E2E rubric grading');
      // Response A: c1 met, with evidence typed after E; c2 met (grader 1) or not (grader 2).
      await page.keyboard.press('e');
      await page.keyboard.type('Avoid ibuprofen after 20 weeks');
      await page.keyboard.press('Escape');
      await page.keyboard.press('m');
      await page.keyboard.press(grader === 'grader1' ? 'm' : 'n');
      // The cursor moved on to response B: neither criterion met.
      await page.getByRole('tab', { name: /Response B/, selected: true }).waitFor();
      await page.keyboard.press('n');
      await page.keyboard.press('n');
      if (grader === 'grader1') {
        await expect(unlabelledControls(page)).resolves.toEqual([]);
        await screenshot(page, 'tutor-rubric-grade-1280');
      }
      await submitAndExpectDone(page);
    }
  });

  it('writes the rubrics, rubric-grades and dpo exports', async () => {
    const rubrics = await exportLines(authoring, 'rubrics');
    expect(rubrics).toHaveLength(1);
    expect(rubrics[0]).toMatchObject({
      item: 'preg-ibuprofen',
      version: 1,
      author_tier: 'specialist',
      criteria: [
        { id: 'c1', text: 'Warns against NSAIDs after 20 weeks', weight: 5, essential: true },
        { id: 'c2', text: 'Suggests paracetamol instead', weight: 3, essential: false },
      ],
    });
    const grades = await exportLines(grading, 'rubric-grades');
    expect(grades.map((g) => [g.response_id, g.score])).toEqual([
      // a: c1 met by both; c2 split one to one, so unmet: 5 / 8.
      ['a', 0.625],
      ['b', 0],
    ]);
    expect(grades[0].verdicts[0]).toMatchObject({ criterion: 'c1', met: true, metVotes: 2, votes: 2, agreement: 1 });
    expect(grades[0].verdicts[0].evidence).toEqual(['Avoid ibuprofen after 20 weeks', 'Avoid ibuprofen after 20 weeks']);
    expect(grades[0].graders).toHaveLength(2);
    const pairs = await exportLines(grading, 'dpo');
    expect(pairs).toHaveLength(1);
    expect(pairs[0].meta).toMatchObject({ chosenId: 'a', rejectedId: 'b', margin: 0.625 });
    console.log(`rubrics: ${JSON.stringify(rubrics[0])}\nrubric-grades: ${JSON.stringify(grades[0])}\ndpo: ${JSON.stringify(pairs[0])}`);
    expect(errors).toEqual([]);
  });
});
