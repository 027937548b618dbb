/**
 * Krippendorff's α for nominal, ordinal, interval and ratio data with missing values:
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
 * Communication, University of Pennsylvania, §C–§F.
 *
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_u [Σ_{i≠j ∈ u} δ²(v_i, v_j) / (m_u − 1)] / Σ_{i≠j} δ²(v_i, v_j)
 *
 * over the n pairable values (units with m_u ≥ 2 ratings). Metrics δ²: nominal 1[c ≠ k];
 * interval (c − k)²; ratio ((c − k)/(c + k))²; ordinal (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)² with
 * n_g the marginal count of value g. Nominal and interval have closed forms over per-item sums
 * (itemStatistics.ts); ordinal and ratio sum δ² over the distinct values of each unit and of the marginal.
 */
import { intervalAlpha, nominalAlpha } from './itemStatistics.js';
import type { AgreementStatistic, GroupedRatings, MeasurementLevel, UnitWeightedMetric } from './types.js';

/** α at a level: the closed forms for nominal and interval, the pairwise δ² sums for ordinal and ratio. */
export function krippendorffAlpha(level: MeasurementLevel): AgreementStatistic {
  if (level === 'nominal') return nominalAlpha;
  if (level === 'interval') return intervalAlpha;
  const alpha = pairwiseAlpha(level);
  return (ratings) => (unitWeights) => alpha(ratings, unitWeights);
}

/** α at any level by summing δ² over pairs of distinct values (what ordinal and ratio need). */
export function pairwiseAlpha(level: MeasurementLevel): UnitWeightedMetric {
  return (ratings, unitWeights) => {
    const { unitStart, values, nUnits } = ratings;
    // Marginal value counts over pairable units.
    const marginal = new Map<number, number>();
    let n = 0;
    for (let u = 0; u < nUnits; u++) {
      const s = unitStart[u],
        m = unitStart[u + 1] - s,
        w = unitWeights[u];
      if (m < 2 || w === 0) continue;
      n += m * w;
      for (let i = s; i < s + m; i++) marginal.set(values[i], (marginal.get(values[i]) ?? 0) + w);
    }
    if (n < 2) return NaN;
    const distinct = [...marginal.keys()].sort((a, b) => a - b);
    const counts = distinct.map((v) => marginal.get(v)!);
    const position = new Map(distinct.map((v, i) => [v, i]));
    // Cumulative counts for the ordinal metric: below[i] = Σ_{g < i} n_g.
    const below = new Float64Array(distinct.length + 1);
    for (let i = 0; i < distinct.length; i++) below[i + 1] = below[i] + counts[i];
    const delta2 = (a: number, b: number): number => {
      if (a === b) return 0;
      switch (level) {
        case 'nominal':
          return 1;
        case 'interval':
          return (a - b) ** 2;
        case 'ratio':
          return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
        case 'ordinal': {
          let i = position.get(a)!,
            j = position.get(b)!;
          if (i > j) [i, j] = [j, i];
          return (below[j + 1] - below[i] - (counts[i] + counts[j]) / 2) ** 2;
        }
      }
    };

    let observed = 0;
    const unitValues = new Map<number, number>();
    for (let u = 0; u < nUnits; u++) {
      const s = unitStart[u],
        m = unitStart[u + 1] - s,
        w = unitWeights[u];
      if (m < 2 || w === 0) continue;
      let pairSum = 0;
      unitValues.clear();
      for (let i = s; i < s + m; i++) unitValues.set(values[i], (unitValues.get(values[i]) ?? 0) + 1);
      const entries = [...unitValues];
      for (let a = 0; a < entries.length; a++)
        for (let b = a + 1; b < entries.length; b++) pairSum += 2 * entries[a][1] * entries[b][1] * delta2(entries[a][0], entries[b][0]);
      observed += (w * pairSum) / (m - 1);
    }

    let expected = 0;
    for (let a = 0; a < distinct.length; a++)
      for (let b = a + 1; b < distinct.length; b++) expected += 2 * counts[a] * counts[b] * delta2(distinct[a], distinct[b]);
    if (expected === 0) return observed === 0 ? 1 : NaN;
    return 1 - ((n - 1) * observed) / expected;
  };
}

export const pairableUnits = (ratings: GroupedRatings): number => {
  let count = 0;
  for (let u = 0; u < ratings.nUnits; u++) if (ratings.unitStart[u + 1] - ratings.unitStart[u] >= 2) count++;
  return count;
};
