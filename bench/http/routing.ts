/**
 * Routing over HTTP: next+submit cycles per second and latency with many concurrent tutors on a
 * project of 1,000,000 tasks, on SQLite and PostgreSQL.
 *
 *   npm run bench:http -- [--tasks 1000000] [--tutors 100,1000] [--seconds 15] [--db sqlite,postgres]
 *                        [--modes separate,combined] [--rate 2000] [--workers 1,2,4]
 *
 * The server is `tutorloop serve` in its own process (the bundle if built, else the sources); this
 * process is the load generator (load.ts), over loopback with keep-alive connections, one per tutor.
 * Each tutor holds its own API token and loops: POST next → POST submit ('separate'), or POST
 * submit-and-next ('combined'). Each mode runs closed-loop (maximum throughput); with --rate also
 * open-loop at that offered rate of cycles/s (latency from the intended send time). Bounded: a fixed
 * time per run and a fixed number of tutors. PostgreSQL needs TUTORLOOP_BENCH_PG or TUTORLOOP_TEST_PG (an admin
 * URL; a fresh database is created), otherwise that half is skipped with the reason recorded.
 * --workers runs the server as `serve --workers N` for each N in turn (scale out, docs/deploy.md).
 * Each run also records the CPU ms per request of the server's processes and, when PostgreSQL runs on this
 * machine, of its backends (bench/http/cpu.ts): on a shared machine that moves far less than throughput.
 * On PostgreSQL it also records how many `tasks` and `assignments` updates were HOT (postgresHotUpdates).
 * Writes bench/results/http-routing.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openStore } from '../../src/store/database.js';
import { serviceContext } from '../../src/services/context.js';
import { createProject, importTasks } from '../../src/services/index.js';
import { createUser, actorOf } from '../../src/services/users/index.js';
import { hashPassword } from '../../src/services/auth/passwords.js';
import { createApiToken } from '../../src/services/auth/tokens.js';
import { insertUser } from '../../src/store/repositories/users.js';
import { load, type Mode } from './load.js';
import { databaseCpuMs, treeCpuMs } from './cpu.js';
import { dropPostgres, freshPostgres, log } from '../platform/common.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000000' },
    tutors: { type: 'string', default: '100,1000' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    db: { type: 'string', default: 'sqlite,postgres' },
    modes: { type: 'string', default: 'separate,combined' },
    rate: { type: 'string' },
    workers: { type: 'string', default: '1' },
    out: { type: 'string', default: join(root, 'bench/results/http-routing.json') },
  },
});
const TASKS = Number(args.tasks);
const TUTORS = args.tutors!.split(',').map(Number);
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const MODES = args.modes!.split(',') as Mode[];
const RATE = args.rate ? Number(args.rate) : undefined;
const WORKERS = args.workers!.split(',').map(Number);

/** One project of TASKS label tasks and enough tutors, each with an API token. Through the real services. */
async function seed(url: string, tutors: number): Promise<{ projectId: number; tokens: string[]; importSeconds: number }> {
  const store = await openStore(url);
  const ctx = serviceContext(store);
  const manager = await createUser(ctx, null, {
    email: 'bench-manager@example.org',
    name: 'Bench',
    role: 'manager',
    password: 'bench-password',
  });
  const project = await createProject(ctx, actorOf(manager), {
    name: 'Bench',
    type: 'label',
    domains: ['general'],
    labels: ['yes', 'no'],
    overlap: 3,
  });
  async function* lines() {
    const chunk = 10_000;
    for (let i = 0; i < TASKS; i += chunk) {
      let s = '';
      for (let j = i; j < Math.min(TASKS, i + chunk); j++)
        s += `{"id":"t${j}","type":"label","domain":"general","text":"Is item ${j} relevant to the query?"}\n`;
      yield s;
    }
  }
  const t0 = performance.now();
  let lastLog = 0;
  await importTasks(ctx, actorOf(manager), project.id, lines(), {
    fileName: 'bench.jsonl',
    onProgress: ({ lines: n }) => {
      if (n - lastLog >= 100_000) {
        lastLog = n;
        log(`  imported ${n} lines`);
      }
    },
  });
  const importSeconds = (performance.now() - t0) / 1000;
  // Tutors are inserted directly with one shared hash: scrypt per user would dominate the setup, and sign-in is not what is measured.
  const passwordHash = await hashPassword('bench-password');
  const tokens: string[] = [];
  for (let i = 0; i < tutors; i++) {
    const u = await insertUser(store.db, {
      email: `tutor${i}@example.org`,
      name: `Tutor ${i}`,
      role: 'tutor',
      tier: 'generalist',
      domains: [],
      payModel: 'per_task',
      payRate: 0,
      passwordHash,
      createdAt: Date.now(),
    });
    tokens.push((await createApiToken(ctx, actorOf(u), 'bench')).token);
  }
  await store.close();
  return { projectId: project.id, tokens, importSeconds };
}

async function startServer(url: string, workers: number): Promise<{ child: ChildProcess; base: string }> {
  const fromSource = !existsSync(join(root, 'dist/cli/main.js'));
  // BENCH_SERVER_PROFILE=DIR writes a V8 CPU profile of the server (open it in Chrome DevTools).
  const profile = process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, join(root, 'bin/tutorloop.js'), 'serve', '--db', url, '--port', '0', '--workers', String(workers)],
    {
      cwd: root,
      env: { ...process.env, ...(fromSource ? { TUTORLOOP_FROM_SOURCE: '1' } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const base = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, base };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

const adminUrl = process.env.TUTORLOOP_BENCH_PG ?? process.env.TUTORLOOP_TEST_PG;
const dbName = (url: string) => new URL(url).pathname.slice(1);

const results: Record<string, unknown>[] = [];
/** PostgreSQL: of the updates to the routing tables over all runs, how many were HOT (no index entry written; migration 031). */
let hotUpdates: Record<string, { updates: number; hot: number; percent: number }> | null = null;

async function hotUpdateShares(url: string): Promise<Record<string, { updates: number; hot: number; percent: number }>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // The server's backends report their counts as they exit; give the last ones a moment.
    await new Promise((r) => setTimeout(r, 1500));
    const r = await c.query<{ relname: string; upd: string; hot: string }>(
      `SELECT relname, n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname IN ('tasks', 'assignments')`,
    );
    return Object.fromEntries(
      r.rows.map((row) => {
        const [updates, hot] = [Number(row.upd), Number(row.hot)];
        return [row.relname, { updates, hot, percent: Math.round((hot / Math.max(1, updates)) * 100) }];
      }),
    );
  } finally {
    await c.end();
  }
}
/**
 * PostgreSQL after the bulk import: vacuum and analyse it, then checkpoint, so the measured window is the
 * steady state of a database in service. Otherwise autovacuum's first pass over the million new rows
 * (its backends count as the database's CPU) and the checkpoint the import's WAL forces fall into some
 * runs and not others: the same code measured 642 and 1,163 cycles/s, with 2.2 and 1.2 ms of database
 * CPU per request. pgbench vacuums before its runs for the same reason.
 */
async function settlePostgres(url: string): Promise<number> {
  const t0 = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('VACUUM (ANALYZE)');
    await c.query('CHECKPOINT');
  } finally {
    await c.end();
  }
  return (performance.now() - t0) / 1000;
}

const skipped: Record<string, string> = {};
for (const db of args.db!.split(',')) {
  let url: string;
  if (db === 'sqlite') url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'tl-bench-')), 'bench.db')}`;
  else {
    if (!adminUrl) {
      skipped[db] = 'TUTORLOOP_BENCH_PG / TUTORLOOP_TEST_PG not set';
      log(`${db}: skipped (${skipped[db]})`);
      continue;
    }
    url = await freshPostgres(adminUrl, 'tl_bench');
  }
  log(`${db}: seeding ${TASKS} tasks and ${Math.max(...TUTORS)} tutors…`);
  const seeded = await seed(url, Math.max(...TUTORS));
  log(`${db}: imported in ${seeded.importSeconds.toFixed(1)} s`);
  if (db === 'postgres') log(`postgres: vacuumed, analysed and checkpointed in ${(await settlePostgres(url)).toFixed(1)} s`);
  log(`${db}: starting the server`);
  for (const workers of WORKERS) {
    const { child, base } = await startServer(url, workers);
    const rssLoaded = rssMb(child.pid!);
    try {
      for (const n of TUTORS) {
        for (const mode of MODES) {
          for (const rate of RATE ? [undefined, RATE] : [undefined]) {
            log(
              `${db} (${workers} workers): ${n} tutors, ${mode}, ${rate ? `open loop at ${rate} cycles/s` : 'closed loop'}, for ${WARMUP}+${SECONDS} s…`,
            );
            // CPU over the measured window: the server's processes, and the database's backends when it runs here.
            const cpu = { server: [0, 0], database: [] as Promise<number | null>[] };
            const r = await load({
              base,
              projectId: seeded.projectId,
              tokens: seeded.tokens.slice(0, n),
              seconds: SECONDS,
              warmup: WARMUP,
              mode,
              rate,
              onWindow: (edge) => {
                cpu.server[edge === 'start' ? 0 : 1] = treeCpuMs(child.pid!);
                if (db === 'postgres') cpu.database.push(databaseCpuMs(adminUrl!, dbName(url)).catch(() => null));
              },
            });
            const requests = r.requestsPerSecond * SECONDS;
            const [dbStart, dbEnd] = await Promise.all(cpu.database);
            const perRequest = (ms: number) => Math.round((ms / Math.max(1, requests)) * 1000) / 1000;
            // The 1-minute load average says how much else was running: on a shared machine it explains a lot.
            const entry = {
              db,
              workers,
              ...r,
              loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
              // CPU ms per request: it moves far less with the machine's other load than throughput does.
              cpuMsPerRequest: {
                server: perRequest(cpu.server[1] - cpu.server[0]),
                database: dbStart != null && dbEnd != null ? perRequest(dbEnd - dbStart) : null,
              },
              serverRssMb: { loaded: rssLoaded, afterRun: rssMb(child.pid!) },
              importSeconds: Math.round(seeded.importSeconds * 10) / 10,
            };
            results.push(entry);
            const latencies = Object.entries(r.latencyMs)
              .map(([k, v]) => `${k} p50 ${v.p50} p99 ${v.p99}`)
              .join(', ');
            const { server, database } = entry.cpuMsPerRequest;
            log(
              `${db} ×${workers} ${n} tutors ${mode} ${r.loop}: ${r.cyclesPerSecond} cycles/s (${r.requestsPerSecond} req/s); ${latencies} ms; CPU/request server ${server} ms${database === null ? '' : `, database ${database} ms`}; errors ${r.errors}, RSS ${entry.serverRssMb.afterRun} MB, load ${entry.loadAverage1m}`,
            );
          }
        }
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
  if (db === 'postgres') {
    hotUpdates = await hotUpdateShares(url);
    log(
      `postgres: HOT updates ${Object.entries(hotUpdates)
        .map(([t, v]) => `${t} ${v.hot}/${v.updates} (${v.percent} %)`)
        .join(', ')}`,
    );
    // The run's database goes with the run: a million tasks a run would otherwise pile up in the cluster's checkpoints.
    await dropPostgres(adminUrl!, url);
  }
}

type Entry = {
  db: string;
  workers: number;
  tutors: number;
  mode: Mode;
  loop: 'open' | 'closed';
  cyclesPerSecond: number;
  errors: number;
  statuses: Record<string, number>;
  latencyMs: Record<string, { p99: number | null }>;
};
const entries = results as unknown as Entry[];
const find = (mode: Mode, loop: 'open' | 'closed', db = 'sqlite', tutors = 100) =>
  entries.find((r) => r.db === db && r.workers === 1 && r.tutors === tutors && r.mode === mode && r.loop === loop);
/** The worst per-request p99 (the cycle is not a request). */
const requestP99 = (e: Entry) =>
  Math.max(
    ...Object.entries(e.latencyMs)
      .filter(([k]) => k !== 'cycle')
      .map(([, v]) => v.p99 ?? 0),
  );
const verdict = (e: Entry | undefined) => (e ? { cyclesPerSecond: e.cyclesPerSecond >= 2000, p99: requestP99(e) < 25 } : 'not run');
/** Open loop: was the offered rate carried (within 2 %: the window's edges), with every request's p99 < 25 ms? */
const openVerdict = (e: Entry | undefined) =>
  e && RATE ? { sustained: e.cyclesPerSecond >= 0.98 * RATE, p99: requestP99(e) < 25 } : 'not run';
const report = {
  benchmark: 'http-routing',
  at: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    note: 'load generator and server share the machine',
  },
  config: {
    tasks: TASKS,
    tutors: TUTORS,
    seconds: SECONDS,
    warmupSeconds: WARMUP,
    modes: MODES,
    offeredCyclesPerSecond: RATE ?? null,
    overlap: 3,
    taskType: 'label',
    auth: 'bearer token per tutor',
  },
  targets: {
    sqlite100: '>= 2000 cycles/s and p99 < 25 ms (per request: next and submit, or submit-and-next)',
    at1000: 'no status other than 200/201/204',
    postgres: '>= 50 % of SQLite at 100 tutors and >= 2000 cycles/s; p99 < 50 ms at 100 tutors, < 250 ms at 1000',
  },
  verdicts: {
    // sqlite100 is the two-call closed loop, as before; the others are the combined call and the open loop.
    sqlite100: verdict(find('separate', 'closed')),
    sqlite100Combined: verdict(find('combined', 'closed')),
    sqlite100OpenLoop: RATE
      ? { offeredCyclesPerSecond: RATE, separate: openVerdict(find('separate', 'open')), combined: openVerdict(find('combined', 'open')) }
      : 'not run',
    // PostgreSQL against SQLite in this same run (one process each), per mode.
    postgres: MODES.map((mode) => {
      const [pg100, lite100, pg1000] = [find(mode, 'closed', 'postgres'), find(mode, 'closed'), find(mode, 'closed', 'postgres', 1000)];
      if (!pg100 || !lite100) return { mode, verdict: 'not run' };
      return {
        mode,
        ratioToSqlite: Math.round((pg100.cyclesPerSecond / lite100.cyclesPerSecond) * 100) / 100,
        atLeastHalfOfSqlite: pg100.cyclesPerSecond >= 0.5 * lite100.cyclesPerSecond,
        atLeast2000: pg100.cyclesPerSecond >= 2000,
        p99Under50At100: requestP99(pg100) < 50,
        p99Under250At1000: pg1000 ? requestP99(pg1000) < 250 : 'not run',
      };
    }),
    at1000: entries
      .filter((r) => r.tutors === 1000)
      .map((r) => ({
        db: r.db,
        workers: r.workers,
        mode: r.mode,
        loop: r.loop,
        clean: r.errors === 0 && Object.keys(r.statuses).every((k) => ['200', '201', '204'].includes(k)),
      })),
  },
  results,
  postgresHotUpdates: hotUpdates,
  skipped,
};
mkdirSync(resolve(args.out!, '..'), { recursive: true });
writeFileSync(args.out!, `${JSON.stringify(report, null, 2)}\n`);
log(`wrote ${args.out}`);
