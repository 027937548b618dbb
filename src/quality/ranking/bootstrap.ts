/**
 * Percentile bootstrap for ranking scores (Efron & Tibshirani 1993): resample comparisons,
 * refit, and take the 2.5 % / 97.5 % quantiles of each item's score. Bradley–Terry uses the
 * Poisson bootstrap on its pair table (see pairTable.ts) and warm-starts each refit from the
 * full-data fit; the other methods resample comparisons with replacement (multiplicities).
 */
import { createRng } from '../random.js';
import { fitPairTable } from './bradleyTerry.js';
import { buildPairTable, poissonResample } from './pairTable.js';
import type { Comparisons, RankingFit, RankingOptions } from './types.js';

export interface BootstrapInterval {
  lower: Float64Array;
  upper: Float64Array;
}

function percentiles(samples: Float64Array[], n: number, coverage: number): BootstrapInterval {
  const lower = new Float64Array(n),
    upper = new Float64Array(n),
    column = new Float64Array(samples.length);
  const at = (q: number): number => {
    const pos = (column.length - 1) * q,
      lo = Math.floor(pos),
      hi = Math.ceil(pos);
    return column[lo] + (column[hi] - column[lo]) * (pos - lo);
  };
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < samples.length; r++) column[r] = samples[r][i];
    column.sort();
    lower[i] = at((1 - coverage) / 2);
    upper[i] = at(1 - (1 - coverage) / 2);
  }
  return { lower, upper };
}

function resampleWeights(weights: Float64Array, draws: Int32Array, rng: ReturnType<typeof createRng>): void {
  weights.fill(0);
  rng.fillInts(draws, draws.length);
  for (let k = 0; k < draws.length; k++) weights[draws[k]]++;
}

export function bootstrapScores(
  comparisons: Comparisons,
  fit: RankingFit | 'bt',
  options: RankingOptions & { rounds: number; coverage?: number; fullFit?: Float64Array },
): BootstrapInterval {
  const rng = createRng(options.seed ?? 0);
  const N = comparisons.winners.length;
  const draws = new Int32Array(N);
  const samples: Float64Array[] = [];
  if (fit === 'bt') {
    // Refits only need to be precise far below the bootstrap spread: 1e-4 on log-strengths.
    const table = buildPairTable(comparisons);
    const original = { winsA: table.winsA.slice(), winsB: table.winsB.slice() };
    for (let r = 0; r < options.rounds; r++) {
      poissonResample(table, original, rng);
      samples.push(fitPairTable(table, { ...options, tolerance: Math.max(options.tolerance ?? 1e-7, 1e-4) }, options.fullFit));
    }
  } else {
    const weights = new Float64Array(N);
    for (let r = 0; r < options.rounds; r++) {
      resampleWeights(weights, draws, rng);
      samples.push((fit as RankingFit)(comparisons, weights, options));
    }
  }
  return percentiles(samples, comparisons.itemNames.length, options.coverage ?? 0.95);
}
