/**
 * The database going away or filling up (issue 12, items 11, 13, 15): probes for orchestrators, a
 * PostgreSQL connection dropped under the server (as a restart does) is ridden out, a full SQLite
 * disk answers 507 and recovers when space returns, and stale leases expire without a `next`.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startExpiryTimer } from '../../../src/services/maintenance/expiryTimer.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness } from '../../support/appHarness.js';

async function projectWithTasks(h: Harness, cookie: string, n: number, promptBytes = 20, name = 'Outages') {
  const as = (method: string, url: string, payload?: object | string, headers?: Record<string, string>) =>
    h.app.inject({ method: method as 'POST', url, payload, headers, cookies: { tl_session: cookie } });
  const project = await as('POST', '/api/projects', { name, type: 'preference', domains: ['safety'], overlap: 2, leaseSeconds: 60 });
  expect(project.statusCode, project.body).toBe(201);
  const projectId = project.json().project.id as number;
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `p${i}`,
      type: 'preference',
      domain: 'safety',
      prompt: `Question ${i} ${'x'.repeat(promptBytes)}`,
      responses: [
        { id: 'a', text: 'one' },
        { id: 'b', text: 'two' },
      ],
    }),
  );
  const imp = await as('POST', `/api/projects/${projectId}/tasks`, lines.join('\n'), { 'content-type': 'application/x-ndjson' });
  return { projectId, imp };
}

describe.each(testDatabases())('database outages on $name', ({ name, freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('/healthz and /readyz answer 200, without a session, and are in the OpenAPI document', async () => {
    h = await harness(await freshUrl());
    for (const url of ['/healthz', '/readyz']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
    }
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
  });

  it('stale leases expire on the timer, without anyone calling next, and the counters follow', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    const ana = await addUser(h, { email: 'ana@example.org' });
    const { projectId } = await projectWithTasks(h, await signIn(h, manager), 3);
    const anaCookie = await signIn(h, ana);
    const next = await h.app.inject({ method: 'POST', url: `/api/projects/${projectId}/next`, cookies: { tl_session: anaCookie } });
    expect(next.statusCode, next.body).toBe(200);
    const timer = startExpiryTimer(h.ctx, 3_600_000);
    try {
      expect((await timer.runOnce()).leases).toBe(0);
      h.clock.now += 61_000;
      expect((await timer.runOnce()).leases).toBe(1);
    } finally {
      await timer.stop();
    }
    const a = await h.store.db
      .selectFrom('assignments')
      .select('state')
      .where('id', '=', next.json().assignment.id)
      .executeTakeFirstOrThrow();
    expect(a.state).toBe('expired');
    const drift = await sql<{
      id: number;
    }>`SELECT t.id FROM tasks t WHERE t.active_leases <> (SELECT COUNT(*) FROM assignments a WHERE a.task_id = t.id AND a.state = 'leased') OR t.is_open <> 1`.execute(
      h.store.db,
    );
    expect(drift.rows).toEqual([]);
  });

  it.runIf(name === 'postgres')('rides out its connections being terminated (what a restart does) and serves on fresh ones', async () => {
    const url = await freshUrl();
    h = await harness(url);
    const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    const cookie = await signIn(h, manager);
    // Several idle pooled connections, then every one of them killed from outside (57P01, as pg_ctl restart sends).
    await Promise.all(
      Array.from({ length: 5 }, () => h.app.inject({ method: 'GET', url: '/api/projects', cookies: { tl_session: cookie } })),
    );
    const admin = new pg.Client({ connectionString: process.env.TUTORLOOP_TEST_PG });
    await admin.connect();
    try {
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [new URL(url).pathname.slice(1)],
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 200));
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode, ready.body).toBe(200);
    const again = await h.app.inject({ method: 'GET', url: '/api/projects', cookies: { tl_session: cookie } });
    expect(again.statusCode, again.body).toBe(200);
  });

  it.runIf(name === 'sqlite')(
    'a full disk answers 507 naming the cause, the file stays sound, and writes resume when space returns',
    async () => {
      h = await harness(await freshUrl());
      const raw = h.store.sqlite!;
      expect(Number(raw.pragma('journal_size_limit', { simple: true }))).toBeGreaterThan(0);
      const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
      const cookie = await signIn(h, manager);
      // No room for one more page: SQLite answers SQLITE_FULL exactly as on a full disk.
      const pages = Number(raw.pragma('page_count', { simple: true }));
      raw.pragma(`max_page_count = ${pages}`);
      const full = await projectWithTasks(h, cookie, 300, 2000).catch((e) => e);
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/projects',
        payload: { name: 'x'.repeat(100), type: 'preference', domains: ['safety'] },
        cookies: { tl_session: cookie },
      });
      const answers = [res, ...(full instanceof Error ? [] : [full.imp])];
      const refused = answers.find((r) => r.statusCode === 507);
      expect(refused, answers.map((r) => `${r.statusCode} ${r.body}`).join('\n')).toBeDefined();
      expect(refused!.json().error.message).toMatch(/disk is full/);
      expect(refused!.headers['retry-after']).toBeDefined();
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');

      raw.pragma('max_page_count = 1073741823');
      const { imp } = await projectWithTasks(h, cookie, 300, 2000, 'After the disk was freed');
      expect(imp.statusCode, imp.body).toBe(200);
      expect(imp.json().imported).toBe(300);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    },
  );
});
