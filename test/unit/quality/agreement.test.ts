import { describe, expect, it } from 'vitest';
import {
  groupByUnit,
  measureAgreement,
  measureAgreements,
  pairwiseAlpha,
  type AgreementData,
} from '../../../src/quality/agreement/index.js';
import { createRng } from '../../../src/quality/random.js';

/** Rows are raters, columns units; null = missing. */
function fromMatrix(matrix: (number | null)[][]): AgreementData {
  const units: number[] = [],
    raters: number[] = [],
    values: number[] = [];
  matrix.forEach((row, r) =>
    row.forEach((v, u) => {
      if (v === null) return;
      units.push(u), raters.push(r), values.push(v);
    }),
  );
  return {
    units: Int32Array.from(units),
    raters: Int32Array.from(raters),
    values: Float64Array.from(values),
    nUnits: matrix[0].length,
    nRaters: matrix.length,
  };
}

/** Units × category counts (Fleiss' layout) → one rating row per count. */
function fromCounts(table: number[][]): AgreementData {
  const units: number[] = [],
    raters: number[] = [],
    values: number[] = [];
  table.forEach((counts, u) => {
    let rater = 0;
    counts.forEach((c, category) => {
      for (let i = 0; i < c; i++) units.push(u), raters.push(rater++), values.push(category);
    });
  });
  return {
    units: Int32Array.from(units),
    raters: Int32Array.from(raters),
    values: Float64Array.from(values),
    nUnits: table.length,
    nRaters: 14,
  };
}

describe("Krippendorff's alpha", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", worked example:
  // 4 observers, 12 units, values 1–5, with missing data. Published: nominal .743,
  // ordinal .815, interval .849, ratio .797.
  const data = fromMatrix([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ]);
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('%s matches the published %d', (level, published) => {
    const result = measureAgreement(data, { metric: 'krippendorff', level, rounds: 0 });
    expect(result.value).toBeCloseTo(published, 3);
    expect(result.pairableUnits).toBe(11); // unit 12 has a single rating
  });

  it('gives a seeded bootstrap interval around the estimate', () => {
    const a = measureAgreement(data, { metric: 'krippendorff', level: 'interval', rounds: 500, seed: 4 });
    const b = measureAgreement(data, { metric: 'krippendorff', level: 'interval', rounds: 500, seed: 4 });
    expect(a.lower).toBeLessThan(a.value);
    expect(a.upper).toBeGreaterThan(a.value - 0.05);
    expect(a.upper).toBeLessThanOrEqual(1);
    expect([a.lower, a.upper]).toEqual([b.lower, b.upper]);
  });

  it('is 1 for perfect agreement and near 0 for random ratings', () => {
    expect(
      measureAgreement(
        fromMatrix([
          [1, 2, 3, 1],
          [1, 2, 3, 1],
        ]),
        { metric: 'krippendorff', rounds: 0 },
      ).value,
    ).toBe(1);
    const rng = createRng(11);
    const rows = [0, 1, 2].map(() => Array.from({ length: 3000 }, () => rng.int(4)));
    expect(Math.abs(measureAgreement(fromMatrix(rows), { metric: 'krippendorff', rounds: 0 }).value)).toBeLessThan(0.05);
  });
});

describe("Fleiss' kappa", () => {
  // Wikipedia, "Fleiss' kappa", worked example (10 subjects, 14 raters, 5 categories):
  // P̄ = 0.378, P̄e = 0.213, κ = 0.210.
  const table = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  it('matches the published 0.210', () => {
    expect(measureAgreement(fromCounts(table), { metric: 'fleiss', rounds: 0 }).value).toBeCloseTo(0.21, 3);
  });
  it('agrees with percent agreement P̄ = 0.378', () => {
    expect(measureAgreement(fromCounts(table), { metric: 'percent', rounds: 0 }).value).toBeCloseTo(0.378, 3);
  });
});

describe("Cohen's kappa", () => {
  // Wikipedia, "Cohen's kappa", first example: 50 grant proposals, both "yes" 20, A yes/B no 5,
  // A no/B yes 10, both "no" 15 → p_o = 0.7, p_e = 0.5, κ = 0.4.
  const a: number[] = [],
    b: number[] = [];
  const push = (n: number, x: number, y: number): void => {
    for (let i = 0; i < n; i++) a.push(x), b.push(y);
  };
  push(20, 1, 1), push(5, 1, 0), push(10, 0, 1), push(15, 0, 0);
  const data = fromMatrix([a, b]);
  it('matches the published 0.4', () => {
    expect(measureAgreement(data, { metric: 'cohen', rounds: 0 }).value).toBeCloseTo(0.4, 10);
    expect(measureAgreement(data, { metric: 'percent', rounds: 0 }).value).toBeCloseTo(0.7, 10);
  });
  it('refuses more than two raters', () => {
    expect(() => measureAgreement(fromMatrix([a, b, a]), { metric: 'cohen', rounds: 0 })).toThrow(/two raters/);
  });
});

describe('the per-item statistics behind α (nominal, interval) and Fleiss κ', () => {
  // Moved from the dashboards' integration test when the dashboards' fast bootstrap became the
  // engine's only implementation: it is now checked against the textbook definitions, resample for resample.

  /** A noisy crowd: 150 items, 2–5 ratings each from 12 raters, 3 classes (or scores 1–5). */
  function crowd(seed: number, classes: number): AgreementData {
    const rng = createRng(seed);
    const units: number[] = [],
      raters: number[] = [],
      values: number[] = [];
    for (let u = 0; u < 150; u++) {
      const truth = rng.int(classes),
        m = 2 + rng.int(4);
      const who = new Set<number>();
      while (who.size < m) who.add(rng.int(12));
      for (const r of who) {
        units.push(u);
        raters.push(r);
        values.push(rng.next() < 0.7 ? truth : rng.int(classes));
      }
    }
    units.push(150);
    raters.push(0);
    values.push(0); // one single-rated item, left out by both
    return { units: Int32Array.from(units), raters: Int32Array.from(raters), values: Float64Array.from(values), nUnits: 151, nRaters: 12 };
  }

  const valuesByUnit = (d: AgreementData): number[][] => {
    const out: number[][] = Array.from({ length: d.nUnits }, () => []);
    d.units.forEach((u, i) => out[u].push(d.values[i]));
    return out;
  };

  /** α from the coincidence matrix (Krippendorff 2011, §C), unit u counted w[u] times. */
  function referenceAlpha(byUnit: number[][], level: 'nominal' | 'interval', w: Float64Array): number {
    const o = new Map<number, Map<number, number>>();
    byUnit.forEach((vs, u) => {
      if (vs.length < 2 || w[u] === 0) return;
      for (let i = 0; i < vs.length; i++)
        for (let j = 0; j < vs.length; j++) {
          if (i === j) continue;
          const row = o.get(vs[i]) ?? new Map<number, number>();
          row.set(vs[j], (row.get(vs[j]) ?? 0) + w[u] / (vs.length - 1));
          o.set(vs[i], row);
        }
    });
    const delta2 = (c: number, k: number) => (level === 'nominal' ? (c === k ? 0 : 1) : (c - k) ** 2);
    const marginal = new Map([...o].map(([c, row]) => [c, [...row.values()].reduce((a, b) => a + b, 0)]));
    const n = [...marginal.values()].reduce((a, b) => a + b, 0);
    let observed = 0,
      expected = 0;
    for (const [c, row] of o) for (const [k, count] of row) observed += count * delta2(c, k);
    for (const [c, nc] of marginal) for (const [k, nk] of marginal) expected += (nc * nk * delta2(c, k)) / (n - 1);
    return 1 - observed / expected;
  }

  /** Fleiss (1971): P_u = (Σ_j n_uj² − m)/(m(m − 1)), p_j over all ratings, unit u counted w[u] times. */
  function referenceFleiss(byUnit: number[][], w: Float64Array): number {
    let pSum = 0,
      units = 0,
      total = 0;
    const marginal = new Map<number, number>();
    byUnit.forEach((vs, u) => {
      if (vs.length < 2 || w[u] === 0) return;
      const counts = new Map<number, number>();
      for (const v of vs) counts.set(v, (counts.get(v) ?? 0) + 1);
      let sq = 0;
      for (const [v, c] of counts) {
        sq += c * c;
        marginal.set(v, (marginal.get(v) ?? 0) + w[u] * c);
      }
      pSum += (w[u] * (sq - vs.length)) / (vs.length * (vs.length - 1));
      units += w[u];
      total += w[u] * vs.length;
    });
    let pe = 0;
    for (const c of marginal.values()) pe += (c / total) ** 2;
    return (pSum / units - pe) / (1 - pe);
  }

  /** The percentile bootstrap over items with two or more ratings, drawing from createRng(seed) as documented. */
  function referenceBootstrap(byUnit: number[][], statistic: (w: Float64Array) => number, rounds: number, seed: number) {
    const items = byUnit.flatMap((vs, u) => (vs.length >= 2 ? [u] : []));
    const w = new Float64Array(byUnit.length);
    const value = statistic(w.fill(1));
    const rng = createRng(seed);
    const estimates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      w.fill(0);
      for (let i = 0; i < items.length; i++) w[items[rng.int(items.length)]]++;
      const e = statistic(w);
      if (Number.isFinite(e)) estimates.push(e);
    }
    estimates.sort((a, b) => a - b);
    const quantile = (q: number) => {
      const pos = (estimates.length - 1) * q,
        lo = Math.floor(pos),
        hi = Math.ceil(pos);
      return estimates[lo] + (estimates[hi] - estimates[lo]) * (pos - lo);
    };
    return { value, lower: quantile(0.025), upper: quantile(0.975) };
  }

  it("gives the definitions' numbers: the same estimate and, resample for resample, the same interval", () => {
    const cases = [
      { data: crowd(7, 3), metric: 'krippendorff', level: 'nominal' },
      { data: crowd(8, 5), metric: 'krippendorff', level: 'interval' },
      { data: crowd(9, 3), metric: 'fleiss', level: 'nominal' },
    ] as const;
    for (const c of cases) {
      const byUnit = valuesByUnit(c.data);
      const statistic =
        c.metric === 'fleiss' ? (w: Float64Array) => referenceFleiss(byUnit, w) : (w: Float64Array) => referenceAlpha(byUnit, c.level, w);
      const expected = referenceBootstrap(byUnit, statistic, 300, 5);
      const engine = measureAgreement(c.data, { metric: c.metric, level: c.level, rounds: 300, seed: 5 });
      expect(engine.value).toBeCloseTo(expected.value, 10);
      expect(engine.lower).toBeCloseTo(expected.lower, 10);
      expect(engine.upper).toBeCloseTo(expected.upper, 10);
      expect(engine.lower).toBeLessThan(engine.upper);
    }
  });

  it('gives the pairwise δ² sums (the ordinal and ratio path) for nominal and interval too', () => {
    for (const [data, level] of [
      [crowd(7, 3), 'nominal'],
      [crowd(8, 5), 'interval'],
    ] as const) {
      const closedForm = measureAgreement(data, { metric: 'krippendorff', level, rounds: 0 }).value;
      const ratings = groupByUnit(data);
      expect(closedForm).toBeCloseTo(pairwiseAlpha(level)(ratings, new Float64Array(data.nUnits).fill(1)), 10);
    }
  });

  it('measures several metrics over shared resamples exactly as each alone with the same seed', () => {
    const data = crowd(11, 4);
    const metrics = [
      { metric: 'krippendorff', level: 'nominal' },
      { metric: 'fleiss', level: 'nominal' },
      { metric: 'krippendorff', level: 'ordinal' },
      { metric: 'percent', level: 'nominal' },
    ] as const;
    const together = measureAgreements(data, metrics, { rounds: 200, seed: 9 });
    metrics.forEach((m, i) => {
      const alone = measureAgreement(data, { ...m, rounds: 200, seed: 9 });
      expect(together[i].metric).toBe(m.metric);
      expect(together[i].value).toBeCloseTo(alone.value, 12);
      expect(together[i].lower).toBeCloseTo(alone.lower, 12);
      expect(together[i].upper).toBeCloseTo(alone.upper, 12);
      expect(together[i].lower).toBeLessThan(together[i].upper);
    });
  });
});
