/**
 * Krippendorff's α (nominal, interval) and Fleiss' κ from per-item sufficient statistics computed
 * once and grouped into item types, so each bootstrap resample costs its draws and O(types + type×class
 * pairs) instead of a pass over every rating with a map per item.
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

/**
 * Items grouped into types: items whose ratings give the same sufficient statistics (m, the class
 * counts, Σx, Σx²) are one type, so a statistic is a sum over types weighted by how many of each were
 * drawn. Three raters choosing between two answers leave four types however many items there are, so a
 * bootstrap round costs its draws and a few multiplications, not a pass over every item.
 */
interface ItemTypes {
  /** The type of each unit, −1 for units with fewer than two ratings. */
  typeOfUnit: Int32Array;
  m: Float64Array;
  /** Σ_c c² (nominal) per type. */
  sq: Float64Array;
  /** Σx and Σx² (interval) per type. */
  sum: Float64Array;
  sumSq: Float64Array;
  /** Class counts per type, CSR: classes/counts[start[i] … start[i+1]). */
  start: Int32Array;
  classes: Int32Array;
  counts: Float64Array;
  nClasses: number;
}

function itemTypes(g: GroupedRatings): ItemTypes {
  const classOf = new Map<number, number>();
  const typeOf = new Map<string, number>();
  const typeOfUnit = new Int32Array(g.nUnits).fill(-1);
  const m: number[] = [],
    sq: number[] = [],
    sum: number[] = [],
    sumSq: number[] = [];
  const start = [0],
    cls: number[] = [],
    cnt: number[] = [];
  const local = new Map<number, number>();
  for (let u = 0; u < g.nUnits; u++) {
    if (g.unitStart[u + 1] - g.unitStart[u] < 2) continue;
    local.clear();
    let s = 0,
      s2 = 0;
    for (let k = g.unitStart[u]; k < g.unitStart[u + 1]; k++) {
      const v = g.values[k];
      s += v;
      s2 += v * v;
      local.set(v, (local.get(v) ?? 0) + 1);
    }
    const pairs: [number, number][] = [];
    for (const [v, c] of local) {
      let id = classOf.get(v);
      if (id === undefined) classOf.set(v, (id = classOf.size));
      pairs.push([id, c]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const key = `${s}|${s2}|${pairs.join(';')}`;
    let t = typeOf.get(key);
    if (t === undefined) {
      typeOf.set(key, (t = m.length));
      m.push(g.unitStart[u + 1] - g.unitStart[u]);
      sum.push(s);
      sumSq.push(s2);
      let squares = 0;
      for (const [id, c] of pairs) {
        cls.push(id);
        cnt.push(c);
        squares += c * c;
      }
      sq.push(squares);
      start.push(cls.length);
    }
    typeOfUnit[u] = t;
  }
  return {
    typeOfUnit,
    m: Float64Array.from(m),
    sq: Float64Array.from(sq),
    sum: Float64Array.from(sum),
    sumSq: Float64Array.from(sumSq),
    start: Int32Array.from(start),
    classes: Int32Array.from(cls),
    counts: Float64Array.from(cnt),
    nClasses: classOf.size,
  };
}

/** The statistic at one set of type weights; `marginal` is scratch space of nClasses. */
function evaluate(s: ItemTypes, metric: ItemMetric, typeWeights: Float64Array, marginal: Float64Array): number {
  const T = s.m.length;
  let n = 0,
    observed = 0,
    units = 0,
    pSum = 0,
    s1 = 0,
    s2 = 0;
  if (metric !== 'alpha-interval') marginal.fill(0);
  for (let i = 0; i < T; i++) {
    const wi = typeWeights[i];
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

/** One typing per set of ratings, so metrics measured together share it (and their resamples' counts). */
const typingsOf = new WeakMap<GroupedRatings, ItemTypes>();

function fromItemTypes(metric: ItemMetric): AgreementStatistic {
  return (ratings) => {
    let types = typingsOf.get(ratings);
    if (!types) typingsOf.set(ratings, (types = itemTypes(ratings)));
    const marginal = new Float64Array(types.nClasses);
    const typeWeights = new Float64Array(types.m.length);
    const byType = (weights: Float64Array) => evaluate(types, metric, weights, marginal);
    return Object.assign(
      (unitWeights: Float64Array) => {
        typeWeights.fill(0);
        for (let u = 0; u < ratings.nUnits; u++) if (types.typeOfUnit[u] >= 0) typeWeights[types.typeOfUnit[u]] += unitWeights[u];
        return byType(typeWeights);
      },
      { byType: { typeOfUnit: types.typeOfUnit, nTypes: types.m.length, evaluate: byType } },
    );
  };
}

export const nominalAlpha = fromItemTypes('alpha-nominal');
export const intervalAlpha = fromItemTypes('alpha-interval');
export const fleissKappa = fromItemTypes('fleiss');
