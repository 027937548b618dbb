/**
 * `tutorloop simulate SCENARIO.yaml [--out result.json] [--seed S] [--json]`: run a workforce
 * scenario through the real routing and submission services on virtual time (in process, temp
 * SQLite) and report accuracy against the hidden truth, cost, time to finish and judgments used.
 * With `--url` the tutors drive a running server over HTTP instead, many at once
 * (simulateOverHttp.ts): the same result plus load numbers and the no-loss accounting.
 * A progress bar on a terminal; `--json` prints the full result as JSON on stdout; `--out` writes
 * it to a file. A bad scenario exits 2 with the line and field.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { UserInputError } from '../../domain/errors.js';
import { runSimulation } from '../../simulator/engine.js';
import { inProcessPlatform } from '../../simulator/inProcess.js';
import { parseScenario } from '../../simulator/scenario.js';
import type { SimulationResult } from '../../simulator/results.js';
import type { HttpSimulationResult } from '../../simulator/realtime.js';
import { formatLoad, simulateOverHttp, type OverHttpOptions } from './simulateOverHttp.js';

const isOverHttp = (r: SimulationResult | HttpSimulationResult): r is HttpSimulationResult => 'mode' in r && r.mode === 'http';

interface SimulateOptions extends Partial<OverHttpOptions> {
  out?: string;
  seed?: string;
  json?: boolean;
}

function readScenario(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserInputError(`cannot read the scenario: ${(e as Error).message}`, { file });
  }
}

const dollars = (cents: number | null) => (cents === null ? 'n/a' : `$${(cents / 100).toFixed(2)}`);

/** A short human summary of a result. */
export function formatSummary(r: SimulationResult): string {
  const a = r.accuracy;
  const out = [
    `scenario: ${r.scenario} (seed ${r.seed}, consensus ${r.method}, stopped: ${r.stoppedBy})`,
    `accuracy vs hidden truth: ${(100 * a.value).toFixed(1)}% (95% CI ${(100 * a.lower).toFixed(1)}–${(100 * a.upper).toFixed(1)}%) on ${a.total} of ${r.tasks.total} tasks`,
    `cost: ${dollars(r.costCents)}${r.budgetCents !== null ? ` of ${dollars(r.budgetCents)}` : ''} | per correct label ${dollars(r.costPerCorrectLabelCents)} | per quality-adjusted label (${r.qualityAdjusted.targetConfidence}) ${dollars(r.qualityAdjusted.costPerQualityAdjustedLabelCents)}`,
    `judgments: ${r.judgments} (${r.goldJudgments} on gold, ${r.judgmentsPerTask.toFixed(2)} per task) | time to finish: ${r.timeToFinishHours.toFixed(1)} h | tutors active ${r.tutors.active}/${r.tutors.total}, dropped out ${r.tutors.droppedOut}`,
  ];
  for (const [d, p] of Object.entries(r.accuracyByDomain)) out.push(`  ${d}: ${(100 * p.value).toFixed(1)}% on ${p.total} tasks`);
  for (const c of r.tierComparison) out.push(`  ${c.summary}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('simulate a workforce scenario through the real routing, quality loop and consensus code (virtual time, seeded)')
    .argument('<scenario>', 'scenario YAML (see scenarios/)')
    .option('--out <file>', 'write the result JSON here')
    .option('--seed <n>', "override the scenario's seed")
    .option('--json', 'print the result as JSON on stdout instead of a summary')
    .option('--url <url>', 'drive a running server over HTTP instead (real time, many tutors at once: also a load test)')
    .option('--admin-email <email>', '--url: an admin to set the run up (or TUTORLOOP_TOKEN, an admin API token)')
    .option('--admin-password <password>', "--url: that admin's password (or TUTORLOOP_ADMIN_PASSWORD)")
    .option('--concurrency <n>', '--url: tutors working at once (default: all, at most 100)')
    .option('--speedup <x>', '--url: simulated seconds per wall second while a tutor thinks', '1000')
    .option('--no-wait', '--url: submit as soon as a task is leased (pure load)')
    .option('--duration <seconds>', '--url: stop handing out work after this many wall seconds')
    .option('--session <n>', '--url: judgments per turn before a tutor hands over to the next (default 20)')
    .action(async (file: string, opts: SimulateOptions) => {
      const scenario = parseScenario(readScenario(file), file);
      let seed: number | undefined;
      if (opts.seed !== undefined) {
        seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new UserInputError(`--seed must be an integer, got "${opts.seed}"`, { field: 'seed' });
      }
      const bar =
        process.stderr.isTTY && !opts.json
          ? new cliProgress.SingleBar(
              {
                format: `simulating ${scenario.name} [{bar}] {value}/{total} judgments (expected)`,
                stream: process.stderr,
                hideCursor: true,
              },
              cliProgress.Presets.shades_classic,
            )
          : null;
      let started = false;
      const t0 = Date.now();
      const onProgress = (done: number, expected: number) => {
        if (!bar) return;
        if (!started) {
          bar.start(expected, 0);
          started = true;
        }
        if (done % 25 === 0) bar.update(Math.min(done, expected));
      };
      const overHttp = opts.url ? { ...opts, url: opts.url } : null;
      const result: SimulationResult | HttpSimulationResult = await (overHttp
        ? simulateOverHttp(scenario, seed, overHttp, onProgress)
        : runSimulation(scenario, inProcessPlatform(), { seed, onProgress })
      ).finally(() => bar?.stop());
      const json = `${JSON.stringify(result, null, 2)}\n`;
      if (opts.out) writeFileSync(opts.out, json);
      if (opts.json) process.stdout.write(json);
      else {
        process.stdout.write(formatSummary(result));
        if (isOverHttp(result)) process.stdout.write(formatLoad(result));
        process.stderr.write(
          `(ran in ${((Date.now() - t0) / 1000).toFixed(1)} s wall-clock${opts.out ? `; result written to ${opts.out}` : ''})\n`,
        );
      }
      if (isOverHttp(result) && !result.accounting.ok) {
        process.stderr.write(
          'the accounting does not add up: acknowledged submissions and the server\'s record differ (see "accounting" in the result)\n',
        );
        process.exitCode = 1;
      }
    });
}
