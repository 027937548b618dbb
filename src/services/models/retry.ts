/**
 * When a failed model call is worth another try, and how long to wait first: 429, 5xx and timeouts
 * (and lost connections) are retried with exponential backoff and jitter; a `retry-after` (or
 * `retry-after-ms`) from the server wins over the backoff, up to `maxRetryAfterMs`.
 */
import { APIConnectionError, APIError } from 'openai';

export interface RetryPolicy {
  /** Attempts after the first (default 4). */
  maxRetries: number;
  /** The first backoff's ceiling; each retry doubles it (default 500 ms). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A longer retry-after than this is not waited for: the call fails instead (default 60 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

export function isRetryable(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true; // includes APIConnectionTimeoutError
  if (error instanceof APIError) return error.status === 429 || error.status === 408 || (error.status !== undefined && error.status >= 500);
  return false;
}

/** What the server asked us to wait, in ms, or null when it did not say. */
export function retryAfterMs(error: unknown, now: number): number | null {
  if (!(error instanceof APIError) || !error.headers) return null;
  const ms = Number(error.headers.get('retry-after-ms'));
  if (error.headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = error.headers.get('retry-after');
  if (value === null) return null;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (0-based), or null to give up. "Equal jitter": half the
 * exponential ceiling plus a random half, so callers that failed together do not retry together.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  error: unknown,
  now: number,
  random: () => number = Math.random,
): number | null {
  if (retry >= policy.maxRetries || !isRetryable(error)) return null;
  const asked = retryAfterMs(error, now);
  if (asked !== null) return asked <= policy.maxRetryAfterMs ? asked : null;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return ceiling / 2 + random() * (ceiling / 2);
}
