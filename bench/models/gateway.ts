/**
 * Model-call throughput: N judge calls (default 10,000) through the model gateway (the real `openai`
 * SDK, limits, accounting row per call) against the stand-in server (test infrastructure) answering
 * after 50 ms, with the endpoint's concurrency at 64. The platform's wall time should be within 15 %
 * of the ideal (calls × latency ÷ concurrency). The stand-in runs in a child process of its own, so
 * the CPU reported for the platform is this process's alone (the stand-in's is reported beside it).
 *
 *   npm run bench:models -- [--runs 8] [--calls 10000] [--latency 50] [--concurrency 64] [--warmup 1000] [--judge] [--pg] [--cpu-prof FILE]
 *
 * Each database is measured `--runs` times (default 8), each run with a fresh database, stand-in
 * and endpoint: one run's figure says little on a shared machine, so the results give every run and
 * the spread (least, median, most; how many runs met the target).
 *
 * The measured window is the platform's steady state, as a long-running server sees it: in gateway
 * mode, `--warmup` calls (default 1,000; not counted) first open the endpoint's 64 connections and let
 * V8 compile the call path. The warm-up's own wall time is reported beside the window, so a fresh
 * process's figure is in the results too (`--warmup 0` measures from cold).
 *
 * `--judge`: the calls are a judge run (a judge of tier model working a project of N preference tasks
 * through the routing: lease, structured-output call, validated submit, verdict row), not bare
 * gateway calls. Writes bench/results/models.json (models-judge.json with --judge). On a loaded
 * machine the figures are indicative only: the load average is recorded with them. `--cpu-prof FILE`
 * writes a V8 CPU profile of the measured window only (of the last run; the set-up left out; open it in Chrome's
 * DevTools); the profiler's own cost inflates the CPU figures of that run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serviceContext, type ServiceContext } from '../../src/services/context.js';
import { addModelEndpoint, findModelEndpoint, modelGateway } from '../../src/services/models/index.js';
import { openStore, type Store } from '../../src/store/database.js';
import { startStandInProcess } from '../../test/support/models/standInProcess.js';
import { dropPostgres, freshPostgres, log, machine, median, withPeakRss, writeResult } from '../platform/common.js';
import { profiled } from './profile.js';
import { prepareJudgeRun } from './judgeRun.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '10000' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '8' },
    judge: { type: 'boolean', default: false },
    pg: { type: 'boolean', default: false },
    out: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const calls = Number(args.calls);
const latencyMs = Number(args.latency);
const concurrency = Number(args.concurrency);
const runs = Number(args.runs);
const warmupCalls = args.judge ? 0 : Number(args.warmup);
/** How long the warm-up calls took (gateway mode), reported beside the measured window. */
let warmupMs = 0;
const out = args.out ?? join(root, `bench/results/${args.judge ? 'models-judge' : 'models'}.json`);
const BENCH_ADMIN = { id: 1, role: 'admin' as const, tier: 'generalist' as const, domains: [] };
process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');

async function addAdmin(store: Store): Promise<void> {
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
}

/** Bare gateway calls: what one call costs the platform, routing aside. */
async function gatewayWorkload(ctx: ServiceContext, endpointId: number): Promise<() => Promise<unknown>> {
  const endpoint = await findModelEndpoint(ctx, endpointId);
  const gateway = modelGateway(ctx.store);
  const request = { messages: [{ role: 'user' as const, content: 'Which response is better, a or b?' }], temperature: 0 };
  const one = () => gateway.chat(ctx, endpoint, request, { purpose: 'judge', projectId: null });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: warmupCalls }, one));
  warmupMs = performance.now() - t0;
  return () => Promise.all(Array.from({ length: calls }, one));
}

async function run(url: string) {
  const apiKey = 'sk-bench';
  const standIn = await startStandInProcess({
    apiKey,
    latencyMs,
    reply: '{"choice":"a","confidence":0.8}',
    judges: { 'stand-in': { accuracy: 0.8, positionBias: 0.1, confidence: 0.8 } },
  });
  const store = await openStore(url);
  try {
    await addAdmin(store);
    const ctx = serviceContext(store);
    const { id } = await addModelEndpoint(ctx, BENCH_ADMIN, {
      name: 'bench',
      baseUrl: standIn.baseUrl,
      model: 'stand-in',
      apiKey,
      priceInputPerMillion: 1,
      priceOutputPerMillion: 2,
      maxConcurrency: concurrency,
      requestsPerMinute: 1_000_000,
    });
    const work = args.judge ? await prepareJudgeRun(ctx, BENCH_ADMIN, 'bench', calls) : await gatewayWorkload(ctx, id);
    await standIn.reset();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { peakRssMb, result } = await withPeakRss(() => profiled(args['cpu-prof'], work));
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const seen = await standIn.stats();
    const idealMs = (calls * latencyMs) / concurrency;
    return {
      mode: args.judge ? 'judge run' : 'gateway calls',
      calls,
      callsSeenByStandIn: seen.requests,
      latencyMs,
      concurrency,
      wallMs: Math.round(wallMs),
      idealMs: Math.round(idealMs),
      overIdeal: overIdeal(wallMs, calls),
      withinTarget: wallMs <= idealMs * 1.15,
      maxInFlightSeen: seen.maxInFlight,
      platformCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      platformCpuUsPerCall: Math.round((cpu.user + cpu.system) / calls),
      platformPeakRssMb: peakRssMb,
      standInCpuMs: seen.cpuMs,
      standInRssMb: seen.rssMb,
      ...(args.judge
        ? { run: result }
        : { warmup: { calls: warmupCalls, wallMs: Math.round(warmupMs), overIdeal: overIdeal(warmupMs, warmupCalls) } }),
    };
  } finally {
    await store.close();
    await standIn.close();
  }
}

/** Percent over the ideal wall time of `n` calls (n × latency ÷ concurrency). */
function overIdeal(wallMs: number, n: number): number {
  return Math.round((wallMs / ((n * latencyMs) / concurrency) - 1) * 1000) / 10;
}

type Run = Awaited<ReturnType<typeof run>>;

/** Least, median and most of one figure over the runs. */
const spreadOf = (values: number[]) => ({
  least: Math.min(...values),
  median: Math.round(median(values) * 10) / 10,
  most: Math.max(...values),
});

/** `runs` runs on one database (each on a fresh one from `fresh`), with their spread. */
async function measured(name: string, fresh: () => Promise<{ url: string; drop: () => Promise<void> }>) {
  const each: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const db = await fresh();
    try {
      each.push(await run(db.url));
    } finally {
      await db.drop();
    }
    log(`${name} run ${i + 1} of ${runs}: ${JSON.stringify(each[i])}`);
  }
  return {
    spread: {
      runs,
      withinTarget: each.filter((r) => r.withinTarget).length,
      overIdeal: spreadOf(each.map((r) => r.overIdeal)),
      platformCpuUsPerCall: spreadOf(each.map((r) => r.platformCpuUsPerCall)),
      platformPeakRssMb: spreadOf(each.map((r) => r.platformPeakRssMb)),
    },
    runs: each,
  };
}

const load = () => loadavg().map((l) => Math.round(l * 100) / 100);
const loadBefore = load();
const results: Record<string, unknown> = {};
results.sqlite = await measured('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tutorloop-bench-models-'));
  return { url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
});
if (args.pg) {
  const admin = process.env.TUTORLOOP_TEST_PG;
  if (!admin) throw new Error('--pg needs TUTORLOOP_TEST_PG');
  results.postgres = await measured('postgres', async () => {
    const url = await freshPostgres(admin, 'tl_bench_models');
    return { url, drop: () => dropPostgres(admin, url) };
  });
}
writeResult(out, {
  benchmark: args.judge ? 'models (judge run)' : 'models',
  target: 'wall time within 15% of calls × latency ÷ concurrency',
  machine: machine(),
  loadAverage: { before: loadBefore, after: load() },
  ...results,
});
