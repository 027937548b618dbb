/**
 * Webhooks do not slow tutors (issue 19): tutors run next+submit over a project of N tasks (overlap 1,
 * so N `annotation.submitted` events) — with no webhook; with the outbox rows only; with an endpoint
 * subscribed to a slow receiver (each answer held `--receiver-ms`) and the delivery worker running in
 * the same process, as `serve` runs it; and, after the backlog has drained, once more with no webhook,
 * since every phase adds to one database and a later phase could be slower for that alone. The cycle
 * latencies (p50/p99) and throughput are compared against the baseline drawn between the two runs
 * without, at each phase's place in the order. Also
 * reports how many events were delivered when the tutors finished and how long the rest took.
 *
 *   npm run bench:webhooks -- [--events 10000] [--tutors 20] [--receiver-ms 200] [--db sqlite,postgres] [--alternating-only]
 *
 * On a PostgreSQL cluster started with `shared_preload_libraries=pg_stat_statements`, each phase also
 * reports the statements the database ran and their execution time (`db`), and the drain (the worker
 * alone) reports them per delivery: figures that depend far less on the machine's load than cycles/s.
 *
 * `--alternating-only` runs only the alternating slices (see `interleaved`), the figure least moved by the
 * machine and by the database's growth, in about a minute per database.
 *
 * Writes bench/results/webhooks.json. Figures from a loaded machine are indicative only.
 */
import { mkdtempSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { serviceContext } from '../../src/services/context.js';
import { createProject, nextAssignment, submitAnnotation } from '../../src/services/index.js';
import { DeliveryWorker } from '../../src/services/webhooks/deliveryWorker.js';
import { createWebhookEndpoint, updateWebhookEndpoint } from '../../src/services/webhooks/endpoints.js';
import { openStore, type Store } from '../../src/store/database.js';
import { dropPostgres, freshPostgres, log, machine, percentile, writeResult } from './common.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    tutors: { type: 'string', default: '20' },
    'receiver-ms': { type: 'string', default: '200' },
    db: { type: 'string', default: 'sqlite,postgres' },
    'alternating-only': { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, 'bench/results/webhooks.json') },
  },
});
const EVENTS = Number(args.events);
const TUTORS = Number(args.tutors);
const RECEIVER_MS = Number(args['receiver-ms']);
process.env.TUTORLOOP_SECRET_KEY ??= 'be7c'.repeat(16);
const payload = JSON.stringify({
  prompt: 'Which is better?',
  responses: [
    { id: 'a', text: 'A' },
    { id: 'b', text: 'B' },
  ],
});

/**
 * The slow receiver runs in its own process, as a real receiver would: its CPU is not the platform's and
 * must not be charged to the tutors' event loop. It answers each POST after RECEIVER_MS and reports its
 * count on `GET /count`.
 */
async function slowReceiver() {
  const program = `
    const { createServer } = require('node:http');
    let received = 0;
    const server = createServer((req, res) => {
      if (req.method === 'GET') return res.end(String(received));
      req.resume();
      req.on('end', () => setTimeout(() => (received++, res.writeHead(200).end()), ${RECEIVER_MS}));
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((ok, fail) => {
    child.stdout.once('data', (d: Buffer) => ok(Number(d.toString().trim())));
    child.once('exit', (code) => fail(new Error(`the receiver exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/hook`,
    received: async () => Number(await (await fetch(`${base}/count`)).text()),
    close: () => child.kill(),
  };
}

async function seed(store: Store) {
  const user = (role: 'admin' | 'tutor', i: number) => ({
    email: `${role}${i}@bench`,
    name: `${role} ${i}`,
    role,
    tier: 'generalist' as const,
    domains: '[]',
    pay_model: 'per_task' as const,
    pay_rate: 0,
    password_hash: 'x',
    created_at: 0,
  });
  const admin = await store.db.insertInto('users').values(user('admin', 0)).returning('id').executeTakeFirstOrThrow();
  const tutors = await store.db
    .insertInto('users')
    .values(Array.from({ length: TUTORS }, (_, i) => user('tutor', i)))
    .returning('id')
    .execute();
  const actor = { id: admin.id, role: 'admin' as const, tier: 'generalist' as const, domains: [] };
  const projectId = async (name: string) => {
    const p = await createProject(serviceContext(store), actor, { name, type: 'preference', domains: ['general'], overlap: 1 });
    await sql`INSERT INTO tasks (project_id, external_id, domain, payload, content_hash, created_at)
      SELECT ${p.id}, ${`${name}-`} || i, 'general', ${payload}, 'h' || i, 0 FROM (${
        store.dialect === 'sqlite'
          ? sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${EVENTS}) SELECT i FROM n`
          : sql`SELECT generate_series(1, ${EVENTS}) AS i`
      }) AS s`.execute(store.db);
    return p.id;
  };
  return {
    actor,
    tutorIds: tutors.map((t) => t.id),
    plain: await projectId('plain'),
    outboxOnly: await projectId('outbox'),
    hooked: await projectId('hooked'),
    plainAfter: await projectId('plain-after'),
    alternating: await projectId('alternating'),
  };
}

/** Statements this database ran since the last call, from pg_stat_statements (null where it is not loaded). */
async function statementCounter(store: Store) {
  if (store.dialect !== 'postgres') return async () => null;
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(store.db);
    await sql`SELECT 1 FROM pg_stat_statements LIMIT 1`.execute(store.db);
  } catch {
    return async () => null;
  }
  const thisDb = sql`(SELECT oid FROM pg_database WHERE datname = current_database())`;
  const reset = () => sql`SELECT pg_stat_statements_reset(0, ${thisDb}, 0)`.execute(store.db);
  await reset();
  return async () => {
    const { rows } = await sql<{ calls: string; ms: number }>`
      SELECT sum(calls) AS calls, sum(total_exec_time) AS ms FROM pg_stat_statements
      WHERE dbid = ${thisDb} AND query NOT LIKE '%pg_stat_statements%'`.execute(store.db);
    await reset();
    return { statements: Number(rows[0]?.calls ?? 0), execMs: Math.round(Number(rows[0]?.ms ?? 0)) };
  };
}

async function tutorsRun(store: Store, projectId: number, tutorIds: number[], maxCycles = Number.POSITIVE_INFINITY) {
  const ctx = serviceContext(store);
  const latencies: number[] = [];
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    tutorIds.map(async (id) => {
      const actor = { id, role: 'tutor' as const, tier: 'generalist' as const, domains: [] };
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (started >= maxCycles) return;
        started++;
        const s = performance.now();
        const next = await nextAssignment(ctx, actor, projectId);
        if (!next) return;
        await submitAnnotation(ctx, actor, next.assignment.id, { response: { choice: 'a', strength: 2 }, durationMs: 1000 });
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    cycles: latencies.length,
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    seconds,
    latencies,
  };
}

/**
 * The cleanest comparison: one project whose events all go to the slow receiver, worked in short slices
 * that alternate between the delivery worker stopped and running (off, on, on, off, …: an order that a
 * steady drift of the database's speed cannot favour), so the only difference between the two sets of
 * slices is delivery itself; every slice writes the same outbox rows, and a backlog is always waiting.
 */
async function interleaved(store: Store, projectId: number, tutorIds: number[]) {
  const ctx = serviceContext(store);
  const slices = 12;
  const perSlice = Math.floor(EVENTS / (slices + 1));
  const runs = { off: [] as Awaited<ReturnType<typeof tutorsRun>>[], on: [] as Awaited<ReturnType<typeof tutorsRun>>[] };
  // A first slice, not counted: on a fresh database the first second runs at half speed (plans, caches).
  await tutorsRun(store, projectId, tutorIds, perSlice);
  for (let i = 0; i < slices; i++) {
    const on = i % 4 === 1 || i % 4 === 2;
    const worker = on ? new DeliveryWorker(ctx, { pollMs: 200 }) : null;
    worker?.start();
    runs[on ? 'on' : 'off'].push(await tutorsRun(store, projectId, tutorIds, perSlice));
    await worker?.stop();
  }
  const sum = (phase: 'on' | 'off') => {
    const all = runs[phase].flatMap((r) => r.latencies).sort((a, b) => a - b);
    const seconds = runs[phase].reduce((t, r) => t + r.seconds, 0);
    return {
      cycles: all.length,
      perSecond: Math.round(all.length / seconds),
      perSecondBySlice: runs[phase].map((r) => r.perSecond),
      p50Ms: percentile(all, 50),
      p99Ms: percentile(all, 99),
    };
  };
  const off = sum('off');
  const on = sum('on');
  return {
    slices,
    cyclesPerSlice: perSlice,
    workerStopped: off,
    workerRunning: on,
    costPercent: Math.round((1 - on.perSecond / off.perSecond) * 1000) / 10,
  };
}

const summary = ({ latencies: _, seconds: __, ...rest }: Awaited<ReturnType<typeof tutorsRun>>) => rest;

async function bench(dbName: string) {
  const adminPg = process.env.TUTORLOOP_BENCH_PG ?? process.env.TUTORLOOP_TEST_PG;
  if (dbName === 'postgres' && !adminPg) return { skipped: 'set TUTORLOOP_BENCH_PG (or TUTORLOOP_TEST_PG)' };
  const url =
    dbName === 'sqlite'
      ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'tl-bench-hooks-')), 'b.db')}`
      : await freshPostgres(adminPg!, 'tl_bench_hooks');
  const store = await openStore(url);
  const receiver = await slowReceiver();
  try {
    const { actor, tutorIds, plain, outboxOnly, hooked, plainAfter, alternating } = await seed(store);
    log(`${dbName}: ${EVENTS} tasks per run, ${TUTORS} tutors, receiver answers after ${RECEIVER_MS} ms`);
    const statements = await statementCounter(store);
    const ctx = serviceContext(store);
    const alternatingRun = async () => {
      await createWebhookEndpoint(ctx, actor, { url: receiver.url, events: ['annotation.submitted'], projectId: alternating });
      const run = await interleaved(store, alternating, tutorIds);
      log(
        `  slices alternating the worker stopped and running: ${JSON.stringify({ stopped: run.workerStopped, running: run.workerRunning })}; delivery costs tutors ${run.costPercent} %`,
      );
      return run;
    };
    if (args['alternating-only']) return { alternatingSlices: await alternatingRun(), loadAverage: loadavg() };
    const without = { ...summary(await tutorsRun(store, plain, tutorIds)), db: await statements() };
    log(`  without webhooks: ${JSON.stringify(without)}`);
    // The outbox rows alone (written in each submit's transaction), with no worker sending: separates
    // the cost of durability from the cost of delivery. The endpoint is then switched off, so its rows wait.
    const parked = await createWebhookEndpoint(ctx, actor, { url: receiver.url, events: ['annotation.submitted'], projectId: outboxOnly });
    await statements();
    const outboxRowsOnly = { ...summary(await tutorsRun(store, outboxOnly, tutorIds)), db: await statements() };
    await updateWebhookEndpoint(ctx, actor, parked.endpoint.id, { enabled: false });
    log(`  outbox rows, no delivery: ${JSON.stringify(outboxRowsOnly)}`);
    await createWebhookEndpoint(ctx, actor, { url: receiver.url, events: ['annotation.submitted'], projectId: hooked });
    const worker = new DeliveryWorker(ctx, { pollMs: 200 });
    worker.start();
    const withHooks = { ...summary(await tutorsRun(store, hooked, tutorIds)), db: await statements() };
    const deliveredWhenDone = await receiver.received();
    const t0 = performance.now();
    while ((await receiver.received()) < EVENTS) await new Promise((r) => setTimeout(r, 200));
    const drainSeconds = Math.round((performance.now() - t0) / 100) / 10;
    await worker.stop();
    // The drain is the worker alone: what the database did for each delivery.
    const drained = await statements();
    const perDelivery = (n: number) => Math.round((n / Math.max(1, EVENTS - deliveredWhenDone)) * 1000) / 1000;
    const drainDb = drained && {
      ...drained,
      statementsPerDelivery: perDelivery(drained.statements),
      execMsPerDelivery: perDelivery(drained.execMs),
    };
    log(
      `  with a slow receiver: ${JSON.stringify(withHooks)}; ${deliveredWhenDone} delivered when the tutors finished, the rest in ${drainSeconds} s`,
    );
    if (drainDb) log(`  the drain's database work: ${JSON.stringify(drainDb)}`);
    // The phases run in order on one growing database, so a later phase may be slower for that alone
    // (quiet runs: 3,763 → 3,084 cycles/s on SQLite between the first and the last run without webhooks).
    // So tutors run once more without webhooks, last, and each phase is compared with the baseline drawn
    // as a straight line between the two runs without, at that phase's place in the order (1 and 2 of 0–3).
    const withoutAfter = { ...summary(await tutorsRun(store, plainAfter, tutorIds)), db: await statements() };
    log(`  without webhooks, again after the drain: ${JSON.stringify(withoutAfter)}`);
    const baselineAt = (place: number) => without.perSecond + ((withoutAfter.perSecond - without.perSecond) * place) / 3;
    const costOf = (phase: { perSecond: number }, place: number) => Math.round((1 - phase.perSecond / baselineAt(place)) * 1000) / 10;
    const throughputCostPercent = {
      outboxRowsOnly: costOf(outboxRowsOnly, 1),
      withHooks: costOf(withHooks, 2),
      deliveryBeyondOutbox: Math.round((1 - withHooks.perSecond / baselineAt(2) / (outboxRowsOnly.perSecond / baselineAt(1))) * 1000) / 10,
    };
    log(`  cost to tutors' throughput against the baseline at each phase's place: ${JSON.stringify(throughputCostPercent)}`);
    const alternatingSlices = await alternatingRun();
    // The machine's load (1, 5, 15 min) when the phases ended: read every figure above against it.
    return {
      without,
      outboxRowsOnly,
      withHooks,
      withoutAfter,
      throughputCostPercent,
      alternatingSlices,
      deliveredWhenDone,
      drainSeconds,
      drainDb,
      loadAverage: loadavg(),
    };
  } finally {
    receiver.close();
    await store.close();
    if (dbName === 'postgres') await dropPostgres(adminPg!, url);
  }
}

const results: Record<string, unknown> = {};
for (const db of args.db!.split(',')) results[db] = await bench(db);
writeResult(args.out!, { machine: machine(), events: EVENTS, tutors: TUTORS, receiverMs: RECEIVER_MS, results });
