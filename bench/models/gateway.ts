/**
 * Model-call throughput: N calls (default 10,000) through the model gateway (the real `openai` SDK,
 * limits, accounting row per call) against the stand-in server (test infrastructure) answering after
 * 50 ms, with the endpoint's concurrency at 64. The platform's wall time should be within 15 % of the
 * ideal (calls × latency ÷ concurrency). CPU is this process's (the stand-in runs in it too, so the
 * figure is an upper bound for the platform), and peak RSS.
 *
 *   npm run bench:models -- [--calls 10000] [--latency 50] [--concurrency 64] [--pg]
 *
 * Writes bench/results/models.json. On a loaded machine the figures are indicative only.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serviceContext } from '../../src/services/context.js';
import { addModelEndpoint, findModelEndpoint, modelGateway } from '../../src/services/models/index.js';
import { openStore } from '../../src/store/database.js';
import { startOpenAiStandIn } from '../../test/support/models/openaiStandIn.js';
import { dropPostgres, freshPostgres, log, machine, withPeakRss, writeResult } from '../platform/common.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '10000' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '64' },
    pg: { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, 'bench/results/models.json') },
  },
});
const calls = Number(args.calls);
const latencyMs = Number(args.latency);
const concurrency = Number(args.concurrency);
const admin = { id: 1, role: 'admin' as const, tier: 'generalist' as const, domains: [] };
process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');

async function run(url: string) {
  const apiKey = 'sk-bench';
  const standIn = await startOpenAiStandIn({ apiKey, latencyMs, respond: () => '{"choice":"a","confidence":0.8}' });
  const store = await openStore(url);
  try {
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
    const { id } = await addModelEndpoint(ctx, admin, {
      name: 'bench',
      baseUrl: standIn.baseUrl,
      model: 'stand-in',
      apiKey,
      priceInputPerMillion: 1,
      priceOutputPerMillion: 2,
      maxConcurrency: concurrency,
      requestsPerMinute: 1_000_000,
    });
    const endpoint = await findModelEndpoint(ctx, id);
    const gateway = modelGateway(store);
    const request = { messages: [{ role: 'user' as const, content: 'Which response is better, a or b?' }], temperature: 0 };
    await gateway.chat(ctx, endpoint, request, { purpose: 'judge', projectId: null }); // warm the lane and connections
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { peakRssMb } = await withPeakRss(() =>
      Promise.all(Array.from({ length: calls }, () => gateway.chat(ctx, endpoint, request, { purpose: 'judge', projectId: null }))),
    );
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const idealMs = (calls * latencyMs) / concurrency;
    return {
      calls,
      latencyMs,
      concurrency,
      wallMs: Math.round(wallMs),
      idealMs: Math.round(idealMs),
      overIdeal: Math.round((wallMs / idealMs - 1) * 1000) / 10,
      withinTarget: wallMs <= idealMs * 1.15,
      maxInFlightSeen: standIn.maxInFlight(),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb,
    };
  } finally {
    await store.close();
    await standIn.close();
  }
}

const results: Record<string, unknown> = {};
const sqlite = `sqlite:${join(mkdtempSync(join(tmpdir(), 'tutorloop-bench-models-')), 'bench.db')}`;
results.sqlite = await run(sqlite);
log(`sqlite: ${JSON.stringify(results.sqlite)}`);
if (args.pg) {
  const admin = process.env.TUTORLOOP_TEST_PG;
  if (!admin) throw new Error('--pg needs TUTORLOOP_TEST_PG');
  const url = await freshPostgres(admin, 'tl_bench_models');
  try {
    results.postgres = await run(url);
    log(`postgres: ${JSON.stringify(results.postgres)}`);
  } finally {
    await dropPostgres(admin, url);
  }
}
writeResult(args.out, {
  benchmark: 'models',
  target: 'wall time within 15% of calls × latency ÷ concurrency',
  machine: machine(),
  ...results,
});
