import { describe, expect, it } from 'vitest';
import {
  SequentialPosterior,
  accuracyPerDollar,
  costToAccuracy,
  costToConfidence,
  judgmentsForAccuracy,
  majorityCorrect,
  poolCostPerQAL,
  type ItemJudgment,
} from '../../../src/economics/qualityAdjusted.js';

const j = (item: string, worker: string, label: string, at: number, costCents = 100): ItemJudgment => ({
  item,
  worker,
  label,
  at,
  costCents,
});

describe('SequentialPosterior (one-coin)', () => {
  it('matches hand-computed posteriors', () => {
    const post = new SequentialPosterior(2);
    post.add('a', 0.8);
    expect(post.top()).toEqual({ labels: ['a'], confidence: expect.closeTo(0.8, 12) });
    post.add('a', 0.8);
    // 0.64 / (0.64 + 0.04)
    expect(post.top().confidence).toBeCloseTo(0.64 / 0.68, 12);
    post.add('b', 0.9);
    // a: .8·.8·.1 = .064, b: .2·.2·.9 = .036
    expect(post.top()).toEqual({ labels: ['a'], confidence: expect.closeTo(0.064 / 0.1, 12) });
  });

  it('with K = 4 an unseen class keeps its share, and a tie lists both labels', () => {
    const post = new SequentialPosterior(4);
    post.add('a', 0.7);
    // a: .7; each of 3 others: .1
    expect(post.top().confidence).toBeCloseTo(0.7, 12);
    post.add('b', 0.7);
    // a: .7·.1, b: .1·.7, two unseen: .1·.1 each → .07/(.07+.07+.02)
    expect(post.top()).toEqual({ labels: ['a', 'b'], confidence: expect.closeTo(0.07 / 0.16, 12) });
  });
});

describe('costToConfidence', () => {
  const rel = new Map([
    ['w1', 0.8],
    ['w2', 0.8],
    ['w3', 0.8],
  ]);
  it('stops at the first crossing in arrival order and charges unreached items to the reached ones', () => {
    const js = [
      j('A', 'w2', 'a', 20),
      j('A', 'w1', 'a', 10),
      j('A', 'w3', 'b', 30), // arrives a,a → 0.941 ≥ 0.9 at the 2nd
      j('B', 'w1', 'a', 1),
      j('B', 'w2', 'b', 2),
      j('B', 'w3', 'a', 3), // .8, .5, .8 → never
    ];
    const r = costToConfidence(js, { reliability: rel }, 0.9);
    expect(r.perItem).toEqual([
      { item: 'A', reached: true, judgmentsUsed: 2, costCents: 200, confidence: expect.closeTo(0.64 / 0.68, 12), label: 'a' },
      { item: 'B', reached: false, judgmentsUsed: 3, costCents: 300, confidence: expect.closeTo(0.8, 12), label: 'a' },
    ]);
    expect(r.reached).toBe(1);
    expect(r.costPerQualityAdjustedLabel).toBe(500);
    expect(r.meanCostToTarget).toBe(200);
    expect(r.meanJudgmentsToTarget).toBe(2);
  });

  it('a cheap noisy pool can beat an expensive precise one, and the numbers say so', () => {
    // precise: p = .95, 300 ¢ — one judgment reaches .9. noisy: p = .8, 50 ¢ — two agreeing reach .64/.68 = .94
    const precise = costToConfidence([j('x', 's', 'a', 1, 300)], { reliability: new Map([['s', 0.95]]) }, 0.9);
    const noisy = costToConfidence(
      [j('x', 'g1', 'a', 1, 50), j('x', 'g2', 'a', 2, 50), j('x', 'g3', 'a', 3, 50)],
      { reliability: new Map(), defaultReliability: 0.8 },
      0.9,
    );
    expect(precise.costPerQualityAdjustedLabel).toBe(300);
    expect(noisy.perItem[0].judgmentsUsed).toBe(2);
    expect(noisy.costPerQualityAdjustedLabel).toBe(100);
  });

  it('nothing reached → null, and a bad target is refused', () => {
    expect(costToConfidence([j('x', 'w', 'a', 1)], { reliability: new Map([['w', 0.6]]) }, 0.9).costPerQualityAdjustedLabel).toBeNull();
    expect(() => costToConfidence([], { reliability: new Map() }, 1)).toThrow(RangeError);
  });
});

describe('costToAccuracy', () => {
  it('accuracy and cost by depth, ties counting 1/m', () => {
    const rel = new Map([
      ['w1', 0.8],
      ['w2', 0.8],
    ]);
    const js = [j('A', 'w1', 'a', 1), j('A', 'w2', 'a', 2), j('B', 'w1', 'b', 1), j('B', 'w2', 'a', 2, 200)];
    const r = costToAccuracy(
      js,
      new Map([
        ['A', 'a'],
        ['B', 'a'],
        ['C', 'a'],
      ]),
      { reliability: rel },
      0.75,
    );
    // depth 1: A right, B wrong → .5, cost 100/item; depth 2: A right, B tie a/b → .5 + .25 = .75, cost (200 + 300)/2
    expect(r.curve).toEqual([
      { depth: 1, items: 2, accuracy: 0.5, costPerItemCents: 100, accuracyPerDollar: 0.5 },
      { depth: 2, items: 2, accuracy: 0.75, costPerItemCents: 250, accuracyPerDollar: 0.3 },
    ]);
    expect(r.reached?.depth).toBe(2);
  });
  it('accuracyPerDollar of a free pool is null', () => expect(accuracyPerDollar(0.9, 0)).toBeNull());
});

describe('pool cost per QAL', () => {
  it('binomial majority by hand', () => {
    expect(majorityCorrect(1, 0.8)).toBeCloseTo(0.8, 12);
    expect(majorityCorrect(3, 0.8)).toBeCloseTo(0.896, 12);
    expect(majorityCorrect(5, 0.8)).toBeCloseTo(0.94208, 12);
    expect(judgmentsForAccuracy(0.8, 0.89)).toBe(3);
    expect(judgmentsForAccuracy(0.8, 0.9)).toBe(5);
    expect(judgmentsForAccuracy(0.5, 0.9)).toBeNull();
    expect(poolCostPerQAL(0.8, 40, 0.9)).toBe(200);
    expect(poolCostPerQAL(0.95, 300, 0.9)).toBe(300);
  });
});
