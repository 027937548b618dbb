/**
 * `tutorloop simulate SCENARIO.yaml [--out result.json] [--seed S] [--json]`: run a workforce
 * scenario through the real routing and submission services on virtual time (in process, temp
 * SQLite) and report accuracy against the hidden truth, cost, time to finish and judgments used.
 * A progress bar on a terminal; `--json` prints the full result as JSON on stdout; `--out` writes
 * it to a file. A bad scenario exits 2 with the line and field.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { UserInputError } from '../../domain/errors.js';
import { runSimulation } from '../../economics/simulator/engine.js';
import { inProcessPlatform } from '../../economics/simulator/inProcess.js';
import { parseScenario } from '../../economics/simulator/scenario.js';
import type { SimulationResult } from '../../economics/simulator/results.js';

interface SimulateOptions {
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
    .action(async (file: string, opts: SimulateOptions) => {
      const scenario = parseScenario(readScenario(file), file);
      let seed: number | undefined;
      if (opts.seed !== undefined) {
        seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new UserInputError(`--seed must be an integer, got "${opts.seed}"`, { field: 'seed' });
      }
      const bar = process.stderr.isTTY && !opts.json
        ? new cliProgress.SingleBar({ format: `simulating ${scenario.name} [{bar}] {value}/{total} judgments (expected)`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
        : null;
      let started = false;
      const t0 = Date.now();
      const result = await runSimulation(scenario, inProcessPlatform(), {
        seed,
        onProgress: (done, expected) => {
          if (!bar) return;
          if (!started) { bar.start(expected, 0); started = true; }
          if (done % 25 === 0) bar.update(Math.min(done, expected));
        },
      }).finally(() => bar?.stop());
      const json = `${JSON.stringify(result, null, 2)}\n`;
      if (opts.out) writeFileSync(opts.out, json);
      if (opts.json) process.stdout.write(json);
      else {
        process.stdout.write(formatSummary(result));
        process.stderr.write(`(ran in ${((Date.now() - t0) / 1000).toFixed(1)} s wall-clock${opts.out ? `; result written to ${opts.out}` : ''})\n`);
      }
    });
}
