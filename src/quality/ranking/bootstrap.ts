/**
 * Percentile bootstrap for ranking scores (Efron & Tibshirani 1993): resample comparisons
 * with replacement (as per-comparison multiplicities, so nothing is copied), refit, and take
 * the 2.5 % / 97.5 % quantiles of each item's score. Bradley–Terry refits reuse the pair table
 * and warm-start from the full-data fit.
 */
import { createRng } from '../random.js';
import { fitPairTable } from './bradleyTerry.js';
import { buildPairTable, fillWins } from './pairTable.js';
import type { Comparisons, RankingFit, RankingOptions } from './types.js';

export interface BootstrapInterval {
  lower: Float64Array;
  upper: Float64Array;
}

function percentiles(samples: Float64Array[], n: number, coverage: number): BootstrapInterval {
  const lower = new Float64Array(n), upper = new Float64Array(n), column = new Float64Array(samples.length);
  const at = (q: number): number => {
    const pos = (column.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
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

function resampleWeights(weights: Float64Array, rng: ReturnType<typeof createRng>): void {
  weights.fill(0);
  const N = weights.length;
  for (let c = 0; c < N; c++) weights[rng.int(N)]++;
}

export function bootstrapScores(
  comparisons: Comparisons,
  fit: RankingFit | 'bt',
  options: RankingOptions & { rounds: number; coverage?: number; fullFit?: Float64Array },
): BootstrapInterval {
  const rng = createRng(options.seed ?? 0);
  const weights = new Float64Array(comparisons.winners.length);
  const samples: Float64Array[] = [];
  const table = fit === 'bt' ? buildPairTable(comparisons) : undefined;
  for (let r = 0; r < options.rounds; r++) {
    resampleWeights(weights, rng);
    if (table) {
      fillWins(table, weights);
      samples.push(fitPairTable(table, { ...options, tolerance: Math.max(options.tolerance ?? 1e-7, 1e-6) }, options.fullFit));
    } else samples.push((fit as RankingFit)(comparisons, weights, options));
  }
  return percentiles(samples, comparisons.itemNames.length, options.coverage ?? 0.95);
}
