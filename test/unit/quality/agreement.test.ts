import { describe, expect, it } from 'vitest';
import { measureAgreement, type AgreementData } from '../../../src/quality/agreement/index.js';
import { createRng } from '../../../src/quality/random.js';

/** Rows are raters, columns units; null = missing. */
function fromMatrix(matrix: (number | null)[][]): AgreementData {
  const units: number[] = [], raters: number[] = [], values: number[] = [];
  matrix.forEach((row, r) =>
    row.forEach((v, u) => {
      if (v === null) return;
      units.push(u), raters.push(r), values.push(v);
    }),
  );
  return { units: Int32Array.from(units), raters: Int32Array.from(raters), values: Float64Array.from(values), nUnits: matrix[0].length, nRaters: matrix.length };
}

/** Units × category counts (Fleiss' layout) → one rating row per count. */
function fromCounts(table: number[][]): AgreementData {
  const units: number[] = [], raters: number[] = [], values: number[] = [];
  table.forEach((counts, u) => {
    let rater = 0;
    counts.forEach((c, category) => {
      for (let i = 0; i < c; i++) units.push(u), raters.push(rater++), values.push(category);
    });
  });
  return { units: Int32Array.from(units), raters: Int32Array.from(raters), values: Float64Array.from(values), nUnits: table.length, nRaters: 14 };
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
    expect(measureAgreement(fromMatrix([[1, 2, 3, 1], [1, 2, 3, 1]]), { metric: 'krippendorff', rounds: 0 }).value).toBe(1);
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
  const a: number[] = [], b: number[] = [];
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
