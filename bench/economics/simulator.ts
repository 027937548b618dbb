/**
 * Simulator speed: each shipped scenario run in process (real routing and submission services on a
 * temp SQLite store, virtual time), timed on the wall clock. Reports judgments per second of
 * simulation and the run's headline figures, so a regression in either shows up.
 *
 *   npx tsx bench/simulator.ts [--out bench/economics/results.json] [scenario.yaml …]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runSimulation } from '../../src/simulator/engine.js';
import { inProcessPlatform } from '../../src/simulator/inProcess.js';
import { parseScenario } from '../../src/simulator/scenario.js';

const root = resolve(import.meta.dirname, '../..');
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: join(root, 'bench/economics/results.json') } },
});
const files =
  positionals.length > 0
    ? positionals
    : ['500-generalists', '100-specialists', '50-specialists-200-generalists-adaptive'].map((n) => join(root, 'scenarios', `${n}.yaml`));

const runs = [];
for (const file of files) {
  const scenario = parseScenario(readFileSync(file, 'utf8'), file);
  const t0 = performance.now();
  const r = await runSimulation(scenario, inProcessPlatform());
  const seconds = (performance.now() - t0) / 1000;
  const run = {
    scenario: basename(file),
    tutors: r.tutors.total,
    tasks: r.tasks.total + r.tasks.gold,
    judgments: r.judgments,
    seconds: Number(seconds.toFixed(2)),
    judgmentsPerSecond: Math.round(r.judgments / seconds),
    accuracy: r.accuracy.value,
    costCents: r.costCents,
    timeToFinishHours: Number(r.timeToFinishHours.toFixed(3)),
  };
  process.stderr.write(`${run.scenario}: ${run.judgments} judgments in ${run.seconds} s (${run.judgmentsPerSecond}/s)\n`);
  runs.push(run);
}
mkdirSync(dirname(args.out!), { recursive: true });
writeFileSync(
  args.out!,
  `${JSON.stringify({ bench: 'economics-simulator', node: process.version, cpus: cpus().length, loadavg: loadavg(), runs }, null, 2)}\n`,
);
process.stderr.write(`wrote ${args.out}\n`);
