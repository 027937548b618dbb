import { describe, expect, it } from 'vitest';
import {
  bradleyTerry,
  elo,
  noisyBradleyTerry,
  plackettLuce,
  rankItems,
  ranksOf,
  type Comparisons,
} from '../../../src/quality/ranking/index.js';
import { noisyBradleyTerryFit } from '../../../src/quality/ranking/noisyBradleyTerry.js';
import { createRng } from '../../../src/quality/random.js';

/** Seeded comparisons among items with known strengths s_i = i / 4 (item n−1 is best). */
function simulate(nItems: number, nComparisons: number, seed: number, liars = 0): { comparisons: Comparisons; truth: number[] } {
  const rng = createRng(seed);
  const truth = Array.from({ length: nItems }, (_, i) => i / 4);
  const winners = new Int32Array(nComparisons),
    losers = new Int32Array(nComparisons),
    workers = new Int32Array(nComparisons);
  const nWorkers = 10;
  for (let c = 0; c < nComparisons; c++) {
    const i = rng.int(nItems);
    let j = rng.int(nItems - 1);
    if (j >= i) j++;
    const w = rng.int(nWorkers);
    let iWins = rng.next() < 1 / (1 + Math.exp(truth[j] - truth[i]));
    if (w < liars) iWins = !iWins; // these workers always report the reverse
    (winners[c] = iWins ? i : j), (losers[c] = iWins ? j : i), (workers[c] = w);
  }
  return {
    comparisons: {
      winners,
      losers,
      workers,
      itemNames: truth.map((_, i) => `i${i}`),
      workerNames: Array.from({ length: nWorkers }, (_, w) => `w${w}`),
    },
    truth,
  };
}

const maxError = (scores: Float64Array, truth: number[]): number => {
  const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
  return Math.max(...truth.map((t, i) => Math.abs(scores[i] - (t - mean))));
};

describe('Bradley–Terry', () => {
  it('recovers known log-strengths from 20,000 comparisons', () => {
    const { comparisons, truth } = simulate(12, 20_000, 1);
    expect(maxError(bradleyTerry(comparisons, undefined, {}), truth)).toBeLessThan(0.12);
  });

  it('keeps unbeaten and disconnected items finite', () => {
    // a beats b three times; c never plays.
    const comparisons: Comparisons = {
      winners: Int32Array.from([0, 0, 0]),
      losers: Int32Array.from([1, 1, 1]),
      workers: new Int32Array(3),
      itemNames: ['a', 'b', 'c'],
      workerNames: ['w'],
    };
    const scores = bradleyTerry(comparisons, undefined, {});
    for (const s of scores) expect(Number.isFinite(s)).toBe(true);
    expect(scores[0]).toBeGreaterThan(scores[2]);
    expect(scores[2]).toBeGreaterThan(scores[1]);
    expect(Array.from(ranksOf(scores))).toEqual([1, 3, 2]);
  });

  it('gives seeded bootstrap intervals that contain the truth for most items', () => {
    const { comparisons, truth } = simulate(10, 5_000, 2);
    const a = rankItems(comparisons, 'bt', { bootstrap: 100, seed: 9 });
    const b = rankItems(comparisons, 'bt', { bootstrap: 100, seed: 9 });
    expect(Array.from(a.lower)).toEqual(Array.from(b.lower));
    const mean = truth.reduce((x, y) => x + y, 0) / truth.length;
    const covered = truth.filter((t, i) => a.lower[i] <= t - mean && t - mean <= a.upper[i]).length;
    expect(covered).toBeGreaterThanOrEqual(8);
    for (let i = 0; i < truth.length; i++) expect(a.lower[i]).toBeLessThanOrEqual(a.upper[i]);
    expect(a.rank[9]).toBe(1);
  });
});

describe('noisy Bradley–Terry', () => {
  it('finds the workers who report the reverse and still recovers the order', () => {
    const { comparisons, truth } = simulate(10, 20_000, 3, 3);
    const { scores, reliability } = noisyBradleyTerryFit(comparisons, undefined, {});
    for (let w = 0; w < 3; w++) expect(reliability[w]).toBeLessThan(0.2);
    for (let w = 3; w < 10; w++) expect(reliability[w]).toBeGreaterThan(0.8);
    // The order is recovered exactly. (The scale is only weakly identified: a flip rate below 1
    // trades off against wider score gaps, as in any noisy-comparison model.)
    expect(Array.from(ranksOf(scores))).toEqual(truth.map((_, i) => truth.length - i));
    // Plain BT is compressed towards zero by the 30 % reversed votes; noisy BT is not.
    const spread = (x: Float64Array): number => x[x.length - 1] - x[0];
    expect(spread(scores)).toBeGreaterThan(2 * spread(bradleyTerry(comparisons, undefined, {})));
    expect(noisyBradleyTerry(comparisons, undefined, {})).toHaveLength(10);
  });
});

describe('Elo', () => {
  it('orders items like the truth (Spearman > 0.9)', () => {
    const { comparisons } = simulate(10, 20_000, 4);
    const rank = ranksOf(elo(comparisons, undefined, {}));
    const d2 = Array.from(rank).reduce((s, r, i) => s + (r - (10 - i)) ** 2, 0);
    expect(1 - (6 * d2) / (10 * 99)).toBeGreaterThan(0.9);
  });
});

describe('Plackett–Luce', () => {
  it('equals Bradley–Terry on rankings of two items', () => {
    const { comparisons } = simulate(6, 3_000, 5);
    const items = new Int32Array(comparisons.winners.length * 2),
      offsets = new Int32Array(comparisons.winners.length + 1);
    for (let c = 0; c < comparisons.winners.length; c++)
      (items[2 * c] = comparisons.winners[c]), (items[2 * c + 1] = comparisons.losers[c]), (offsets[c + 1] = 2 * c + 2);
    const pl = plackettLuce({ items, offsets, nItems: 6 }, { tolerance: 1e-12 });
    const bt = bradleyTerry(comparisons, undefined, { tolerance: 1e-12 });
    for (let i = 0; i < 6; i++) expect(pl[i]).toBeCloseTo(bt[i], 5);
  });

  it('recovers strengths from full rankings', () => {
    const rng = createRng(6);
    const n = 8,
      strengths = Array.from({ length: n }, (_, i) => Math.exp(i / 3));
    const items: number[] = [],
      offsets = [0];
    for (let j = 0; j < 3000; j++) {
      const left = Array.from({ length: n }, (_, i) => i);
      while (left.length > 0) {
        const total = left.reduce((s, i) => s + strengths[i], 0);
        let u = rng.next() * total,
          pick = 0;
        while (pick < left.length - 1 && (u -= strengths[left[pick]]) > 0) pick++;
        items.push(left.splice(pick, 1)[0]);
      }
      offsets.push(items.length);
    }
    const scores = plackettLuce({ items: Int32Array.from(items), offsets: Int32Array.from(offsets), nItems: n });
    expect(maxError(scores, strengths.map(Math.log))).toBeLessThan(0.1);
  });
});

describe('seeded Poisson draws', () => {
  it('have the right mean and variance, and fillPoisson matches them', () => {
    const rng = createRng(12);
    const means = new Float64Array(20_000).fill(3.5);
    const out = new Float64Array(means.length);
    rng.fillPoisson(out, means);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    const variance = out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length;
    expect(mean).toBeCloseTo(3.5, 1);
    expect(variance).toBeCloseTo(3.5, 0);
    const large = createRng(13);
    const draws = Array.from({ length: 2000 }, () => large.poisson(75));
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(75, 0);
  });
});
