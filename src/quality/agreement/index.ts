/**
 * Agreement metrics with percentile bootstrap intervals over units (Efron & Tibshirani 1993,
 * "An Introduction to the Bootstrap", ch. 13): resample units with replacement, recompute.
 * The one implementation of each statistic: the CLI, the benchmarks and the dashboards all measure here.
 */
import { createRng } from '../random.js';
import { fleissKappa } from './itemStatistics.js';
import { cohenKappa, percentAgreement } from './kappa.js';
import { krippendorffAlpha, pairableUnits, pairwiseAlpha } from './krippendorff.js';
import {
  groupByUnit,
  type AgreementData,
  type AgreementResult,
  type AgreementStatistic,
  type MeasurementLevel,
  type UnitWeightedMetric,
} from './types.js';

export type AgreementMetric = 'percent' | 'cohen' | 'fleiss' | 'krippendorff';
export const AGREEMENT_METRICS: readonly AgreementMetric[] = ['percent', 'cohen', 'fleiss', 'krippendorff'];

const perRating =
  (metric: UnitWeightedMetric): AgreementStatistic =>
  (ratings) =>
  (unitWeights) =>
    metric(ratings, unitWeights);

export function metricFunction(metric: AgreementMetric, level: MeasurementLevel): AgreementStatistic {
  switch (metric) {
    case 'percent':
      return perRating(percentAgreement);
    case 'cohen':
      return perRating(cohenKappa);
    case 'fleiss':
      return fleissKappa;
    case 'krippendorff':
      return krippendorffAlpha(level);
  }
}

export interface AgreementOptions {
  metric: AgreementMetric;
  /** Krippendorff's α only; the κ statistics and percent agreement are nominal. Default nominal. */
  level?: MeasurementLevel;
  /** Bootstrap rounds for the interval; 0 for none. Default 1000. */
  rounds?: number;
  seed?: number;
  /** Interval coverage. Default 0.95. */
  coverage?: number;
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q,
    lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function measureAgreement(data: AgreementData, options: AgreementOptions): AgreementResult {
  const level = options.level ?? 'nominal';
  const rounds = options.rounds ?? 1000,
    coverage = options.coverage ?? 0.95;
  const ratings = groupByUnit(data);
  const compute = metricFunction(options.metric, level)(ratings);
  const weights = new Float64Array(data.nUnits).fill(1);
  const value = compute(weights);
  let lower = NaN,
    upper = NaN;
  if (rounds > 0) {
    // Resample only units that carry pairs; the others never contribute.
    const informative: number[] = [];
    for (let u = 0; u < data.nUnits; u++) if (ratings.unitStart[u + 1] - ratings.unitStart[u] >= 2) informative.push(u);
    const rng = createRng(options.seed ?? 0);
    const estimates = new Float64Array(rounds);
    let kept = 0;
    for (let r = 0; r < rounds; r++) {
      weights.fill(0);
      for (let i = 0; i < informative.length; i++) weights[informative[rng.int(informative.length)]]++;
      const estimate = compute(weights);
      if (Number.isFinite(estimate)) estimates[kept++] = estimate;
    }
    const sorted = estimates.subarray(0, kept).sort();
    if (kept > 0) {
      lower = quantile(sorted, (1 - coverage) / 2);
      upper = quantile(sorted, 1 - (1 - coverage) / 2);
    }
  }
  return { metric: options.metric, level, value, lower, upper, rounds, pairableUnits: pairableUnits(ratings) };
}

export * from './types.js';
export { cohenKappa, fleissKappa, percentAgreement, krippendorffAlpha, pairwiseAlpha };
