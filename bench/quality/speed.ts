/**
 * Speed and memory benchmarks: whole `tutorloop aggregate` / `rank` processes under
 * /usr/bin/time (wall, CPU, max RSS), plus in-process timings of the fitting functions.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureAgreement } from '../../src/quality/agreement/index.js';
import { bootstrapScores } from '../../src/quality/ranking/bootstrap.js';
import { bradleyTerry } from '../../src/quality/ranking/bradleyTerry.js';
import { createRng } from '../../src/quality/random.js';
import type { Comparisons } from '../../src/quality/ranking/types.js';
import { crowdToCsv, generateDawidSkeneCrowd, oracleAccuracy, type SyntheticCrowd } from './synthetic.js';

export interface ProcessRun {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

/** Bundles the quality-only entry next to the dist/cli/ bundle (so external packages resolve); returns its path. */
export async function buildQualityOnlyCli(root: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(root, 'dist', 'quality-only-bench.mjs');
  await build({
    entryPoints: [join(root, 'bench/quality/qualityOnlyCli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** Runs the CLI (bin/tutorloop.js, i.e. the bundle, unless `entry` is given) under /usr/bin/time; best of `repeats` by wall time. */
export function timeCli(root: string, args: string[], repeats = 3, entry = join(root, 'bin', 'tutorloop.js')): ProcessRun {
  let best: ProcessRun | undefined;
  for (let r = 0; r < repeats; r++) {
    const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, entry, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tutorloop ${args.join(' ')} failed: ${result.stderr}`);
    const [wall, user, sys, rssKb] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    const run = { wallSeconds: wall, cpuSeconds: user + sys, maxRssMb: rssKb / 1024 };
    if (!best || run.wallSeconds < best.wallSeconds) best = run;
  }
  return best!;
}

export function timeIt<T>(fn: () => T, repeats = 3): { seconds: number; value: T } {
  let best = Infinity,
    value: T | undefined;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    value = fn();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { seconds: best, value: value! };
}

export function writeSyntheticCrowd(dir: string): { crowd: SyntheticCrowd; labelsPath: string; oracle: number } {
  // Issue 17's crowd: drawn from the Dawid–Skene model, so the oracle is the best any method can do.
  const crowd = generateDawidSkeneCrowd({ nTasks: 100_000, labelsPerTask: 10, nWorkers: 2_000, nClasses: 5, seed: 17 });
  const labelsPath = join(dir, 'synthetic-1m.csv');
  writeFileSync(labelsPath, crowdToCsv(crowd));
  return { crowd, labelsPath, oracle: oracleAccuracy(crowd) };
}

/** Accuracy of an aggregate output file against the generator's truth (tasks are named t<index>). */
export function outputAccuracy(outPath: string, truth: Int32Array): number {
  const lines = readFileSync(outPath, 'utf8').trim().split('\n').slice(1);
  let hits = 0;
  for (const line of lines) {
    const [task, label] = line.split(',');
    if (Number(label) === truth[Number(task.slice(1))]) hits++;
  }
  return hits / truth.length;
}

/** 1,000,000 comparisons among 1,000 items with strengths spread over ±3 on the log scale. */
export function syntheticComparisons(
  nItems = 1_000,
  nComparisons = 1_000_000,
  seed = 7,
): { comparisons: Comparisons; truth: Float64Array } {
  const rng = createRng(seed);
  const truth = new Float64Array(nItems).map(() => 3 * (2 * rng.next() - 1));
  const winners = new Int32Array(nComparisons),
    losers = new Int32Array(nComparisons),
    workers = new Int32Array(nComparisons);
  for (let c = 0; c < nComparisons; c++) {
    const i = rng.int(nItems);
    let j = rng.int(nItems - 1);
    if (j >= i) j++;
    const iWins = rng.next() < 1 / (1 + Math.exp(truth[j] - truth[i]));
    winners[c] = iWins ? i : j;
    losers[c] = iWins ? j : i;
    workers[c] = rng.int(100);
  }
  return {
    comparisons: {
      winners,
      losers,
      workers,
      itemNames: Array.from({ length: nItems }, (_, i) => `i${i}`),
      workerNames: Array.from({ length: 100 }, (_, w) => `w${w}`),
    },
    truth,
  };
}

export function comparisonsToCsv(c: Comparisons): string {
  const lines = ['worker,left,right,label'];
  for (let i = 0; i < c.winners.length; i++) {
    const w = c.itemNames[c.winners[i]],
      l = c.itemNames[c.losers[i]];
    lines.push(i % 2 === 0 ? `${c.workerNames[c.workers[i]]},${w},${l},${w}` : `${c.workerNames[c.workers[i]]},${l},${w},${w}`);
  }
  return lines.join('\n') + '\n';
}

export function benchBradleyTerry(): { fitSeconds: number; bootstrap200Seconds: number; maxAbsError: number } {
  const { comparisons, truth } = syntheticComparisons();
  const fit = timeIt(() => bradleyTerry(comparisons, undefined, {}), 3);
  let mean = 0;
  for (const t of truth) mean += t / truth.length;
  let maxAbsError = 0;
  for (let i = 0; i < truth.length; i++) maxAbsError = Math.max(maxAbsError, Math.abs(fit.value[i] - (truth[i] - mean)));
  const boot = timeIt(() => bootstrapScores(comparisons, 'bt', { rounds: 200, seed: 1, fullFit: fit.value }), 1);
  return { fitSeconds: fit.seconds, bootstrap200Seconds: boot.seconds, maxAbsError };
}

export function benchKrippendorff(crowd: SyntheticCrowd): Record<string, number> {
  const data = {
    units: crowd.tasks,
    raters: crowd.workers,
    values: Float64Array.from(crowd.labels),
    nUnits: crowd.nTasks,
    nRaters: crowd.nWorkers,
  };
  const out: Record<string, number> = {};
  for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const)
    out[`${level}Seconds`] = timeIt(() => measureAgreement(data, { metric: 'krippendorff', level, rounds: 0 }), 3).seconds;
  return out;
}
