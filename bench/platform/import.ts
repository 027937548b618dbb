/**
 * Import throughput: N preference tasks (default 1,000,000) from a JSONL file into a fresh SQLite
 * database through `importTasks` (parse, validate, hash, insert, one transaction), and the same rows
 * inserted raw with one prepared better-sqlite3 statement in one transaction, in the same run.
 * Reports tasks/s for both, the ratio, and peak RSS during the import (it must stay flat).
 *
 *   npm run bench:import -- [--tasks 1000000] [--pg] [--workers N]
 *
 * --pg also times PostgreSQL (needs TUTORLOOP_TEST_PG); --workers sets the import's parse workers (default:
 * the importer's own, 1; 0 parses in the main thread).
 *
 * Writes bench/results/import.json. Targets: ≥ 100,000 tasks/s and ≥ 30% of raw; PostgreSQL ≥ 50,000 tasks/s.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openStore } from '../../src/store/database.js';
import { serviceContext } from '../../src/services/context.js';
import { createProject, importTasks } from '../../src/services/index.js';
import { parseTaskLine } from '../../src/services/imports/validateTask.js';
import { dropPostgres, freshPostgres, log, machine, mb, syntheticFile, withPeakRss, writeResult } from './common.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000000' },
    pg: { type: 'boolean', default: false },
    workers: { type: 'string' },
    out: { type: 'string', default: join(root, 'bench/results/import.json') },
  },
});
const N = Number(args.tasks);
const parallel = args.workers === undefined ? {} : { workers: Number(args.workers) };
const actor = { id: 1, role: 'admin' as const, tier: 'generalist' as const, domains: [] };
const projectInput = { name: 'bench', type: 'preference', domains: ['general', 'code'], overlap: 3 };

async function importInto(url: string, file: string) {
  const store = await openStore(url);
  await store.db
    .insertInto('users')
    .values({
      email: 'bench@x',
      name: 'b',
      role: 'admin',
      tier: 'generalist',
      domains: '[]',
      pay_model: 'per_task',
      pay_rate: 0,
      password_hash: 'x',
      created_at: 0,
    })
    .execute();
  const ctx = serviceContext(store);
  const project = await createProject(ctx, actor, projectInput);
  const t0 = performance.now();
  const { result, peakRssMb, startRssMb, peakHeapMb } = await withPeakRss(() =>
    importTasks(ctx, actor, project.id, createReadStream(file, { highWaterMark: 1 << 20 }), { fileName: 'bench.jsonl', parallel }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  if (result.imported !== N) throw new Error(`imported ${result.imported}, expected ${N}`);
  return { seconds, tasksPerSecond: Math.round(N / seconds), startRssMb, peakRssMb, peakHeapMb };
}

/** The baseline: the same rows, prepared in memory first, then only the inserts are timed. */
async function rawInsert(file: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tl-bench-raw-'));
  const store = await openStore(`sqlite:${join(dir, 'raw.db')}`);
  await store.db
    .insertInto('projects')
    .values({
      name: 'raw',
      type: 'preference',
      config: '{}',
      overlap: 3,
      gold_rate: 0,
      lease_seconds: 1800,
      status: 'active',
      created_by: null,
      created_at: 0,
    })
    .execute();
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const r = parseTaskLine(l, { type: 'preference', domains: ['general', 'code'] });
      if (!r.ok) throw new Error('bad synthetic line');
      return r.task;
    });
  const raw = store.sqlite!;
  const insert = raw.prepare(
    `INSERT INTO tasks (project_id, external_id, domain, payload, gold, is_gold, content_hash, priority, created_at) VALUES (1, ?, ?, ?, ?, 0, ?, ?, 0)`,
  );
  const t0 = performance.now();
  raw.transaction(() => {
    for (const r of rows) insert.run(r.externalId, r.domain, r.payload, r.gold, r.contentHash, r.priority);
  })();
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { seconds, tasksPerSecond: Math.round(N / seconds) };
}

const file = await syntheticFile(N);
log(`import bench: ${N} tasks from ${file}`);
const dir = mkdtempSync(join(tmpdir(), 'tl-bench-import-'));
const sqlite = await importInto(`sqlite:${join(dir, 'import.db')}`, file);
rmSync(dir, { recursive: true, force: true });
log(
  `  sqlite importTasks: ${sqlite.tasksPerSecond} tasks/s, peak RSS ${sqlite.peakRssMb} MB (start ${sqlite.startRssMb} MB), peak JS heap ${sqlite.peakHeapMb} MB`,
);
// PostgreSQL before the raw baseline: the baseline holds every row in memory, which would colour RSS.
let postgres: Record<string, unknown> | { skipped: string } = { skipped: 'run with --pg and TUTORLOOP_TEST_PG to time PostgreSQL' };
const adminUrl = process.env.TUTORLOOP_BENCH_PG ?? process.env.TUTORLOOP_TEST_PG;
if (args.pg && adminUrl) {
  const url = await freshPostgres(adminUrl, 'tl_bench_import');
  try {
    postgres = await importInto(url, file);
    log(`  postgres importTasks: ${(postgres as { tasksPerSecond: number }).tasksPerSecond} tasks/s`);
  } finally {
    await dropPostgres(adminUrl, url);
  }
}

const raw = await rawInsert(file);
log(`  sqlite raw prepared insert: ${raw.tasksPerSecond} rows/s`);
const ratio = Math.round((sqlite.tasksPerSecond / raw.tasksPerSecond) * 1000) / 1000;
log(`  ratio ${ratio}`);

writeResult(args.out!, {
  bench: 'import',
  at: new Date().toISOString(),
  machine: machine(),
  tasks: N,
  parseWorkers: parallel.workers ?? 'default (1)',
  fileMb: mb(readFileSync(file).length),
  sqlite,
  rawSqlite: raw,
  ratioToRaw: ratio,
  postgres,
  targets: { tasksPerSecond: 100_000, ratioToRaw: 0.3, postgresTasksPerSecond: 50_000 },
  met: {
    tasksPerSecond: sqlite.tasksPerSecond >= 100_000,
    ratioToRaw: ratio >= 0.3,
    postgresTasksPerSecond: 'tasksPerSecond' in postgres ? (postgres.tasksPerSecond as number) >= 50_000 : 'not run',
  },
  loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
});
