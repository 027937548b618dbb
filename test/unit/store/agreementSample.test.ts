/** The Quality page's sampled task ids, named by residue (dashboards.ts), are exactly those the sampling rule keeps. */
import { describe, expect, it } from 'vitest';
import { SAMPLE_MOD, sampledIdsAfter } from '../../../src/store/repositories/dashboards.js';

const kept = (id: number, keep: number) => ((id % SAMPLE_MOD) * 7919) % SAMPLE_MOD < keep;

function byFilter(after: number, last: number, keep: number, n: number): number[] {
  const out: number[] = [];
  for (let id = after + 1; id <= last && out.length < n; id++) if (kept(id, keep)) out.push(id);
  return out;
}

describe('sampledIdsAfter', () => {
  it.each([
    [0, 5_000, 16, 500],
    [0, 5_000, 16, 7],
    [1, 2_999, 1, 100],
    [999, 1_000_000, 16, 500],
    [271_183, 400_000, 250, 500],
    [123_456, 123_999, 999, 1_000],
    [4_000, 4_000, 16, 10],
    [10_000, 9_000, 16, 10],
  ])('after %i, up to %i, keep %i, %i at most: the ids the filter keeps, in order', (after, last, keep, n) => {
    const ids = sampledIdsAfter(after, last, keep, n);
    expect(ids).toEqual(byFilter(after, last, keep, n));
  });

  it('pages through a range with the last id as the next start, and meets every kept id once', () => {
    const seen: number[] = [];
    for (let after = 0, ids = sampledIdsAfter(after, 50_000, 16, 37); ids.length > 0; ids = sampledIdsAfter(after, 50_000, 16, 37)) {
      seen.push(...ids);
      after = ids[ids.length - 1];
    }
    expect(seen).toEqual(byFilter(0, 50_000, 16, Number.POSITIVE_INFINITY));
    expect(seen.length).toBe(50 * 16);
  });
});
