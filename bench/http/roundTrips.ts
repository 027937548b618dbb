/**
 * Database statements and CPU per routing request, on SQLite and PostgreSQL: the figures that stay
 * meaningful on a loaded machine, where wall-clock throughput does not (issue 14).
 *
 *   npm run bench:roundtrips -- [--tasks 5000] [--tutors 4] [--cycles 1500] [--db sqlite,postgres]
 *
 * The real app in this process (`app.inject`, no sockets), a label project like bench:http's (overlap
 * 3, no gold, no quality rules), tutors with API tokens. Requests run one at a time, so every
 * statement sent meanwhile belongs to the request: on PostgreSQL each `Client.query` is a round trip;
 * on SQLite each prepared statement's run/get/all (triggers not counted: they run inside). CPU per
 * cycle is this process's (server work plus inject's overhead, the same in A and B) and, on
 * PostgreSQL, the database backends' (from /proc). PostgreSQL needs TUTORLOOP_BENCH_PG or
 * TUTORLOOP_TEST_PG (an admin URL; a fresh database is created). Prints a table; --out writes JSON.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../../src/server/app.js';
import { openStore, type Store } from '../../src/store/database.js';
import { serviceContext } from '../../src/services/context.js';
import { createProject, importTasks } from '../../src/services/index.js';
import { createUser, actorOf } from '../../src/services/users/index.js';
import { createApiToken } from '../../src/services/auth/tokens.js';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '5000' },
    tutors: { type: 'string', default: '4' },
    cycles: { type: 'string', default: '1500' },
    db: { type: 'string', default: 'sqlite,postgres' },
    // Diagnosis: drop the triggers whose names match these LIKE patterns before measuring (an A/B of their cost).
    drop: { type: 'string' },
    // PostgreSQL started with shared_preload_libraries=pg_stat_statements and pg_stat_statements.track=all:
    // print the statements (nested ones too: inside the routing functions and triggers) by time spent.
    'pg-stats': { type: 'boolean', default: false },
    phases: { type: 'string', default: 'separate,combined,skip' },
    out: { type: 'string' },
  },
});
const TASKS = Number(args.tasks);
const TUTORS = Number(args.tutors);
const CYCLES = Number(args.cycles);

/** Statements sent, by text (the counters every wrapped call bumps). */
const sent = new Map<string, number>();
let total = 0;
/** SQLite: milliseconds inside each statement (triggers included), by text. */
const spent = new Map<string, number>();
function count(text: unknown): void {
  const key = typeof text === 'string' ? text : ((text as { text?: string })?.text ?? '?');
  total++;
  sent.set(key, (sent.get(key) ?? 0) + 1);
}

const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  count(a[0]);
  return (clientQuery as (...x: unknown[]) => unknown).apply(this, a);
} as typeof clientQuery;

const probe = new Database(':memory:');
const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...x: unknown[]) => unknown>;
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = statementProto[method];
  statementProto[method] = function (this: { source: string }, ...a: unknown[]) {
    count(this.source);
    const t0 = performance.now();
    try {
      return original.apply(this, a);
    } finally {
      spent.set(this.source, (spent.get(this.source) ?? 0) + performance.now() - t0);
    }
  };
}
probe.close();

async function freshPostgres(adminUrl: string): Promise<string> {
  const name = `tl_trips_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** CPU seconds of this database's backends so far (PostgreSQL on this machine; /proc ticks). */
async function backendCpu(store: Store): Promise<number> {
  if (store.dialect !== 'postgres') return 0;
  const { rows } = await store.pgPool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // a backend that ended meanwhile
    }
  }
  return ticks / 100;
}

async function dropTriggers(store: Store, pattern: string): Promise<void> {
  if (store.dialect === 'sqlite') {
    const names = store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?`).all(pattern) as {
      name: string;
    }[];
    for (const { name } of names) store.sqlite.exec(`DROP TRIGGER "${name}"`);
    process.stderr.write(`dropped ${names.map((n) => n.name).join(', ')}\n`);
    return;
  }
  const { rows } = await store.pgPool.query<{ tgname: string; rel: string }>(
    'SELECT tgname, tgrelid::regclass::text AS rel FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE $1',
    [pattern],
  );
  for (const r of rows) await store.pgPool.query(`DROP TRIGGER "${r.tgname}" ON ${r.rel}`);
  process.stderr.write(`dropped ${rows.map((r) => r.tgname).join(', ')}\n`);
}

interface Row {
  db: string;
  request: string;
  n: number;
  statementsPerRequest: number;
  appCpuMsPerRequest: number;
  dbCpuMsPerRequest: number;
  statements: Record<string, number>;
  statementMicros: Record<string, number>;
}

async function measure(dbName: string, url: string): Promise<Row[]> {
  const store = await openStore(url);
  const ctx = serviceContext(store);
  const app = await buildApp({ ctx, webDir: mkdtempSync(join(tmpdir(), 'tl-noweb-')) });
  await app.ready();
  const manager = await createUser(ctx, null, { email: 'm@example.org', name: 'M', role: 'manager', password: 'bench-password' });
  const project = await createProject(ctx, actorOf(manager), {
    name: 'Trips',
    type: 'label',
    domains: ['general'],
    labels: ['yes', 'no'],
    overlap: 3,
  });
  let lines = '';
  for (let j = 0; j < TASKS; j++) lines += `{"id":"t${j}","type":"label","domain":"general","text":"Item ${j}?"}\n`;
  await importTasks(ctx, actorOf(manager), project.id, [lines], { fileName: 'trips.jsonl' });
  const tokens: string[] = [];
  for (let i = 0; i < TUTORS; i++) {
    const u = await createUser(ctx, null, { email: `t${i}@example.org`, name: `T${i}`, role: 'tutor', password: 'bench-password' });
    tokens.push((await createApiToken(ctx, actorOf(u), 'trips')).token);
  }
  for (const pattern of args.drop ? args.drop.split(',') : []) await dropTriggers(store, pattern);
  const post = async (token: string, path: string, body?: unknown) => {
    const res = await app.inject({ method: 'POST', url: path, headers: { authorization: `Bearer ${token}` }, payload: body as object });
    if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : (res.json() as { assignment?: { id: number }; next?: { assignment: { id: number } } | null });
  };
  const response = { response: { labels: ['yes'] }, durationMs: 1200 };
  const byRequest = new Map<
    string,
    { n: number; statements: number; appCpu: number; texts: Map<string, number>; ms: Map<string, number> }
  >();
  async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const before = new Map(sent);
    const spentBefore = new Map(spent);
    const t0 = total;
    const c0 = process.cpuUsage();
    const out = await work();
    const c = process.cpuUsage(c0);
    const r = byRequest.get(name) ?? { n: 0, statements: 0, appCpu: 0, texts: new Map(), ms: new Map() };
    r.n++;
    r.statements += total - t0;
    r.appCpu += (c.user + c.system) / 1000;
    for (const [k, v] of sent) if (v !== (before.get(k) ?? 0)) r.texts.set(k, (r.texts.get(k) ?? 0) + v - (before.get(k) ?? 0));
    for (const [k, v] of spent) if (v !== (spentBefore.get(k) ?? 0)) r.ms.set(k, (r.ms.get(k) ?? 0) + v - (spentBefore.get(k) ?? 0));
    byRequest.set(name, r);
    return out;
  }
  const next = `/api/projects/${project.id}/next`;
  // Warm-up: caches filled, statements prepared, the JIT warm.
  const leases: (number | null)[] = [];
  for (const t of tokens) leases.push((await post(t, next))!.assignment!.id);
  for (let i = 0; i < 50; i++)
    for (const [k, t] of tokens.entries()) {
      await post(t, `/api/assignments/${leases[k]}/submit`, response);
      leases[k] = (await post(t, next))!.assignment!.id;
    }
  const dbCpu: Record<string, number> = {};
  const pgStats = args['pg-stats'] && store.dialect === 'postgres';
  if (pgStats) {
    await store.pgPool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await store.pgPool.query('SELECT pg_stat_statements_reset()');
  }
  const phase = async (name: string, cycle: (token: string, k: number) => Promise<void>) => {
    if (!args.phases!.split(',').includes(name)) return;
    const d0 = await backendCpu(store);
    for (let i = 0; i < CYCLES / TUTORS; i++) for (const [k, t] of tokens.entries()) await cycle(t, k);
    dbCpu[name] = (await backendCpu(store)) - d0;
  };
  await phase('separate', async (t, k) => {
    await timed('submit', () => post(t, `/api/assignments/${leases[k]}/submit`, response));
    leases[k] = (await timed('next', () => post(t, next)))!.assignment!.id;
  });
  await phase('combined', async (t, k) => {
    const r = await timed('submit-and-next', () => post(t, `/api/assignments/${leases[k]}/submit-and-next`, response));
    leases[k] = r!.next!.assignment.id;
  });
  await phase('skip', async (t, k) => {
    await timed('skip', () => post(t, `/api/assignments/${leases[k]}/skip`));
    leases[k] = (await timed('next after skip', () => post(t, next)))!.assignment!.id;
  });
  if (pgStats) {
    const { rows } = await store.pgPool.query<{ calls: number; plans: number; plan_ms: number; ms: number; query: string }>(
      `SELECT calls, plans, round(total_plan_time::numeric, 1)::float AS plan_ms, round(total_exec_time::numeric, 1)::float AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       ORDER BY total_exec_time + total_plan_time DESC LIMIT 30`,
    );
    for (const r of rows)
      process.stdout.write(
        `  ${String(r.calls).padStart(7)} calls ${String(r.ms).padStart(9)} ms, ${r.plans} plans ${r.plan_ms} ms  ${r.query}\n`,
      );
  }
  await app.close();
  await store.close();
  const cycles = { next: 'separate', submit: 'separate', 'submit-and-next': 'combined', skip: 'skip', 'next after skip': 'skip' } as const;
  const perPhase = { separate: 2, combined: 1, skip: 2 };
  return [...byRequest].map(([request, r]) => ({
    db: dbName,
    request,
    n: r.n,
    statementsPerRequest: Math.round((r.statements / r.n) * 100) / 100,
    appCpuMsPerRequest: Math.round((r.appCpu / r.n) * 1000) / 1000,
    // The backends' CPU of the phase, shared evenly by its requests (PostgreSQL only).
    dbCpuMsPerRequest:
      Math.round(
        ((dbCpu[cycles[request as keyof typeof cycles]] * 1000) / (CYCLES * perPhase[cycles[request as keyof typeof cycles]])) * 1000,
      ) / 1000,
    statements: Object.fromEntries([...r.texts].map(([k, v]) => [k.replace(/\s+/g, ' ').slice(0, 120), Math.round((v / r.n) * 100) / 100])),
    // SQLite: microseconds per request inside each statement (its triggers included).
    statementMicros: Object.fromEntries([...r.ms].map(([k, v]) => [k.replace(/\s+/g, ' ').slice(0, 120), Math.round((v / r.n) * 1000)])),
  }));
}

const rows: Row[] = [];
for (const db of args.db!.split(',')) {
  if (db === 'sqlite') rows.push(...(await measure(db, `sqlite:${join(mkdtempSync(join(tmpdir(), 'tl-trips-')), 'trips.db')}`)));
  else {
    const admin = process.env.TUTORLOOP_BENCH_PG ?? process.env.TUTORLOOP_TEST_PG;
    if (!admin) {
      process.stderr.write('postgres: skipped (TUTORLOOP_BENCH_PG / TUTORLOOP_TEST_PG not set)\n');
      continue;
    }
    rows.push(...(await measure(db, await freshPostgres(admin))));
  }
}
for (const r of rows) {
  process.stdout.write(
    `${r.db.padEnd(8)} ${r.request.padEnd(16)} statements ${String(r.statementsPerRequest).padStart(5)}  app CPU ${r.appCpuMsPerRequest.toFixed(3)} ms  db CPU ${r.dbCpuMsPerRequest.toFixed(3)} ms\n`,
  );
  for (const [text, n] of Object.entries(r.statements)) {
    const micros = r.statementMicros[text] === undefined ? '' : `${r.statementMicros[text]} µs`;
    process.stdout.write(`    ${String(n).padStart(5)} ${micros.padStart(8)}  ${text}\n`);
  }
}
if (args.out) writeFileSync(args.out, `${JSON.stringify({ benchmark: 'round-trips', at: new Date().toISOString(), rows }, null, 2)}\n`);
