/**
 * Routing in process: next+submit cycles per second and cycle latency (p50/p99) with 100 and 1,000
 * concurrent simulated tutors on a project of 1,000,000 preference tasks, on SQLite and PostgreSQL,
 * calling the services directly (the HTTP version is bench/http/routing.ts).
 *
 *   npm run bench:routing -- [--tasks 1000000] [--tutors 100,1000] [--seconds 10] [--db sqlite,postgres]
 *
 * The tasks are generated in SQL (a recursive CTE / generate_series) because this measures routing,
 * not import. Writes bench/results/routing.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openStore, type Store } from '../../src/store/database.js';
import { serviceContext } from '../../src/services/context.js';
import { createProject, nextAssignment, submitAnnotation } from '../../src/services/index.js';
import { dropPostgres, freshPostgres, log, machine, percentile, writeResult } from './common.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000000' },
    tutors: { type: 'string', default: '100,1000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    db: { type: 'string', default: 'sqlite,postgres' },
    out: { type: 'string', default: join(root, 'bench/results/routing.json') },
  },
});
const TASKS = Number(args.tasks);
const TUTORS = args.tutors!.split(',').map(Number);
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const payload = JSON.stringify({
  prompt: 'Which answer is better?',
  responses: [
    { id: 'a', text: 'First answer.' },
    { id: 'b', text: 'Second answer.' },
  ],
});

async function seed(store: Store): Promise<{ projectId: number; tutorIds: number[] }> {
  const admin = await store.db
    .insertInto('users')
    .values({
      email: 'admin@bench',
      name: 'admin',
      role: 'admin',
      tier: 'generalist',
      domains: '[]',
      pay_model: 'per_task',
      pay_rate: 0,
      password_hash: 'x',
      created_at: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ctx = serviceContext(store);
  const project = await createProject(
    ctx,
    { id: admin.id, role: 'admin', tier: 'generalist', domains: [] },
    { name: 'routing-bench', type: 'preference', domains: ['general'], overlap: 3 },
  );
  const t0 = performance.now();
  const gen =
    store.dialect === 'sqlite'
      ? sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${TASKS})
            INSERT INTO tasks (project_id, external_id, domain, payload, content_hash, priority, created_at)
            SELECT ${project.id}, 't' || i, 'general', ${payload}, 'h' || i, i % 3, 0 FROM n`
      : sql`INSERT INTO tasks (project_id, external_id, domain, payload, content_hash, priority, created_at)
            SELECT ${project.id}, 't' || i, 'general', ${payload}, 'h' || i, i % 3, 0 FROM generate_series(1, ${TASKS}) AS i`;
  await gen.execute(store.db);
  if (store.dialect === 'postgres') await sql`ANALYZE`.execute(store.db);
  log(`  ${TASKS} tasks generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const maxTutors = Math.max(...TUTORS);
  const users = Array.from({ length: maxTutors }, (_, i) => ({
    email: `tutor${i}@bench`,
    name: `tutor ${i}`,
    role: 'tutor' as const,
    tier: 'generalist' as const,
    domains: '[]',
    pay_model: 'per_task' as const,
    pay_rate: 0,
    password_hash: 'x',
    created_at: 0,
  }));
  const tutorIds: number[] = [];
  for (let i = 0; i < users.length; i += 500) {
    const rows = await store.db
      .insertInto('users')
      .values(users.slice(i, i + 500))
      .returning('id')
      .execute();
    tutorIds.push(...rows.map((r) => r.id));
  }
  return { projectId: project.id, tutorIds };
}

async function run(store: Store, projectId: number, tutorIds: number[]) {
  const ctx = serviceContext(store);
  const latencies: number[] = [];
  let cycles = 0;
  let measuring = false;
  let stop = false;
  const loop = async (id: number) => {
    const actor = { id, role: 'tutor' as const, tier: 'generalist' as const, domains: [] };
    while (!stop) {
      // On SQLite every await may resolve as a microtask: yield so timers (and other tutors) get their turn.
      await new Promise((r) => setImmediate(r));
      const t0 = performance.now();
      const next = await nextAssignment(ctx, actor, projectId);
      if (!next) return;
      await submitAnnotation(ctx, actor, next.assignment.id, { response: { choice: 'a', strength: 2 }, durationMs: 5000 });
      if (measuring) {
        latencies.push(performance.now() - t0);
        cycles++;
      }
    }
  };
  const loops = tutorIds.map(loop);
  await new Promise((r) => setTimeout(r, WARMUP * 1000));
  measuring = true;
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(loops);
  latencies.sort((a, b) => a - b);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    tutors: tutorIds.length,
    cycles,
    cyclesPerSecond: Math.round(cycles / elapsed),
    p50Ms: r2(percentile(latencies, 50)),
    p99Ms: r2(percentile(latencies, 99)),
    maxMs: r2(latencies.at(-1) ?? NaN),
    rssMb: Math.round(Math.max(rssBefore, process.memoryUsage().rss) / 1048576),
  };
}

const results: Record<string, unknown> = {};
for (const db of args.db!.split(',')) {
  const adminUrl = process.env.TUTORLOOP_BENCH_PG ?? process.env.TUTORLOOP_TEST_PG;
  if (db === 'postgres' && !adminUrl) {
    results.postgres = { skipped: 'set TUTORLOOP_BENCH_PG or TUTORLOOP_TEST_PG' };
    continue;
  }
  const dir = db === 'sqlite' ? mkdtempSync(join(tmpdir(), 'tl-bench-routing-')) : '';
  const url = db === 'sqlite' ? `sqlite:${join(dir, 'routing.db')}` : await freshPostgres(adminUrl!, 'tl_bench_routing');
  log(`routing bench on ${db}`);
  const store = await openStore(url, { poolSize: 40 });
  store.pgPool?.on('error', () => undefined);
  try {
    const { projectId, tutorIds } = await seed(store);
    const runs = [];
    for (const n of TUTORS) {
      const r = await run(store, projectId, tutorIds.slice(0, n));
      log(`  ${n} tutors: ${r.cyclesPerSecond} cycles/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, RSS ${r.rssMb} MB`);
      runs.push(r);
    }
    results[db] = { tasks: TASKS, runs };
  } finally {
    await store.close();
    if (db === 'sqlite') rmSync(dir, { recursive: true, force: true });
    else await dropPostgres(adminUrl!, url);
  }
}

writeResult(args.out!, {
  bench: 'routing (in process, services)',
  at: new Date().toISOString(),
  machine: machine(),
  seconds: SECONDS,
  cycle: 'nextAssignment + submitAnnotation',
  results,
  targets: { note: 'issue target is for HTTP: >= 2000 cycles/s, p99 < 25 ms on SQLite at 100 tutors, 2 cores' },
});
