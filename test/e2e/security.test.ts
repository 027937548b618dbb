/**
 * Untrusted task text is inert (no script runs, no handler attribute reaches the DOM, the text still
 * shows as text), and a tutor cannot open a manager page: the server refuses, not just the menu.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, DEMO } from '../support/e2e/api.js';
import { launch, openPage, screenshot, signIn } from '../support/e2e/browser.js';
import { startServer, type RunningServer } from '../support/e2e/server.js';

const TUTOR = { email: 'curious.tutor@e2e.example', password: 'curious-tutor-2026', name: 'Cory Curious' };
const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const LINK = '[click me](javascript:window.__pwned=1)';
const SVG = '<svg onload="window.__pwned=1"><a xlink:href="javascript:window.__pwned=1">svg</a></svg>';
const IFRAME = '<iframe src="javascript:window.__pwned=1"></iframe>';

let server: RunningServer;
let browser: Browser;
let projectId: number;
let conflictProjectId: number;

beforeAll(async () => {
  server = await startServer({ demo: true });
  const admin = await ApiSession.signIn(server.url, DEMO.admin.email, DEMO.admin.password);
  await admin.createUser({ ...TUTOR, role: 'tutor', domains: ['general'] });
  const { project } = await admin.createProject({
    name: 'E2E hostile text',
    type: 'preference',
    domains: ['general'],
    overlap: 1,
    instructions: `Instructions with ${SCRIPT} and ${IMG}`,
  });
  projectId = project.id;
  await admin.importTasks(project.id, [
    {
      id: 'xss-1',
      type: 'preference',
      domain: 'general',
      prompt: `Is this safe? ${IMG} ${SCRIPT} ${LINK}\n\n${SVG}\n\n${IFRAME}`,
      responses: [
        {
          id: 'a',
          text: `Inline: ${SCRIPT}\n\n<a href="javascript:window.__pwned=1">html link</a> $\\href{javascript:window.__pwned=1}{x}$`,
        },
        { id: 'b', text: `${IMG}\n\n<div onclick="window.__pwned=1" style="position:fixed;inset:0">cover</div>` },
      ],
    },
  ]);
  const conflict = await admin.createProject({ name: 'E2E conflict', type: 'preference', domains: ['general'], overlap: 1 });
  conflictProjectId = conflict.project.id;
  await admin.importTasks(
    conflictProjectId,
    [1, 2].map((i) => ({
      id: `c-${i}`,
      type: 'preference',
      domain: 'general',
      prompt: `Conflict question ${i}`,
      responses: [
        { id: 'a', text: `yes ${i}` },
        { id: 'b', text: `no ${i}` },
      ],
    })),
  );
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('untrusted task text', () => {
  it('renders script and handler payloads as inert text', async () => {
    const { page, context } = await openPage(browser, server.url);
    // Any dialog or script execution would set this; record it if it ever happens.
    await page.addInitScript(() => {
      window.alert = () => {
        (window as unknown as { __pwned: number }).__pwned = 2;
      };
    });
    await signIn(page, TUTOR.email, TUTOR.password);
    await page.goto(`/work/${projectId}`);
    await page.locator('[data-task-type="preference"]').waitFor();
    await page.locator('.katex, .math-pending').first().waitFor();
    await page
      .getByRole('button', { name: /Instructions/ })
      .or(page.locator('summary', { hasText: 'Instructions' }))
      .first()
      .click();
    // Give any handler a chance to fire: images error, links are clicked, the cover is clicked.
    await page.waitForTimeout(300);
    const links = page.locator('.markdown a');
    for (let i = 0; i < (await links.count()); i++)
      await links
        .nth(i)
        .click({ force: true, noWaitAfter: true })
        .catch(() => {});
    await page
      .locator('.markdown', { hasText: 'cover' })
      .first()
      .click({ force: true })
      .catch(() => {});
    await page.waitForTimeout(300);

    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const dom = await page.evaluate(() => {
      const all = [...document.querySelectorAll('#root *')];
      return {
        scripts: document.querySelectorAll('#root script').length,
        iframes: document.querySelectorAll('#root iframe').length,
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}.${a.name}`)),
        jsUrls: all.flatMap((el) =>
          [...el.attributes].filter((a) => /^\s*javascript:/i.test(a.value)).map((a) => `${el.tagName}.${a.name}`),
        ),
        text: document.querySelector('.prompt')?.textContent ?? '',
        responses: [...document.querySelectorAll('.response-card')].map((e) => e.textContent ?? '').join('\n'),
        instructions: document.querySelector('.instructions')?.textContent ?? '',
      };
    });
    expect(dom.scripts).toBe(0);
    expect(dom.iframes).toBe(0);
    expect(dom.handlers).toEqual([]);
    expect(dom.jsUrls).toEqual([]);
    // The hostile markup is still visible, as text, for the tutor to judge.
    expect(dom.text).toContain('<img src=x onerror="window.__pwned=1">');
    expect(dom.text).toContain('<script>window.__pwned=1</script>');
    expect(dom.text).toContain('click me');
    expect(dom.responses).toContain('<script>window.__pwned=1</script>');
    expect(dom.instructions).toContain('<script>window.__pwned=1</script>');
    await screenshot(page, 'tutor-xss-inert-1280');
    await context.close();
  });
});

describe('roles', () => {
  it('a tutor cannot open a manager page: no menu, and the server answers 403', async () => {
    const { page, context } = await openPage(browser, server.url);
    await signIn(page, TUTOR.email, TUTOR.password);
    await expect(page.locator('header nav a', { hasText: 'People' }).count()).resolves.toBe(0);
    await page.goto('/manage/people');
    await page.getByRole('heading', { name: 'Managers only' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'not allowed' }).waitFor();
    await expect(page.locator('table').count()).resolves.toBe(0);
    await screenshot(page, 'tutor-refused-manager-page-1280');
    // The same requests a manager page makes, sent with the tutor's own session cookie.
    const statuses = await page.evaluate(async (id) => {
      const get = (u: string) => fetch(u).then((r) => r.status);
      return {
        users: await get('/api/users'),
        stats: await get(`/api/projects/${id}/stats`),
        tasks: await get(`/api/projects/${id}/tasks`),
        export: await get(`/api/projects/${id}/export?format=dpo`),
        create: await fetch('/api/projects', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'x', type: 'label', domains: ['general'], labels: ['a'] }),
        }).then((r) => r.status),
        pause: await fetch(`/api/projects/${id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'paused' }),
        }).then((r) => r.status),
      };
    }, projectId);
    expect(statuses).toEqual({ users: 403, stats: 403, tasks: 403, export: 403, create: 403, pause: 403 });
    await context.close();
  });

  it('a submit the server refuses (409) says why and offers the next task', async () => {
    const { page, context, errors } = await openPage(browser, server.url);
    await signIn(page, TUTOR.email, TUTOR.password);
    await page.goto(`/work/${conflictProjectId}`);
    const held = await page.locator('[data-assignment-id]').getAttribute('data-assignment-id');
    // The same tutor, from another session (say a second tab), submits that lease first.
    const other = await ApiSession.signIn(server.url, TUTOR.email, TUTOR.password);
    const lease = await other.json<{ assignment: { id: number } }>('POST', `/api/projects/${conflictProjectId}/next`);
    expect(String(lease.assignment.id)).toBe(held);
    await other.json('POST', `/api/assignments/${held}/submit`, { response: { choice: 'a', strength: 2 }, durationMs: 1000 });
    await page.keyboard.press('2');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('alert').filter({ hasText: 'ran out or it was already submitted' }).waitFor();
    await page.getByRole('button', { name: 'Take the next task' }).click();
    await expect.poll(() => page.locator('[data-assignment-id]').getAttribute('data-assignment-id')).not.toBe(held);
    await expect(page.locator('.prompt').textContent()).resolves.toContain('Conflict question');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an API refusal reads as words, never a blank page', async () => {
    const { page, context, errors } = await openPage(browser, server.url);
    await signIn(page, TUTOR.email, TUTOR.password);
    await page.goto('/work/999999');
    const alert = page.getByRole('alert').first();
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/Could not (open this project|get a task)\. .*(could not find|not allowed)/);
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    // Wrong password: a sentence about the credentials, not a code.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#email').fill(TUTOR.email);
    await page.locator('#password').fill('not-the-password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'That email and password do not match an account.' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
