import { describe, expect, it } from 'vitest';
import { evaluateNumeric } from '../../../bench/quality/numericAccuracy.js';
import { EMOTION_PUBLISHED } from '../../../bench/quality/published.js';
import { biasCorrectedMean, meanRating, medianRating, type NumericLabels } from '../../../src/quality/numeric/index.js';
import { createRng } from '../../../src/quality/random.js';
import { hasSharedData, sharedDataDir } from '../../support/sharedData.js';

function ratings(rows: [number, number, number][], nWorkers: number, nTasks: number): NumericLabels {
  return {
    workers: Int32Array.from(rows.map((r) => r[0])),
    tasks: Int32Array.from(rows.map((r) => r[1])),
    values: Float64Array.from(rows.map((r) => r[2])),
    workerNames: Array.from({ length: nWorkers }, (_, w) => `w${w}`),
    taskNames: Array.from({ length: nTasks }, (_, t) => `t${t}`),
  };
}

describe('mean and median', () => {
  const data = ratings(
    [
      [0, 0, 1],
      [1, 0, 2],
      [2, 0, 6],
      [0, 1, 4],
      [1, 1, 8],
    ],
    3,
    2,
  );
  it('computes per-task mean with a Student-t interval', () => {
    const r = meanRating(data);
    expect(r.values[0]).toBe(3);
    // sd = √7, t(2) = 4.303 → half-width 4.303·√7/√3
    expect(r.upper[0] - r.values[0]).toBeCloseTo((4.30265273 * Math.sqrt(7)) / Math.sqrt(3), 6);
    expect(r.values[1]).toBe(6);
  });
  it('computes per-task median (mean of the middle pair when even)', () => {
    const r = medianRating(data);
    expect(Array.from(r.values)).toEqual([2, 6]);
    expect(r.lower[0]).toBeLessThanOrEqual(2);
    expect(r.upper[0]).toBeGreaterThanOrEqual(2);
  });
});

describe('worker-bias-corrected mean', () => {
  it('removes additive worker biases that plain means keep', () => {
    const rng = createRng(5);
    const nTasks = 300,
      nWorkers = 20;
    const truth = Array.from({ length: nTasks }, () => rng.next() * 100);
    // Biases average to zero: the model's identifying assumption (a shared offset is unobservable).
    const bias = Array.from({ length: nWorkers }, (_, w) => (w < 5 ? 20 : w < 10 ? -20 : 0));
    const rows: [number, number, number][] = [];
    for (let t = 0; t < nTasks; t++)
      for (let k = 0; k < 5; k++) {
        const w = rng.int(nWorkers);
        rows.push([w, t, truth[t] + bias[w] + 3 * rng.normal()]);
      }
    const data = ratings(rows, nWorkers, nTasks);
    const mae = (values: Float64Array): number => truth.reduce((s, x, t) => s + Math.abs(values[t] - x), 0) / nTasks;
    const corrected = biasCorrectedMean(data);
    expect(mae(corrected.values)).toBeLessThan(mae(meanRating(data).values) / 3);
    const groupMean = (from: number, to: number): number => corrected.workerBias.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    expect(groupMean(0, 5) - groupMean(10, 20)).toBeCloseTo(20, 0);
    expect(groupMean(5, 10) - groupMean(10, 20)).toBeCloseTo(-20, 0);
    const covered = truth.filter((x, t) => corrected.lower[t] <= x && x <= corrected.upper[t]).length / nTasks;
    expect(covered).toBeGreaterThan(0.85);
  });
});

describe.skipIf(!hasSharedData)('emotion (numeric) against Zheng et al. 2017', () => {
  it('reproduces the published Mean and Median MAE / RMSE', () => {
    const cells = new Map(evaluateNumeric(sharedDataDir).map((c) => [c.method, c]));
    expect(cells.get('mean')!.mae).toBeCloseTo(EMOTION_PUBLISHED.Mean.mae, 2);
    expect(cells.get('mean')!.rmse).toBeCloseTo(EMOTION_PUBLISHED.Mean.rmse, 2);
    expect(cells.get('median')!.mae).toBeCloseTo(EMOTION_PUBLISHED.Median.mae, 2);
    expect(cells.get('median')!.rmse).toBeCloseTo(EMOTION_PUBLISHED.Median.rmse, 2);
    expect(cells.get('bcmean')!.mae).toBeLessThan(EMOTION_PUBLISHED.Median.mae);
  });
});
