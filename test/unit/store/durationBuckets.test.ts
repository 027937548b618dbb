/** Duration buckets (store/durationBuckets.ts): a median read from them is within 2.5 % of the exact one. */
import { describe, expect, it } from 'vitest';
import { bucketWidth, durationBucket, medianOfBuckets } from '../../../src/store/durationBuckets.js';

function histogram(values: number[]) {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(durationBucket(v), (counts.get(durationBucket(v)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([bucket, judgments]) => ({ bucket, judgments }));
}
const exactMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('duration buckets', () => {
  it('hold their values, at most 5 % wide from 100 ms up, one per millisecond below', () => {
    for (const v of [0, 1, 99, 100, 104, 105, 999, 1000, 1049, 1050, 65_432, 999_999, 3_600_000, 12_345_678]) {
      const b = durationBucket(v);
      expect(b).toBeLessThanOrEqual(v);
      expect(v).toBeLessThan(b + bucketWidth(b));
      if (v >= 100) expect(bucketWidth(b) / b).toBeLessThanOrEqual(0.05);
      else expect(bucketWidth(b)).toBe(1);
    }
  });

  it('give a median within 2.5 % of the exact one (exact below 100 ms), none for no judgments', () => {
    expect(medianOfBuckets([])).toBeNull();
    expect(medianOfBuckets(histogram([3, 7, 50]))).toBe(7);
    expect(medianOfBuckets(histogram([3, 7, 50, 90]))).toBe(29);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const xs = Array.from({ length: 1 + Math.floor(rand() * 50) }, () => Math.floor(100 + rand() * rand() * 600_000));
      const exact = exactMedian(xs);
      expect(Math.abs(medianOfBuckets(histogram(xs))! - exact)).toBeLessThanOrEqual(0.025 * exact + 1);
    }
  });
});
