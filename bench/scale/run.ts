/**
 * Big projects: every manager and admin call the web app makes, the consensus batch (first, then again on the
 * stored consensus) and each export, on a finished project of N tasks × 3 judgments (default 1,000,000 tasks,
 * 3,000,000 judgments), on SQLite and PostgreSQL; cold (the first call after the server starts) and warm
 * (p50 of 5), with the server's peak RSS; then tutors' next/submit p99 alone and while a manager loads
 * dashboards and exports.
 *
 *   npm run bench:scale -- [--tasks 1000000] [--db sqlite,postgres] [--load-seconds 20] [--rate 100]
 *
 * PostgreSQL needs TUTORLOOP_BENCH_PG or TUTORLOOP_TEST_PG (an admin URL; a fresh database is created and
 * dropped), otherwise that half is skipped with the reason recorded. Writes bench/results/scale.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { load } from '../http/load.js';
import { dropPostgres, freshPostgres, log, machine, median, writeResult } from '../platform/common.js';
import { buildScale, type Built } from './build.js';
import { type Call, callsOf, exportsOf, r1, rssMb, timed } from './calls.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'sqlite,postgres' },
    'load-seconds': { type: 'string', default: '20' },
    rate: { type: 'string', default: '100' },
    out: { type: 'string', default: join(root, 'bench/results/scale.json') },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(`npm run bench:scale -- [options]

  --tasks N          preference tasks (labels N/10, ratings N/20; 3 judgments each)   default 1000000
  --db LIST          sqlite,postgres (PostgreSQL needs TUTORLOOP_BENCH_PG or TUTORLOOP_TEST_PG,
                     an admin URL: a fresh database is created and dropped)              default sqlite,postgres
  --load-seconds S   tutors' next/submit load, alone and while a manager works          default 20
  --rate R           offered tutor cycles per second                                   default 100
  --out FILE         results JSON                                  default bench/results/scale.json

At 1,000,000 tasks plan for about 10-20 minutes per database on a quiet 2-core machine, and ~3 GB of disk.
`);
  process.exit(0);
}
const TASKS = Number(args.tasks);
const WARM_RUNS = 5;

async function startServer(url: string): Promise<{ child: ChildProcess; base: URL }> {
  const fromSource = !existsSync(join(root, 'dist/cli/main.js'));
  const child = spawn(process.execPath, [join(root, 'bin/tutorloop.js'), 'serve', '--db', url, '--port', '0'], {
    cwd: root,
    env: { ...process.env, ...(fromSource ? { TUTORLOOP_FROM_SOURCE: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, base: new URL(base) };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Cold (first after a fresh server) and warm (p50 of WARM_RUNS) for each call. */
async function measureCalls(url: string, built: Built) {
  const token = (c: Call) => (c.token === 'admin' ? built.adminToken : built.managerToken);
  const out: Record<string, unknown>[] = [];
  let { child, base } = await startServer(url);
  try {
    const startRss = rssMb(child.pid!);
    // The batch first: a finished project's dashboards read its stored consensus. Twice: the build leaves
    // no consensus, so the first run writes every row; the second is a manager's recompute on a project
    // whose consensus is stored (as it is once a project has batched while it grew).
    for (const p of built.projects) {
      const c = { method: 'POST' as const, path: `/api/projects/${p.id}/consensus/recompute` };
      for (const run of ['first', 'again'] as const) {
        const r = await timed(base, built.managerToken, c, child.pid!);
        log(`  ${p.type}: consensus batch (${run}) ${r.ms} ms (status ${r.status}), peak RSS ${r.peakRssMb} MB`);
        out.push({
          call: `${p.type}: consensus recompute${run === 'again' ? ' again' : ''}`,
          kind: 'batch',
          path: c.path,
          status: r.status,
          ms: r.ms,
          peakRssMb: r.peakRssMb,
          startRssMb: startRss,
        });
      }
    }
    // Cold: a fresh server process for the dashboards (the database's own cache stays as it is).
    await stopServer(child);
    ({ child, base } = await startServer(url));
    const cold = new Map<string, Awaited<ReturnType<typeof timed>>>();
    for (const c of callsOf(built)) cold.set(c.name, await timed(base, token(c), c, child.pid!));
    for (const c of callsOf(built)) {
      const warm: number[] = [];
      let peak = 0;
      let status = 0;
      for (let i = 0; i < WARM_RUNS; i++) {
        const r = await timed(base, token(c), c, child.pid!);
        warm.push(r.ms);
        peak = Math.max(peak, r.peakRssMb);
        status = r.status;
      }
      const k = cold.get(c.name)!;
      log(
        `  ${c.name}: cold ${k.ms} ms, warm p50 ${median(warm)} ms, ${k.bytes} bytes, peak RSS ${Math.max(peak, k.peakRssMb)} MB (status ${status})`,
      );
      out.push({
        call: c.name,
        kind: c.kind,
        path: c.path,
        status,
        coldMs: k.ms,
        warmP50Ms: median(warm),
        bytes: k.bytes,
        peakRssMb: Math.max(peak, k.peakRssMb),
      });
    }
    for (const c of exportsOf(built)) {
      const r = await timed(base, token(c), c, child.pid!);
      const linesPerSecond = Math.round(r.lines / (r.ms / 1000));
      log(
        `  ${c.name}: ${r.lines} lines in ${r.ms} ms (${linesPerSecond} lines/s), first byte ${r.firstByteMs} ms, peak RSS ${r.peakRssMb} MB`,
      );
      out.push({
        call: c.name,
        kind: c.kind,
        path: c.path,
        status: r.status,
        ms: r.ms,
        firstByteMs: r.firstByteMs,
        lines: r.lines,
        megabytes: r1(r.bytes / 1048576),
        linesPerSecond,
        peakRssMb: r.peakRssMb,
      });
    }
    return { calls: out, serverRssMb: { start: startRss, end: rssMb(child.pid!) } };
  } finally {
    await stopServer(child);
  }
}

/** Tutors' next/submit (open loop at RATE cycles/s) alone, then while a manager loops over dashboards and exports. */
async function tutorsUnderLoad(url: string, built: Built) {
  const { child, base } = await startServer(url);
  const seconds = Number(args['load-seconds']);
  const run = () =>
    load({
      base: base.toString(),
      projectId: built.liveProjectId,
      tokens: built.liveTokens,
      seconds,
      warmup: 2,
      mode: 'separate',
      rate: Number(args.rate),
    });
  try {
    const alone = await run();
    let stop = false;
    let managerCalls = 0;
    const heavy = [...callsOf(built), ...exportsOf(built)];
    const manager = (async () => {
      for (let i = 0; !stop; i++) {
        const c = heavy[i % heavy.length];
        await timed(base, c.token === 'admin' ? built.adminToken : built.managerToken, c, child.pid!);
        managerCalls++;
      }
    })();
    const loaded = await run();
    stop = true;
    await manager;
    const p99 = (r: typeof alone) => ({
      next: r.latencyMs.next.p99,
      submit: 'submit' in r.latencyMs ? r.latencyMs.submit?.p99 : null,
      cyclesPerSecond: r.cyclesPerSecond,
      errors: r.errors,
    });
    return {
      offeredCyclesPerSecond: Number(args.rate),
      tutors: built.liveTokens.length,
      alone: p99(alone),
      whileManagerWorks: { ...p99(loaded), managerCalls },
    };
  } finally {
    await stopServer(child);
  }
}

const results: Record<string, unknown> = {};
const skipped: Record<string, string> = {};
/** Written after each database, so a failure on the second keeps the first's figures. */
const save = () =>
  writeResult(args.out!, {
    benchmark: 'scale',
    at: new Date().toISOString(),
    machine: { ...machine(), note: 'load generator, server and database share the machine' },
    config: {
      tasks: TASKS,
      judgments: TASKS * 3,
      projects: 'preference N, label N/10, rating N/20; 3 judgments per task; 1 % gold; 0.5 % reviewed',
      warmRuns: WARM_RUNS,
    },
    targets: {
      dashboards: 'each ≤ 1 s warm (p50 of 5) and ≤ 3 s cold at 1,000,000 tasks',
      consensus: '≤ 20 s, flat memory',
      exports: '≥ 100,000 lines/s, first byte < 1 s',
    },
    results,
    skipped,
  });
for (const db of args.db!.split(',')) {
  let url: string;
  let cleanup: () => Promise<void>;
  const admin = process.env.TUTORLOOP_BENCH_PG ?? process.env.TUTORLOOP_TEST_PG;
  if (db === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tl-scale-'));
    url = `sqlite:${join(dir, 'scale.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else if (!admin) {
    skipped[db] = 'TUTORLOOP_BENCH_PG / TUTORLOOP_TEST_PG not set';
    log(`${db}: skipped (${skipped[db]})`);
    continue;
  } else {
    url = await freshPostgres(admin, 'tl_scale');
    cleanup = () => dropPostgres(admin, url);
  }
  try {
    log(`${db}: building ${TASKS} tasks × 3 judgments…`);
    const built = await buildScale(url, TASKS);
    log(`${db}: built in ${built.seconds.total} s`);
    const load1 = loadavg()[0];
    const measured = await measureCalls(url, built);
    const tutors = await tutorsUnderLoad(url, built);
    log(`${db}: tutors p99 alone ${JSON.stringify(tutors.alone)}; while a manager works ${JSON.stringify(tutors.whileManagerWorks)}`);
    results[db] = { build: built.seconds, loadAverage1m: { before: r1(load1), after: r1(loadavg()[0]) }, ...measured, tutors };
  } catch (e) {
    skipped[db] = `failed: ${e instanceof Error ? e.message : String(e)}`;
    log(`${db}: ${skipped[db]}`);
  } finally {
    await cleanup();
  }
  save();
}
log(`wrote ${args.out}`);
