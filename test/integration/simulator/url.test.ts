/**
 * `tutorloop simulate --url` against a real server: the app listening on a port over a real
 * SQLite file (and PostgreSQL when TUTORLOOP_TEST_PG is set), driven over HTTP by 20 simulated
 * tutors at once. Checked against the server's own record — the annotations export over HTTP and
 * the database rows: nothing acknowledged is lost, no task goes over its overlap, no tutor judges a
 * task twice, and the result file agrees with the export. A second run is interrupted mid-way:
 * it must give back every lease it held and still account for every acknowledged submission.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../../src/simulator/accounting.js';
import { buildWorld } from '../../../src/simulator/crowd.js';
import { HttpPlatform } from '../../../src/simulator/http.js';
import { runOverHttp, type HttpSimulationResult } from '../../../src/simulator/realtime.js';
import { parseScenario } from '../../../src/simulator/scenario.js';
import { buildApp, type App } from '../../../src/server/app.js';
import { serviceContext } from '../../../src/services/context.js';
import { createApiToken } from '../../../src/services/auth/index.js';
import { actorOf, createUser } from '../../../src/services/users/index.js';
import { openStore, type Store } from '../../../src/store/database.js';
import { testDatabases } from '../../support/databases.js';

const root = resolve(import.meta.dirname, '../../..');
const bundle = join(root, 'dist', `simulate-url-test-${process.pid}.mjs`);
const ADMIN = { email: 'admin@url-test.example', password: 'url-test-admin-2026' };
let dir = '';

beforeAll(async () => {
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: bundle,
    logLevel: 'error',
  });
  dir = mkdtempSync(join(tmpdir(), 'tutorloop-simulate-url-'));
}, 60_000);
afterAll(() => {
  rmSync(bundle, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const scenarioYaml = `name: url
seed: 7
tasks:
  - { type: preference, domain: law, count: 60, goldItems: 8 }
  - { type: preference, domain: general, count: 30 }
workforce:
  - name: gen
    tier: generalist
    count: 14
    accuracy: { default: { mean: 0.75, sd: 0.05 } }
    speed: { medianSeconds: 40 }
    pay: { model: per_task, rate: 25 }
  - name: spec
    tier: specialist
    count: 6
    accuracy: { default: { mean: 0.9, sd: 0.03 } }
    speed: { medianSeconds: 60 }
    pay: { model: per_task, rate: 80 }
project: { overlap: 3, goldRate: 0.15 }
`;

interface Server {
  url: string;
  app: App;
  store: Store;
  adminToken: string;
}

async function startServer(dbUrl: string): Promise<Server> {
  const store = await openStore(dbUrl);
  const ctx = serviceContext(store);
  const admin = await createUser(ctx, null, { ...ADMIN, name: 'Admin', role: 'admin' });
  const { token } = await createApiToken(ctx, actorOf(admin), 'simulate --url test');
  const app = await buildApp({ ctx, webDir: mkdtempSync(join(tmpdir(), 'tutorloop-noweb-')) });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, app, store, adminToken: token };
}

/** The CLI in a child process (asynchronous: the server answers from this process meanwhile). */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bundle, ...args], { env: { ...process.env, ...env } });
    let stdout = '',
      stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function exportLines(server: Server, projectId: number): Promise<{ taskId: string; tutor: string; durationMs: number }[]> {
  const signIn = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .find((c) => c.startsWith('tl_session='))!
    .split(';')[0];
  const res = await fetch(`${server.url}/api/projects/${projectId}/export?format=annotations`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function annotationRows(store: Store, projectId: number) {
  return store.db
    .selectFrom('annotations')
    .innerJoin('tasks', 'tasks.id', 'annotations.task_id')
    .select(['annotations.id', 'annotations.task_id', 'annotations.user_id', 'tasks.external_id', 'tasks.is_gold'])
    .where('annotations.project_id', '=', projectId)
    .execute();
}

describe.each(testDatabases())('simulate --url against a real server on $name', ({ freshUrl }) => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer(await freshUrl());
  }, 60_000);
  afterAll(async () => {
    await server?.app.close();
    await server?.store.close();
  });

  it('20 tutors at once lose no submission, keep the overlap, and the result file matches the export', async () => {
    const file = join(dir, `s-${Math.random().toString(36).slice(2)}.yaml`),
      out = `${file}.json`;
    writeFileSync(file, scenarioYaml);
    const r = await cli(
      [
        'simulate',
        file,
        '--url',
        server.url,
        '--admin-email',
        ADMIN.email,
        '--concurrency',
        '20',
        '--speedup',
        '4000',
        '--out',
        out,
        '--json',
      ],
      { TUTORLOOP_ADMIN_PASSWORD: ADMIN.password },
    );
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as HttpSimulationResult;
    expect(JSON.parse(r.stdout)).toEqual(result);
    const a = result.accounting;
    expect(a).toMatchObject({
      ok: true,
      lost: 0,
      duplicated: 0,
      unacknowledged: 0,
      unknownOutcome: 0,
      responseMismatches: 0,
      overOverlap: [],
      repeatedTutorOnTask: [],
    });
    expect(a.perTutor).toEqual({ checked: 20, mismatched: [] });
    expect(result).toMatchObject({ mode: 'http', stoppedBy: 'no work', tasks: { total: 90, gold: 8, labelled: 90 } });
    expect(result.load.cycles).toBe(a.acknowledged);
    expect(result.load.concurrency).toBe(20);
    expect(result.load.latency.next.count).toBeGreaterThan(a.acknowledged - 1);
    expect(result.load.latency.submit.p99Ms).toBeGreaterThan(0);

    // The server's export, fetched here: the same judgments the result was computed from.
    const lines = await exportLines(server, result.server.projectId);
    expect(lines).toHaveLength(a.exported);
    expect(lines).toHaveLength(90 * 3);
    expect(result.judgments).toBe(lines.length + a.acknowledgedGold);
    expect(result.goldJudgments).toBe(a.acknowledgedGold);
    expect(result.judgmentsPerTask).toBe(3);
    const perTask = new Map<string, number>();
    for (const l of lines) perTask.set(l.taskId, (perTask.get(l.taskId) ?? 0) + 1);
    expect([...perTask.values()].every((n) => n === 3)).toBe(true);
    expect(new Set(lines.map((l) => `${l.taskId}|${l.tutor}`)).size).toBe(lines.length);
    const byTier = Object.fromEntries(result.rollups.byTier.map((t) => [t.key.tier!, t]));
    const cost = (byTier.generalist?.judgments ?? 0) * 25 + (byTier.specialist?.judgments ?? 0) * 80;
    expect(result.costCents).toBe(cost);

    // And the database rows: every annotation of the run is accounted for, none over the overlap.
    const rows = await annotationRows(server.store, result.server.projectId);
    expect(rows).toHaveLength(a.acknowledged);
    expect(new Set(rows.map((x) => `${x.task_id}|${x.user_id}`)).size).toBe(rows.length);
    const regular = rows.filter((x) => Number(x.is_gold) === 0);
    expect(regular).toHaveLength(lines.length);
    const leased = await server.store.db
      .selectFrom('assignments')
      .select('id')
      .where('project_id', '=', result.server.projectId)
      .where('state', '=', 'leased')
      .execute();
    expect(leased).toHaveLength(0);
  }, 120_000);

  it('an interrupted run gives its leases back and accounts for every acknowledged annotationId', async () => {
    // An admin API token this time (TUTORLOOP_TOKEN's path); it outlives the run, for the checks below.
    const platform = new HttpPlatform({ url: server.url, admin: { token: server.adminToken } });
    const abort = new AbortController();
    let stopAt = 0;
    const result = await runOverHttp(parseScenario(scenarioYaml), platform, {
      concurrency: 20,
      speedup: 500, // 40–60 s judgments take ~100 ms: most tutors are thinking with a lease when the run is stopped
      signal: abort.signal,
      onProgress: (done) => {
        if (done >= 60 && stopAt === 0) {
          stopAt = done;
          abort.abort();
        }
      },
    });
    expect(result.interrupted).toBe(true);
    expect(result.accounting).toMatchObject({ ok: true, lost: 0, duplicated: 0, unacknowledged: 0 });
    expect(result.tasks.labelled).toBeLessThan(90);
    const rows = await annotationRows(server.store, platform.projectId);
    const acked = platform.acks.map((x) => x.annotationId).sort((x, y) => x - y);
    expect(rows.map((x) => x.id).sort((x, y) => x - y)).toEqual(acked);
    expect(new Set(acked).size).toBe(acked.length);
    const leased = await server.store.db
      .selectFrom('assignments')
      .select('id')
      .where('project_id', '=', platform.projectId)
      .where('state', '=', 'leased')
      .execute();
    expect(leased).toHaveLength(0);
    const skipped = await server.store.db
      .selectFrom('assignments')
      .select('id')
      .where('project_id', '=', platform.projectId)
      .where('state', '=', 'skipped')
      .execute();
    expect(skipped.length).toBeGreaterThan(0);

    // The accounting is not vacuous: the same acks against the export with one line taken out (or doubled).
    const exported = await platform.exportAnnotations();
    const world = buildWorld(parseScenario(scenarioYaml));
    const gold = new Set(world.tasks.filter((t) => t.isGold).map((t) => t.externalId));
    const base = {
      acks: platform.acks,
      overlap: 3,
      unknownOutcome: 0,
      conflicts: 0,
      userIds: platform.userIds,
      perTutorStats: await platform.perTutorStats(),
      isGold: (id: string) => gold.has(id),
      sameResponse: (_id: string, x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y),
    };
    expect(reconcile({ ...base, exported }).accounting.ok).toBe(true);
    const missing = reconcile({ ...base, exported: exported.slice(1) }).accounting;
    expect(missing).toMatchObject({ ok: false, lost: 1 });
    const row = rows.find(
      (x) =>
        x.external_id === exported[0].taskId &&
        platform.acks.some((k) => k.annotationId === x.id && k.durationMs === exported[0].durationMs),
    )!;
    expect(missing.lostAnnotationIds).toEqual([row.id]);
    expect(reconcile({ ...base, exported: [...exported, exported[0]] }).accounting).toMatchObject({ ok: false, duplicated: 1 });
  }, 120_000);
});

describe('simulate --url refuses what it cannot use', () => {
  it('exits 2 without an admin, with an unreachable server, or with a URL that is not http', async () => {
    const file = join(dir, 'refuse.yaml');
    writeFileSync(file, scenarioYaml);
    const env = { TUTORLOOP_TOKEN: '', TUTORLOOP_ADMIN_PASSWORD: '' };
    const noAdmin = await cli(['simulate', file, '--url', 'http://127.0.0.1:9'], env);
    expect(noAdmin.code).toBe(2);
    expect(noAdmin.stderr).toMatch(/--url needs an admin/);
    const down = await cli(
      ['simulate', file, '--url', 'http://127.0.0.1:9', '--admin-email', ADMIN.email, '--admin-password', ADMIN.password],
      env,
    );
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/field url: .*no answer/);
    const ftp = await cli(['simulate', file, '--url', 'ftp://127.0.0.1/', '--admin-email', ADMIN.email], {
      ...env,
      TUTORLOOP_ADMIN_PASSWORD: ADMIN.password,
    });
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toMatch(/http:\/\/ or https:\/\//);
  });
});
