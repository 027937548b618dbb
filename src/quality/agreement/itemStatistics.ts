/**
 * Krippendorff's α (nominal, interval) and Fleiss' κ from per-item sufficient statistics computed
 * once, so each bootstrap resample costs O(items + item×class pairs) instead of a pass over every
 * rating with a map per item: 1000 resamples of a 50 000-judgment project take well under a second.
 *
 *   nominal α = 1 − (n − 1)·Σ_u w_u (m_u² − Σ_c c_uc²)/(m_u − 1) / (n² − Σ_c N_c²)
 *   interval α = 1 − (n − 1)·Σ_u w_u 2(m_u·Σx² − (Σx)²)/(m_u − 1) / 2(n·S₂ − S₁²)
 *   Fleiss κ = (P̄ − P̄_e)/(1 − P̄_e), P_u = (Σ_c c_uc² − m_u)/(m_u(m_u − 1)), P̄_e = Σ_c (N_c/Σ_u w_u m_u)²
 *
 * with n = Σ_u w_u m_u, N_c = Σ_u w_u c_uc, S₁ = Σ_u w_u Σx, S₂ = Σ_u w_u Σx², over items (units
 * with m_u ≥ 2 ratings). α: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §C–§D
 * (the coincidence sums in closed form). κ: Fleiss (1971), "Measuring nominal scale agreement among
 * many raters", Psychol. Bull. 76(5); the paper assumes the same m for every unit, with varying m
 * this is the usual direct generalisation.
 */
import type { AgreementStatistic, GroupedRatings } from './types.js';

type ItemMetric = 'alpha-nominal' | 'alpha-interval' | 'fleiss';

interface ItemStatistics {
  /** The unit each item is, to read its bootstrap weight. */
  unit: Int32Array;
  m: Float64Array;
  /** Σ_c c² (nominal) per item. */
  sq: Float64Array;
  /** Σx and Σx² (interval) per item. */
  sum: Float64Array;
  sumSq: Float64Array;
  /** Class counts per item, CSR: classes/counts[start[i] … start[i+1]). */
  start: Int32Array;
  classes: Int32Array;
  counts: Float64Array;
  nClasses: number;
}

function itemStatistics(g: GroupedRatings): ItemStatistics {
  const items: number[] = [];
  for (let u = 0; u < g.nUnits; u++) if (g.unitStart[u + 1] - g.unitStart[u] >= 2) items.push(u);
  const classOf = new Map<number, number>();
  const L = items.length;
  const m = new Float64Array(L),
    sq = new Float64Array(L),
    sum = new Float64Array(L),
    sumSq = new Float64Array(L);
  const start = new Int32Array(L + 1);
  const cls: number[] = [],
    cnt: number[] = [];
  const local = new Map<number, number>();
  items.forEach((u, i) => {
    local.clear();
    for (let k = g.unitStart[u]; k < g.unitStart[u + 1]; k++) {
      const v = g.values[k];
      sum[i] += v;
      sumSq[i] += v * v;
      m[i]++;
      local.set(v, (local.get(v) ?? 0) + 1);
    }
    for (const [v, c] of local) {
      let id = classOf.get(v);
      if (id === undefined) classOf.set(v, (id = classOf.size));
      cls.push(id);
      cnt.push(c);
      sq[i] += c * c;
    }
    start[i + 1] = cls.length;
  });
  return {
    unit: Int32Array.from(items),
    m,
    sq,
    sum,
    sumSq,
    start,
    classes: Int32Array.from(cls),
    counts: Float64Array.from(cnt),
    nClasses: classOf.size,
  };
}

/** The statistic at one set of unit weights; `marginal` is scratch space of nClasses. */
function evaluate(s: ItemStatistics, metric: ItemMetric, unitWeights: Float64Array, marginal: Float64Array): number {
  const L = s.m.length;
  let n = 0,
    observed = 0,
    units = 0,
    pSum = 0,
    s1 = 0,
    s2 = 0;
  if (metric !== 'alpha-interval') marginal.fill(0);
  for (let i = 0; i < L; i++) {
    const wi = unitWeights[s.unit[i]];
    if (wi === 0) continue;
    const m = s.m[i];
    n += wi * m;
    units += wi;
    if (metric === 'alpha-interval') {
      observed += (wi * 2 * (m * s.sumSq[i] - s.sum[i] * s.sum[i])) / (m - 1);
      s1 += wi * s.sum[i];
      s2 += wi * s.sumSq[i];
    } else {
      for (let k = s.start[i]; k < s.start[i + 1]; k++) marginal[s.classes[k]] += wi * s.counts[k];
      if (metric === 'alpha-nominal') observed += (wi * (m * m - s.sq[i])) / (m - 1);
      else pSum += (wi * (s.sq[i] - m)) / (m * (m - 1));
    }
  }
  if (metric === 'fleiss') {
    if (units === 0) return NaN;
    let pe = 0;
    for (let c = 0; c < s.nClasses; c++) pe += (marginal[c] / n) ** 2;
    return pe === 1 ? NaN : (pSum / units - pe) / (1 - pe);
  }
  if (n < 2) return NaN;
  let expected: number;
  if (metric === 'alpha-interval') expected = 2 * (n * s2 - s1 * s1);
  else {
    let same = 0;
    for (let c = 0; c < s.nClasses; c++) same += marginal[c] * marginal[c];
    expected = n * n - same;
  }
  if (expected === 0) return observed === 0 ? 1 : NaN;
  return 1 - ((n - 1) * observed) / expected;
}

function fromItemStatistics(metric: ItemMetric): AgreementStatistic {
  return (ratings) => {
    const stats = itemStatistics(ratings);
    const marginal = new Float64Array(stats.nClasses);
    return (unitWeights) => evaluate(stats, metric, unitWeights, marginal);
  };
}

export const nominalAlpha = fromItemStatistics('alpha-nominal');
export const intervalAlpha = fromItemStatistics('alpha-interval');
export const fleissKappa = fromItemStatistics('fleiss');
