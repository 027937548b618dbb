import { describe, expect, it } from 'vitest';
import { encodeGold, encodeLabels } from '../../../src/quality/encoded.js';
import { goldAccuracy, wilsonInterval, workerGoldAccuracy } from '../../../src/quality/gold.js';

describe('Wilson interval', () => {
  it('matches Newcombe (1998), Stat. Med. 17:857, Table I: 81/263 → 0.2553–0.3662', () => {
    const p = wilsonInterval(81, 263);
    expect(p.lower).toBeCloseTo(0.2553, 4);
    expect(p.upper).toBeCloseTo(0.3662, 4);
  });
  it('stays inside [0, 1] at the extremes', () => {
    expect(wilsonInterval(0, 10).lower).toBe(0);
    expect(wilsonInterval(10, 10).upper).toBe(1);
    expect(wilsonInterval(10, 10).lower).toBeCloseTo(0.7225, 4);
  });
});

describe('gold accuracy', () => {
  const data = encodeLabels([
    { worker: 'a', task: 'x', label: '1' },
    { worker: 'b', task: 'x', label: '0' },
    { worker: 'a', task: 'y', label: '1' },
    { worker: 'b', task: 'y', label: '1' },
    { worker: 'a', task: 'z', label: '0' },
  ]);
  const { gold } = encodeGold(data, [
    { task: 'x', label: '1' },
    { task: 'y', label: '1' },
    { task: 'z', label: '1' },
  ]);
  it('counts ties fractionally when given posteriors', () => {
    const predicted = Int32Array.from([0, 1, 0]);
    const posteriors = Float64Array.from([0.5, 0.5, 0, 1, 1, 0]);
    expect(goldAccuracy(predicted, gold).value).toBeCloseTo(1 / 3, 12);
    expect(goldAccuracy(predicted, gold, posteriors, 2).value).toBeCloseTo(1.5 / 3, 12);
  });
  it('scores each worker on gold tasks', () => {
    const perWorker = workerGoldAccuracy(data, gold);
    expect(perWorker.map((p) => [p.correct, p.total])).toEqual([
      [2, 3],
      [1, 2],
    ]);
  });
});
