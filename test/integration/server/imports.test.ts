/**
 * Imports over HTTP (issue 12 items 3, 4, 9): deep nesting is a 400 naming the line (was a 500),
 * content over the caps is a 400 naming line and field, a body over the import limit is a 413, and a
 * client that stalls mid-upload is cut off and leaves nothing behind, while sign-ins carry on.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness } from '../../support/appHarness.js';
import type { ServerOptions } from '../../../src/server/types.js';

const line = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    type: 'preference',
    domain: 'general',
    prompt: `Q ${id}`,
    responses: [
      { id: 'a', text: 'A' },
      { id: 'b', text: 'B' },
    ],
    ...extra,
  });

describe.each(testDatabases())('imports over HTTP on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(options: Partial<ServerOptions> = {}) {
    h = await harness(await freshUrl(), options);
    const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    const cookie = await signIn(h, manager);
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/projects',
      cookies: { tl_session: cookie },
      payload: { name: 'P', type: 'preference', domains: ['general'] },
    });
    const projectId = created.json().project.id as number;
    const post = (body: string, headers: Record<string, string> = {}) =>
      h.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/tasks`,
        cookies: { tl_session: cookie },
        headers: { 'content-type': 'application/x-ndjson', ...headers },
        payload: body,
      });
    const tasks = async () => (await h.store.db.selectFrom('tasks').select('id').where('project_id', '=', projectId).execute()).length;
    const staged = async () =>
      (await h.store.db.selectFrom('import_rows').select('id').execute()).length +
      (await h.store.db.selectFrom('imports').select('id').execute()).length;
    return { manager, cookie, projectId, post, tasks, staged };
  }

  it('answers deeply nested JSON with a 400 naming the line', async () => {
    const { post, tasks } = await setup();
    const deep = `{"id":"d","type":"preference","domain":"general","meta":{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const res = await post(`${line('ok')}\n${deep}\n`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.problems).toEqual([{ line: 2, field: `meta.x${'.0'.repeat(30)}`, message: 'nested deeper than 32 levels' }]);
    expect(await tasks()).toBe(0);
  });

  it('refuses a line or a field over the server caps with a 400 naming them', async () => {
    const { post, tasks } = await setup({ imports: { lineLimits: { maxLineBytes: 4096, maxFieldBytes: 512 } } });
    const res = await post(
      `${line('ok')}\n${line('field', { prompt: 'p'.repeat(600) })}\n${line('long', { meta: { n: Array(400).fill('abcdefghij') } })}\n`,
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.problems).toEqual([
      { line: 2, field: 'prompt', message: 'text longer than 512 bytes (the per-field limit)' },
      { line: 3, message: 'line longer than 4096 bytes (the per-line limit)' },
    ]);
    expect(await tasks()).toBe(0);
  });

  it('answers a body over the import limit with a 413, whether it says its length or not', async () => {
    const { post, tasks, staged } = await setup({ imports: { maxBodyBytes: 10_000 } });
    const body = `${Array.from({ length: 100 }, (_, i) => line(`t${i}`)).join('\n')}\n`;
    const declared = await post(body);
    expect(declared.statusCode, declared.body).toBe(413);
    expect(declared.json().error.message).toMatch(/larger than 10000 bytes/);
    const chunked = await h.app.inject({
      method: 'POST',
      url: `/api/projects/${(await h.store.db.selectFrom('projects').select('id').executeTakeFirstOrThrow()).id}/tasks`,
      cookies: { tl_session: await setupCookie() },
      headers: { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' },
      payload: body,
    });
    expect(chunked.statusCode, chunked.body).toBe(413);
    expect(await tasks()).toBe(0);
    expect(await staged()).toBe(0);
    async function setupCookie() {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: 'manager@example.org', password: 'correct horse battery' },
      });
      return res.cookies.find((c) => c.name === 'tl_session')!.value;
    }
  });

  it('cuts off an upload that stalls, discards what it staged, and keeps signing people in meanwhile', async () => {
    const { cookie, projectId, tasks, staged } = await setup({ imports: { idleTimeoutMs: 400 } });
    const tutor = await addUser(h, { email: 'tutor@example.org' });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = h.app.server.address() as AddressInfo;
    const closed = new Promise<string>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/projects/${projectId}/tasks`,
        headers: { 'content-type': 'application/x-ndjson', cookie: `tl_session=${cookie}` },
      });
      req.on('response', (res) => resolve(`status ${res.statusCode}`));
      req.on('error', (e) => resolve(`closed: ${e.message}`));
      // 3000 lines, then nothing: the client stalls with the request open.
      req.write(`${Array.from({ length: 3000 }, (_, i) => line(`s${i}`)).join('\n')}\n`);
    });
    const started = performance.now();
    const signedIn = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: tutor.user.email, password: tutor.password },
    });
    expect(signedIn.statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await closed).toMatch(/closed|status 408/);
    // The import notices the cut-off and discards its staged rows.
    for (let i = 0; i < 50 && (await staged()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await staged()).toBe(0);
    expect(await tasks()).toBe(0);
  });
});
