/**
 * Percent agreement and Cohen's κ over nominal ratings, each computed with per-unit multiplicities
 * so the same code serves the point estimate and the bootstrap. (Fleiss' κ: itemStatistics.ts.)
 *
 * - Percent agreement: mean over units with ≥ 2 ratings of the share of agreeing rater pairs.
 * - Cohen (1960), "A coefficient of agreement for nominal scales", Educ. Psychol. Meas. 20:
 *   κ = (p_o − p_e)/(1 − p_e) over units rated by both raters, p_e from each rater's marginals.
 */
import type { GroupedRatings, UnitWeightedMetric } from './types.js';

function forEachUnitCounts(ratings: GroupedRatings, visit: (u: number, counts: Map<number, number>, m: number) => void): void {
  const counts = new Map<number, number>();
  for (let u = 0; u < ratings.nUnits; u++) {
    const s = ratings.unitStart[u],
      m = ratings.unitStart[u + 1] - s;
    if (m < 2) continue;
    counts.clear();
    for (let i = s; i < s + m; i++) counts.set(ratings.values[i], (counts.get(ratings.values[i]) ?? 0) + 1);
    visit(u, counts, m);
  }
}

export const percentAgreement: UnitWeightedMetric = (ratings, weights) => {
  let total = 0,
    units = 0;
  forEachUnitCounts(ratings, (u, counts, m) => {
    let agreeing = 0;
    for (const c of counts.values()) agreeing += c * (c - 1);
    total += (weights[u] * agreeing) / (m * (m - 1));
    units += weights[u];
  });
  return units > 0 ? total / units : NaN;
};

export const cohenKappa: UnitWeightedMetric = (ratings, weights) => {
  if (ratings.nRaters !== 2) throw new RangeError(`Cohen's kappa needs exactly two raters, found ${ratings.nRaters}`);
  let agree = 0,
    total = 0;
  const first = new Map<number, number>(),
    second = new Map<number, number>();
  for (let u = 0; u < ratings.nUnits; u++) {
    const s = ratings.unitStart[u],
      e = ratings.unitStart[u + 1],
      w = weights[u];
    let a: number | undefined, b: number | undefined;
    for (let i = s; i < e; i++) {
      if (ratings.raters[i] === 0) a = ratings.values[i];
      else b = ratings.values[i];
    }
    if (a === undefined || b === undefined || w === 0) continue;
    total += w;
    if (a === b) agree += w;
    first.set(a, (first.get(a) ?? 0) + w);
    second.set(b, (second.get(b) ?? 0) + w);
  }
  if (total === 0) return NaN;
  let pe = 0;
  for (const [value, c] of first) pe += (c / total) * ((second.get(value) ?? 0) / total);
  return pe === 1 ? NaN : (agree / total - pe) / (1 - pe);
};
