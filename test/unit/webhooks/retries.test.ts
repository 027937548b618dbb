import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_DELAYS_MS, retryDelay } from '../../../src/services/webhooks/retries.js';

describe('webhook retry schedule', () => {
  it('backs off per the Standard Webhooks schedule, a little over a day in all, then gives up', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, DEFAULT_RETRY_DELAYS_MS, middle))).toEqual([...DEFAULT_RETRY_DELAYS_MS]);
    expect(retryDelay(8)).toBeNull();
    const total = DEFAULT_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(24 * 3600_000);
    expect(total).toBeLessThan(30 * 3600_000);
  });

  it('jitters each delay by at most 10%', () => {
    expect(retryDelay(2, DEFAULT_RETRY_DELAYS_MS, () => 0)).toBe(270_000);
    expect(retryDelay(2, DEFAULT_RETRY_DELAYS_MS, () => 0.999_999)).toBe(330_000);
  });
});
