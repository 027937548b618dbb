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
  return measureAgreements(data, [{ metric: options.metric, level: options.level }], options)[0];
}

/**
 * Several metrics over the same data and the same resamples (what measureAgreement gives for each alone,
 * with the same seed): the draws are made once, and counted once per item typing the metrics share.
 */
export function measureAgreements(
  data: AgreementData,
  metrics: readonly { metric: AgreementMetric; level?: MeasurementLevel }[],
  options: Omit<AgreementOptions, 'metric' | 'level'>,
): AgreementResult[] {
  const rounds = options.rounds ?? 1000,
    coverage = options.coverage ?? 0.95;
  const ratings = groupByUnit(data);
  const weights = new Float64Array(data.nUnits).fill(1);
  const measured = metrics.map(({ metric, level = 'nominal' }) => {
    const compute = metricFunction(metric, level)(ratings);
    return { metric, level, compute, value: compute(weights), estimates: new Float64Array(rounds), kept: 0 };
  });
  if (rounds > 0) {
    // Resample only units that carry pairs; the others never contribute.
    const informative: number[] = [];
    for (let u = 0; u < data.nUnits; u++) if (ratings.unitStart[u + 1] - ratings.unitStart[u] >= 2) informative.push(u);
    const rng = createRng(options.seed ?? 0);
    const draws = new Int32Array(informative.length);
    // Metrics with a per-type form count each draw by the type of the unit drawn; one count per typing.
    const typings = new Map<Int32Array, { drawnType: Int32Array; typeWeights: Float64Array }>();
    for (const { compute } of measured) {
      const byType = compute.byType;
      if (byType && !typings.has(byType.typeOfUnit)) {
        const drawnType = Int32Array.from(informative, (u) => byType.typeOfUnit[u]);
        typings.set(byType.typeOfUnit, { drawnType, typeWeights: new Float64Array(byType.nTypes) });
      }
    }
    const perUnit = measured.some((m) => !m.compute.byType);
    for (let r = 0; r < rounds; r++) {
      rng.fillInts(draws, informative.length);
      for (const { drawnType, typeWeights } of typings.values()) {
        typeWeights.fill(0);
        for (let i = 0; i < draws.length; i++) typeWeights[drawnType[draws[i]]]++;
      }
      if (perUnit) {
        weights.fill(0);
        for (let i = 0; i < draws.length; i++) weights[informative[draws[i]]]++;
      }
      for (const m of measured) {
        const byType = m.compute.byType;
        const estimate = byType ? byType.evaluate(typings.get(byType.typeOfUnit)!.typeWeights) : m.compute(weights);
        if (Number.isFinite(estimate)) m.estimates[m.kept++] = estimate;
      }
    }
  }
  return measured.map(({ metric, level, value, estimates, kept }) => {
    let lower = NaN,
      upper = NaN;
    if (kept > 0) {
      const sorted = estimates.subarray(0, kept).sort();
      lower = quantile(sorted, (1 - coverage) / 2);
      upper = quantile(sorted, 1 - (1 - coverage) / 2);
    }
    return { metric, level, value, lower, upper, rounds, pairableUnits: pairableUnits(ratings) };
  });
}

export * from './types.js';
export { cohenKappa, fleissKappa, percentAgreement, krippendorffAlpha, pairwiseAlpha };
