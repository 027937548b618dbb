/**
 * The quality loop in real Chromium against a real server and SQLite file:
 *  - a generalist practises a domain with the keyboard (feedback shows the bank's expected answer and
 *    explanation), takes and passes the exam, and sees the certification on My quality;
 *  - a tutor flags a task in the workspace, a reviewer certified in the domain decides it from the
 *    review queue with the task type's renderer, the item leaves the queue, and the tutor reads the
 *    verdict and comment as feedback (and a notification, marked read);
 *  - hostile task text, explanations, notes and comments stay inert text on every one of these pages;
 *  - roles: a tutor has no review menu and the review page refuses them.
 * Seeding goes through the HTTP API: a practice bank, an exam bank, an exam, a production project.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn, unlabelledControls, type Watched } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const DOMAIN = 'cardiology';
const GEN = { email: 'gale.generalist@e2e.example', password: 'generalist-2026', name: 'Gale Generalist' };
const REV = { email: 'rae.reviewer@e2e.example', password: 'reviewer-2026', name: 'Rae Reviewer' };
const FAIL = { email: 'finn.failed@e2e.example', password: 'failed-once-2026', name: 'Finn Failed' };

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const LINK = '[click me](javascript:window.__pwned=1)';
const SVG = '<svg onload="window.__pwned=1"><a xlink:href="javascript:window.__pwned=1">svg</a></svg>';
const HOSTILE = `${IMG} ${SCRIPT} ${LINK}\n\n${SVG}`;

const PRACTICE_N = 12;
/** Practice question k: the right answer is A for odd k, B for even k (the test reads k from the prompt). */
const practiceTask = (k: number) => ({
  id: `prac-${k}`,
  type: 'preference',
  domain: DOMAIN,
  prompt: `Practice question #${k}: which answer to a patient with chest pain is safer?\n\n${HOSTILE}`,
  responses: [
    { id: 'a', text: k % 2 ? `Call emergency services now (#${k}).` : `Wait and see for a day (#${k}).` },
    { id: 'b', text: k % 2 ? `Take an antacid and sleep (#${k}).` : `Call emergency services now (#${k}).` },
  ],
  gold: { choice: k % 2 ? 'a' : 'b', explanation: `Chest pain may be a **heart attack**: get help at once. ${HOSTILE}` },
});

const EXAM_N = 3;
const examTask = (k: number) => ({
  id: `exam-${k}`,
  type: 'label',
  domain: DOMAIN,
  text: `Exam item ${k}: crushing chest pain spreading to the left arm for 20 minutes. ${SCRIPT} ${IMG}`,
  gold: { labels: ['urgent'] },
});

let server: RunningServer;
let browser: Browser;
let w: Watched;
let page: Page;
let prodId = 0;
let goldId = 0;
let examId = 0;

beforeAll(async () => {
  // Gold results reach the tutor at once here (#12 batches them by default): this test follows one through to a suspension.
  server = await startServer({ demo: true, args: ['--gold-release', '1/0/0'] });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  const manager = await ApiSession.signIn(server.url, DEMO.manager.email, DEMO.manager.password);
  await admin.createUser({ ...GEN, role: 'tutor', tier: 'generalist', domains: [DOMAIN] });
  await admin.createUser({ ...FAIL, role: 'tutor', tier: 'generalist', domains: [DOMAIN] });
  const rev = await admin.createUser({ ...REV, role: 'reviewer', tier: 'specialist', domains: [DOMAIN] });
  await manager.json('POST', `/api/users/${rev.user.id}/certifications`, { domain: DOMAIN, level: 2 });

  const practice = await manager.createProject({
    name: 'E2E cardiology practice',
    type: 'preference',
    domains: [DOMAIN],
    overlap: 1,
    purpose: 'practice',
  });
  await manager.importTasks(
    practice.project.id,
    Array.from({ length: PRACTICE_N }, (_, i) => practiceTask(i + 1)),
  );
  const bank = await manager.createProject({
    name: 'E2E cardiology exam bank',
    type: 'label',
    domains: [DOMAIN],
    overlap: 1,
    purpose: 'exam',
    labels: ['benign', 'urgent'],
  });
  await manager.importTasks(
    bank.project.id,
    Array.from({ length: EXAM_N + 1 }, (_, i) => examTask(i + 1)),
  );
  const exam = await manager.json<{ exam: { id: number } } | { id: number }>('POST', '/api/exams', {
    domain: DOMAIN,
    name: 'Cardiology triage exam',
    questionCount: EXAM_N,
    passMark: 0.5,
    cooldownHours: 24,
  });
  examId = 'exam' in exam ? exam.exam.id : exam.id;

  const prod = await manager.createProject({ name: 'E2E cardiology answers', type: 'preference', domains: [DOMAIN], overlap: 1 });
  prodId = prod.project.id;
  await manager.importTasks(prodId, [
    {
      id: 'prod-1',
      type: 'preference',
      domain: DOMAIN,
      prompt: `A patient asks about chest pain. ${HOSTILE}`,
      responses: [
        { id: 'a', text: `Rest at home. ${SCRIPT}` },
        { id: 'b', text: `Call an ambulance. ${IMG}` },
      ],
    },
  ]);

  // Live gold: one check task, and a project whose rule suspends the certification after one wrong gold answer.
  const gold = await manager.createProject({
    name: 'E2E cardiology checks',
    type: 'preference',
    domains: [DOMAIN],
    overlap: 1,
    goldRate: 1,
    quality: { consensusMethod: 'mv', goldSuspension: { threshold: 0.6, minGold: 1, window: 50 } },
  });
  goldId = gold.project.id;
  await manager.importTasks(goldId, [
    {
      id: 'gold-1',
      type: 'preference',
      domain: DOMAIN,
      prompt: 'Chest pain with sweating: what now?',
      responses: [
        { id: 'a', text: 'Call an ambulance.' },
        { id: 'b', text: 'Sleep it off.' },
      ],
      gold: { choice: 'a' },
    },
  ]);

  browser = await launch();
  w = await openPage(browser, server.url);
  page = w.page;
  await page.addInitScript(() => {
    window.alert = () => {
      (window as unknown as { __pwned: number }).__pwned = 2;
    };
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** No script ran, and no script, iframe, handler attribute or javascript: URL reached the page. */
async function expectInert(where: string) {
  const links = page.locator('#root .markdown a');
  for (let i = 0; i < (await links.count()); i++)
    await links
      .nth(i)
      .click({ force: true, noWaitAfter: true, timeout: 2000 })
      .catch(() => {});
  await page.waitForTimeout(200);
  const dom = await page.evaluate(() => {
    const all = [...document.querySelectorAll('#root *')];
    return {
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      scripts: document.querySelectorAll('#root script').length,
      iframes: document.querySelectorAll('#root iframe').length,
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}.${a.name}`)),
      jsUrls: all.flatMap((el) => [...el.attributes].filter((a) => /^\s*javascript:/i.test(a.value)).map((a) => `${el.tagName}.${a.name}`)),
    };
  });
  expect(dom, where).toEqual({ pwned: undefined, scripts: 0, iframes: 0, handlers: [], jsUrls: [] });
}

/** Screenshots at 1280 and 390 px; every control labelled; no sideways scroll at 390 px. */
async function shoot(name: string) {
  await expect(unlabelledControls(page), `${name}: controls without a label`).resolves.toEqual([]);
  await screenshot(page, `quality-${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(50);
  await screenshot(page, `quality-${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(overflow, `${name}: the page scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
}

async function blur() {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

describe('practice → exam → certification', () => {
  it('a generalist sees the practice path and no review menu', async () => {
    await signIn(page, GEN.email, GEN.password);
    await expect(page.locator('header nav a', { hasText: 'Review' }).count()).resolves.toBe(0);
    await page.locator('header nav a', { hasText: 'Practice' }).click();
    await page.getByRole('heading', { name: 'Practice', exact: true }).waitFor();
    await page.getByRole('link', { name: `Practise ${DOMAIN}` }).waitFor();
    // Not ready yet: no exam button.
    await expect(page.getByRole('link', { name: `Take the ${DOMAIN} exam` }).count()).resolves.toBe(0);
    await shoot('practice-overview');
    // The review queue refuses a tutor: in the page, and on the server.
    await page.goto('/review');
    await page.getByRole('heading', { name: 'Reviewers only' }).waitFor();
    const status = await page.evaluate(() => fetch('/api/reviews').then((r) => r.status));
    expect(status).toBe(403);
  });

  it('practises with the keyboard: a wrong answer shows the expected answer and explanation, then right answers', async () => {
    await page.goto('/practice');
    await page.getByRole('link', { name: `Practise ${DOMAIN}` }).click();
    await page.locator('[data-task-type="preference"]').waitFor();
    await blur();
    let first = true;
    let answered = 0;
    for (;;) {
      const next = page.locator('[data-task-type="preference"]').or(page.getByRole('heading', { name: 'No more practice questions' }));
      await next.first().waitFor();
      if (await page.getByRole('heading', { name: 'No more practice questions' }).count()) break;
      const prompt = (await page.locator('.prompt').textContent()) ?? '';
      const k = Number(/#(\d+)/.exec(prompt)?.[1]);
      expect(k, `practice prompt: ${prompt}`).toBeGreaterThan(0);
      const right = k % 2 ? '1' : '2';
      const wrong = k % 2 ? '2' : '1';
      // Answer the first one wrong, on purpose, to see the correction.
      await page.keyboard.press(first ? wrong : right);
      await page.keyboard.press('Control+Enter');
      const feedback = page.getByRole('region', { name: 'Feedback' });
      await feedback.waitFor();
      answered++;
      if (first) {
        await expect(feedback.textContent()).resolves.toContain('Not quite');
        const expected = await page.getByLabel('Expected answer').textContent();
        expect(expected).toContain(`${k % 2 ? 'A' : 'B'} is better`);
        await expect(page.getByLabel('Explanation').textContent()).resolves.toContain('heart attack');
        // Issue 15: the wrong pick is outlined red, not the "chosen" green, and the right answer is highlighted green.
        const picked = page.locator('.response-card.chosen');
        const correct = page.getByRole('region', { name: `Response ${k % 2 ? 'A' : 'B'}, the right answer` });
        await expect(picked.getAttribute('aria-label')).resolves.toBe(`Response ${k % 2 ? 'B' : 'A'}`);
        await expect(picked.evaluate((el) => getComputedStyle(el).borderTopColor)).resolves.toBe('rgb(180, 35, 24)');
        await expect(correct.evaluate((el) => getComputedStyle(el).borderTopColor)).resolves.toBe('rgb(47, 125, 79)');
        await expectInert('practice feedback');
        await shoot('practice-feedback');
        first = false;
      } else {
        await expect(feedback.textContent()).resolves.toContain('Correct');
      }
      // N for the next question (Ctrl+Enter works too).
      await page.keyboard.press(answered % 2 ? 'n' : 'Control+Enter');
      await feedback.waitFor({ state: 'detached' });
      if (answered >= PRACTICE_N) break;
      // Stop as soon as the exam opens: readiness is the server's call.
      if (answered >= 8 && (await page.getByRole('link', { name: `Take the ${DOMAIN} exam` }).count()) > 0) break;
    }
    await page.getByRole('link', { name: `Take the ${DOMAIN} exam` }).waitFor();
    await expect(page.locator('.practice-progress').textContent()).resolves.toMatch(/This session: \d+ answered/);
  });

  it('takes the exam (3 / 3 with progress), passes, and sees the certification on My quality', async () => {
    await page.getByRole('link', { name: `Take the ${DOMAIN} exam` }).click();
    await page.getByRole('button', { name: 'Start the exam' }).waitFor();
    // The intro renders its button while the exam's details still load ("Loading the exam…"): wait for them.
    await page.locator('.exam-intro', { hasText: `${EXAM_N} questions` }).waitFor();
    await page.getByRole('button', { name: 'Start the exam' }).click();
    for (let i = 1; i <= EXAM_N; i++) {
      await page.locator('.exam-count', { hasText: `Question ${i} / ${EXAM_N}` }).waitFor();
      await page.locator('[data-task-type="label"]').waitFor();
      await blur();
      if (i === 2) {
        await expectInert('exam question');
        await shoot('exam-question');
        // B goes back one question, with its answer kept.
        await page.keyboard.press('b');
        await page.locator('.exam-count', { hasText: `Question 1 / ${EXAM_N}` }).waitFor();
        await expect(page.locator('input[type="radio"][value="urgent"]').isChecked()).resolves.toBe(true);
        await page.keyboard.press('Control+Enter');
        await page.locator('.exam-count', { hasText: `Question 2 / ${EXAM_N}` }).waitFor();
      }
      await page.keyboard.press('2'); // "urgent"
      await page.keyboard.press('Control+Enter');
    }
    await page.getByRole('heading', { name: 'Ready to submit?' }).waitFor();
    await page.keyboard.press('Control+Enter');
    const result = page.getByRole('region', { name: 'Exam result' });
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('Passed');
    await expect(result.textContent()).resolves.toContain('100%');
    await shoot('exam-result');

    await page.getByRole('link', { name: 'See My quality' }).click();
    await page.getByRole('heading', { name: 'My quality' }).waitFor();
    const certs = page.locator('.cert-status-list li');
    await certs.first().waitFor();
    await expect(certs.first().textContent()).resolves.toMatch(new RegExp(`${DOMAIN}.*active`));
    await expect(certs.first().textContent()).resolves.toContain('By exam');
    // The exam result also arrived as a notification.
    await page.locator('.notification-list li').first().waitFor();
    // A second attempt is refused now that the tutor is certified.
    const again = await page.evaluate((id) => fetch(`/api/exams/${id}/attempts`, { method: 'POST' }).then((r) => r.status), examId);
    expect(again).toBe(409);
  });
});

describe('flag → review → feedback', () => {
  it('a tutor flags the task they hold (F, a note, Ctrl+Enter), then answers it', async () => {
    await page.goto(`/work/${prodId}`);
    await page.locator('[data-task-type="preference"]').waitFor();
    await blur();
    await page.keyboard.press('f');
    const note = page.getByLabel('What is wrong with this task?');
    await note.waitFor();
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('TEXTAREA');
    await page.keyboard.type(`Both answers look unsafe ${SCRIPT}`);
    await shoot('workspace-flag');
    await page.keyboard.press('Control+Enter');
    await page.getByText('Flagged for review').waitFor();
    // The Ctrl+Enter went to the flag, not the answer: the task is still here.
    await expect(page.locator('[data-task-type="preference"]').count()).resolves.toBe(1);
    await blur();
    await page.keyboard.press('1');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'All done here' }).waitFor();
    await expectInert('workspace');
  });

  it('a reviewer opens the queue, sees the annotation under a pseudonym, and gives a verdict with the renderer', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, REV.email, REV.password);
    await page.locator('header nav a', { hasText: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    const row = page.locator('.review-row').filter({ hasText: 'E2E cardiology answers' });
    await row.first().waitFor();
    await expect(row.first().textContent()).resolves.toContain('Flagged by a tutor');
    await expect(row.first().textContent()).resolves.toContain('Both answers look unsafe <script>');
    await expectInert('review queue');
    await shoot('review-queue');

    // Filter by reason: nothing has low confidence; the flag is under "Flagged by a tutor".
    await page.getByLabel('Reason').selectOption('low_confidence');
    await page.getByText('Nothing to review here').waitFor();
    await page.getByLabel('Reason').selectOption('flagged');
    await row.first().waitFor();
    expect(new URL(page.url()).searchParams.get('reason')).toBe('flagged');
    // 1 opens the first item (the reviewer is certified in cardiology only, so it is this one).
    await expect(page.locator('.review-row').count()).resolves.toBe(1);
    await blur();
    await page.keyboard.press('1');
    await page.getByRole('heading', { name: /Annotations/ }).waitFor();
    const annotations = page.locator('.annotation');
    await expect(annotations.count()).resolves.toBe(1);
    const annotationText = (await annotations.first().textContent()) ?? '';
    expect(annotationText).toContain('A is better');
    expect(annotationText).not.toContain(GEN.name);
    expect(annotationText).not.toContain(GEN.email);
    await expect(page.locator('.pseudonym').first().textContent()).resolves.toMatch(/\S{4,}/);
    await expect(page.locator('.prompt').textContent()).resolves.toContain('<script>window.__pwned=1</script>');
    await expectInert('review item');

    await blur();
    await page.keyboard.press('2'); // B is better
    await page.keyboard.press('m');
    await page.keyboard.type(`Calling an ambulance is right for chest pain. ${IMG}`);
    await shoot('review-item');
    await page.keyboard.press('Control+Enter');
    await page.getByText('Verdict recorded').waitFor();
    await expect.poll(() => page.locator('.review-row').filter({ hasText: 'E2E cardiology answers' }).count()).toBe(0);
    // Issue 15: the decided item stays readable in the queue's history, with its verdict and comment.
    await page.getByLabel('Show').selectOption('decided');
    const decidedRow = page.locator('.review-row').filter({ hasText: 'E2E cardiology answers' });
    await decidedRow.waitFor();
    await expect(decidedRow.locator('.decided-line').textContent()).resolves.toMatch(/Decided .*"choice":"b".*Calling an ambulance/);
    await page.getByLabel('Show').selectOption('open');
  });

  it('the tutor misses a check task, and live gold suspends the certification', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, GEN.email, GEN.password);
    await page.goto(`/work/${goldId}`);
    await page.locator('[data-task-type="preference"]').waitFor();
    await blur();
    await page.keyboard.press('2');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'All done here' }).waitFor();
  });

  it('the tutor sees the verdict next to their answer, the suspension and why, and marks notifications read', async () => {
    await page.locator('header nav a', { hasText: 'My quality' }).click();
    await page.getByRole('heading', { name: 'My quality' }).waitFor();
    const item = page.locator('.feedback-item').first();
    await item.waitFor();
    await expect(page.getByLabel('Your answer').first().textContent()).resolves.toContain('A is better');
    await expect(page.getByLabel("Reviewer's verdict").first().textContent()).resolves.toContain('B is better');
    await expect(item.textContent()).resolves.toContain('Calling an ambulance is right for chest pain. <img src=x');
    await expect(item.textContent()).resolves.toContain('the verdict differs from your answer');
    // Live gold: 0 of 1 right, the threshold drawn, the certification suspended with its reason and date.
    await expect(page.getByRole('img', { name: /Accuracy in cardiology: 0%.*keep above 60%/ }).count()).resolves.toBe(1);
    const cert = page.locator('.cert-status-list li').first();
    await expect(cert.textContent()).resolves.toMatch(/suspended/);
    await expect(cert.locator('.cert-reason').textContent()).resolves.toMatch(/^Suspended on .+: .+/);
    await expect(page.locator('.notification-list').textContent()).resolves.toContain('Certification suspended');
    const unread = page.locator('.notification-list li.unread');
    await expect.poll(() => unread.count()).toBeGreaterThan(0);
    await expectInert('my quality');
    await shoot('my-quality');
    // The menu shows the unread count too, until they are marked read.
    await expect(page.locator('header .nav-badge').textContent()).resolves.toBe(String(await unread.count()));
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => unread.count()).toBe(0);
    await expect.poll(() => page.locator('header .nav-badge').count()).toBe(0);
    await page.reload();
    await page.locator('.notification-list li').first().waitFor();
    await expect(page.locator('.notification-list li.unread').count()).resolves.toBe(0);
    expect(w.errors).toEqual([]);
  });
});

describe('cool-down after a failed exam', () => {
  it('shows when the exam can be retaken instead of the exam button, and the start is refused', async () => {
    // Finn fails the exam through the API (every answer wrong).
    const finn = await ApiSession.signIn(server.url, FAIL.email, FAIL.password);
    const start = await finn.json<{ attempt: { id: number }; questions: unknown[] }>('POST', `/api/exams/${examId}/attempts`);
    const result = await finn.json<{ passed: boolean; nextAttemptAt: string | null }>(
      'POST',
      `/api/exam-attempts/${start.attempt.id}/submit`,
      {
        answers: start.questions.map(() => ({ labels: ['benign'] })),
      },
    );
    expect(result.passed).toBe(false);
    expect(result.nextAttemptAt).not.toBeNull();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, FAIL.email, FAIL.password);
    await page.goto('/practice');
    await page.getByRole('link', { name: `Practise ${DOMAIN}` }).waitFor();
    const cooldown = page.getByRole('status').filter({ hasText: 'Exam cool-down' });
    await cooldown.waitFor();
    await expect(cooldown.textContent()).resolves.toMatch(/retake it in (23|24) h/);
    await expect(page.getByRole('link', { name: `Take the ${DOMAIN} exam` }).count()).resolves.toBe(0);
    // Opening the exam directly: the cool-down is shown and Start is disabled; the server refuses it too.
    await page.goto(`/exams/${examId}`);
    await page.locator('.exam-intro', { hasText: 'Cool-down: you can retake this exam in' }).waitFor();
    await expect(page.getByRole('button', { name: 'Start the exam' }).isDisabled()).resolves.toBe(true);
    const status = await page.evaluate((id) => fetch(`/api/exams/${id}/attempts`, { method: 'POST' }).then((r) => r.status), examId);
    expect(status).toBe(409);
    await shoot('exam-cooldown');
    expect(w.errors).toEqual([]);
  });
});
