import { describe, expect, it } from 'vitest';
import { itemPosterior } from '../../../src/quality/adaptive/itemPosterior.js';
import { generateMixedCrowd } from '../../../src/quality/adaptive/mixedCrowd.js';
import { estimateWorkerAccuracy, temperAccuracy, WORKER_ACCURACY_DEFAULTS } from '../../../src/quality/adaptive/workerAccuracy.js';
import { encodeLabels, type EncodedLabels } from '../../../src/quality/encoded.js';
import { mace } from '../../../src/quality/inference/mace.js';
import type { InferenceResult } from '../../../src/quality/inference/types.js';

/** Rows as `worker task label` strings. */
function rows(...lines: string[]): EncodedLabels {
  return encodeLabels(
    lines.map((l) => {
      const [worker, task, label] = l.split(' ');
      return { worker, task, label };
    }),
  );
}

/** A hand-made batch result: per task its posterior row (in data.classNames order). */
function result(data: EncodedLabels, posterior: Record<string, number[]>): InferenceResult {
  const K = data.classNames.length,
    T = data.taskNames.length;
  const posteriors = new Float64Array(T * K);
  data.taskNames.forEach((t, i) => posterior[t].forEach((p, k) => (posteriors[i * K + k] = p)));
  const labels = Int32Array.from(data.taskNames, (_, i) => {
    let best = 0;
    for (let k = 1; k < K; k++) if (posteriors[i * K + k] > posteriors[i * K + best]) best = k;
    return best;
  });
  return {
    method: 'hand',
    labels,
    confidence: Float64Array.from(labels, (l, i) => posteriors[i * K + l]),
    posteriors,
    workerReliability: new Float64Array(data.workerNames.length).fill(0.99),
    tieSize: new Int32Array(T).fill(1),
    iterations: 1,
    converged: true,
  };
}

const of = (data: EncodedLabels, est: { accuracy: Float64Array; labels: Int32Array }, worker: string) => {
  const w = data.workerNames.indexOf(worker);
  return { accuracy: est.accuracy[w], labels: est.labels[w] };
};
const plain = { priorStrength: 0, cap: 1, classBias: false } as const;

describe('estimateWorkerAccuracy on hand-made inputs', () => {
  it('a worker alone on an item gains no evidence from it: the prior mean, zero labels (whatever the method says)', () => {
    const data = rows('solo z x', 'a t x', 'b t x');
    const est = estimateWorkerAccuracy(data, result(data, { z: [1, 0], t: [1, 0] }));
    expect(of(data, est, 'solo')).toEqual({ accuracy: WORKER_ACCURACY_DEFAULTS.priorMean, labels: 0 });
    expect(of(data, est, 'a').labels).toBe(1);
  });

  it("leave-one-out removes self-agreement: a posterior that only echoes the worker's own label is no evidence", () => {
    // One item, a says x, b says y; the batch posterior (0.8, 0.2) is what a's label alone gives at accuracy 0.8.
    const data = rows('a t x', 'b t y');
    const post = result(data, { t: [0.8, 0.2] });
    const withSelf = estimateWorkerAccuracy(data, post, { ...plain, leaveOneOut: false });
    expect(of(data, withSelf, 'a').accuracy).toBeCloseTo(0.8, 12);
    // Dividing a's boost log(0.8 / 0.2) out of (0.8, 0.2) leaves (0.5, 0.5): a's label agrees with it half the time.
    const loo = estimateWorkerAccuracy(data, post, { ...plain, rounds: 1 });
    expect(of(data, loo, 'a').accuracy).toBeCloseTo(0.5, 12);
    expect(of(data, loo, 'b').accuracy).toBeCloseTo(0.5, 12);
  });

  it('leave-one-out keeps the evidence of the others, and the damped rounds reach the self-consistent value', () => {
    // The batch posterior of four agreeing workers at 0.8: odds 4⁴ = 256. With each worker's own
    // boost p/(1 − p) divided out, self-consistency needs (p / (1 − p))² = 256: p = 16/17.
    const data = rows('a t x', 'b t x', 'c t x', 'd t x', 'e u y'); // (u: so that y is a class)
    const four = itemPosterior(
      ['a', 'b', 'c', 'd'].map((worker) => ({ worker, label: 'x' })),
      ['x', 'y'],
      () => 0.8,
    );
    const est = estimateWorkerAccuracy(data, result(data, { t: [four.posterior.x, four.posterior.y], u: [0, 1] }), plain);
    for (const w of ['a', 'b', 'c', 'd']) expect(of(data, est, w).accuracy).toBeCloseTo(16 / 17, 9);
  });

  it('shrinks toward the prior with few labels: one perfect agreement gives (1 + s·m) / (1 + s)', () => {
    const data = rows('a t x', 'b t x', 'b u x', 'c u x');
    const est = estimateWorkerAccuracy(data, result(data, { t: [1, 0], u: [1, 0] }), { classBias: false });
    expect(of(data, est, 'a').accuracy).toBeCloseTo((1 + 4 * 0.7) / (1 + 4), 12);
    expect(of(data, est, 'b').accuracy).toBeCloseTo((2 + 4 * 0.7) / (2 + 4), 12);
    expect(of(data, est, 'b').labels).toBe(2);
    // With the class-bias check on, a worker with too little evidence of bias keeps that value.
    expect(of(data, estimateWorkerAccuracy(data, result(data, { t: [1, 0], u: [1, 0] })), 'a').accuracy).toBeCloseTo(0.76, 12);
  });

  it('caps accuracy so no worker makes an item certain alone', () => {
    const lines: string[] = [],
      post: Record<string, number[]> = {};
    for (let t = 0; t < 200; t++) {
      lines.push(`ace t${t} x`, `o${t % 7} t${t} x`);
      post[`t${t}`] = [1, 0];
    }
    const data = rows(...lines);
    expect(of(data, estimateWorkerAccuracy(data, result(data, post)), 'ace').accuracy).toBe(0.95);
    expect(of(data, estimateWorkerAccuracy(data, result(data, post), { cap: 0.9 }), 'ace').accuracy).toBe(0.9);
    expect(of(data, estimateWorkerAccuracy(data, result(data, post), { cap: 1 }), 'ace').accuracy).toBe(0.99); // itemPosterior's own clamp
  });

  it('discounts a class-biased worker: always "x" on 80 % x items is 80 % right but says little', () => {
    const lines: string[] = [],
      post: Record<string, number[]> = {};
    for (let t = 0; t < 50; t++) {
      const truth = t % 5 === 0 ? 'y' : 'x';
      lines.push(`lazy t${t} x`, `good t${t} ${truth}`);
      post[`t${t}`] = truth === 'x' ? [1, 0] : [0, 1];
    }
    const data = rows(...lines);
    const onecoin = estimateWorkerAccuracy(data, result(data, post), { classBias: false });
    const biased = estimateWorkerAccuracy(data, result(data, post));
    expect(of(data, onecoin, 'lazy').accuracy).toBeCloseTo((40 + 2.8) / 54, 12);
    expect(of(data, biased, 'lazy').accuracy).toBeLessThan(0.6);
    expect(of(data, biased, 'lazy').accuracy).toBeGreaterThanOrEqual(0.5); // floored at 1/K: worth nothing, never negative
    expect(of(data, biased, 'good').accuracy).toBeCloseTo(of(data, onecoin, 'good').accuracy, 12);
  });

  it('values stay in (0, 1) and repeated worker–task pairs are divided out together', () => {
    const data = rows('a t x', 'a t x', 'b t y', 'c u y', 'a u x', 'a v y');
    const est = estimateWorkerAccuracy(data, result(data, { t: [0.9, 0.1], u: [0.3, 0.7], v: [0, 1] }));
    for (const p of est.accuracy) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
    expect(of(data, est, 'a').labels).toBe(3); // t twice, u once; v has no other worker
  });

  it('skips gold tasks when told (the platform counts gold answers separately)', () => {
    const data = rows('a t x', 'b t x', 'a g y', 'b g x');
    const post = result(data, { t: [1, 0], g: [1, 0] });
    expect(of(data, estimateWorkerAccuracy(data, post), 'a').labels).toBe(2);
    const gold = Int32Array.from(data.taskNames, (t) => (t === 'g' ? 0 : -1));
    const est = estimateWorkerAccuracy(data, post, { gold, classBias: false });
    expect(of(data, est, 'a')).toEqual({ accuracy: expect.closeTo((1 + 2.8) / 5, 12), labels: 1 });
  });

  it('minOthers: only tasks with at least that many other workers count', () => {
    const data = rows('a t x', 'b t x', 'a u x', 'b u x', 'c u x');
    const post = result(data, { t: [1, 0], u: [1, 0] });
    expect(of(data, estimateWorkerAccuracy(data, post), 'a').labels).toBe(2);
    expect(of(data, estimateWorkerAccuracy(data, post, { minOthers: 2 }), 'a').labels).toBe(1);
  });

  it('rejects bad options and mismatched results', () => {
    const data = rows('a t x', 'b t x');
    const post = result(data, { t: [1, 0] });
    expect(() => estimateWorkerAccuracy(data, post, { priorMean: 1 })).toThrow(/priorMean/);
    expect(() => estimateWorkerAccuracy(data, post, { cap: 0 })).toThrow(/cap/);
    expect(() => estimateWorkerAccuracy(rows('a t x', 'a u x'), post)).toThrow(/posteriors/);
  });
});

describe('estimateWorkerAccuracy on a synthetic crowd (seed 1, all 10 labels per item, MACE fit)', () => {
  it("tracks the workers' true P(label = truth) far better than MACE's competence θ", () => {
    const crowd = generateMixedCrowd({ nItems: 2000, nClasses: 3, nWorkers: 40, labelsPerItem: 10, seed: 1 });
    const fit = mace(crowd.data);
    const est = estimateWorkerAccuracy(crowd.data, fit);
    const mae = (xs: Float64Array) => xs.reduce((a, x, w) => a + Math.abs(x - crowd.workerAccuracy[w]), 0) / xs.length;
    expect(mae(est.accuracy)).toBeLessThan(0.08);
    expect(mae(est.accuracy)).toBeLessThan(mae(fit.workerReliability) / 2);
  });
});

describe('temperAccuracy', () => {
  it('scales the one-coin log-odds boost by τ; τ = 1 is the identity', () => {
    expect(temperAccuracy(0.8, 2, 1)).toBe(0.8);
    expect(temperAccuracy(0.8, 2, 0.5)).toBeCloseTo(2 / 3, 12); // odds 4 → 2
    const boost = (p: number, K: number) => Math.log((p * (K - 1)) / (1 - p));
    expect(boost(temperAccuracy(0.7, 4, 0.8), 4)).toBeCloseTo(0.8 * boost(0.7, 4), 12);
    expect(temperAccuracy(0.9, 3, 0)).toBeCloseTo(1 / 3, 12); // τ = 0: judgments count for nothing
  });
});
