/**
 * When a failed delivery is tried again: the Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h after the first try: a little over a day), with ±10% jitter so a receiver that comes back
 * is not hit by every retry at once. After the last, the delivery is dead (manual redelivery revives it).
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** The delay before attempt `attempts + 1` after `attempts` failed ones, or null when no retry is left. */
export function retryDelay(attempts: number, delays: readonly number[] = DEFAULT_RETRY_DELAYS_MS, random = Math.random): number | null {
  const base = delays[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}
