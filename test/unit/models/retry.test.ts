/** Which failed model calls are retried and how long the client waits first. */
import { APIConnectionTimeoutError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isRetryable, retryAfterMs, retryDelayMs } from '../../../src/services/models/retry.js';

const httpError = (status: number, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message: 'x' } }, 'x', new Headers(headers));

describe('model call retries', () => {
  it('retries 429, 5xx, timeouts and lost connections, not 400 or 401', () => {
    expect(isRetryable(httpError(429))).toBe(true);
    expect(isRetryable(httpError(500))).toBe(true);
    expect(isRetryable(httpError(503))).toBe(true);
    expect(isRetryable(new APIConnectionTimeoutError())).toBe(true);
    expect(isRetryable(httpError(400))).toBe(false);
    expect(isRetryable(httpError(401))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });

  it('reads retry-after as seconds, as an HTTP date, and retry-after-ms', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterMs(httpError(429, { 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(httpError(429, { 'retry-after': new Date(now + 5000).toUTCString() }), now)).toBe(5000);
    expect(retryAfterMs(httpError(429, { 'retry-after-ms': '150' }), now)).toBe(150);
    expect(retryAfterMs(httpError(429), now)).toBeNull();
  });

  it('waits what the server asks, or gives up when it asks too long', () => {
    expect(retryDelayMs(DEFAULT_RETRY, 0, httpError(429, { 'retry-after': '3' }), 0)).toBe(3000);
    expect(retryDelayMs(DEFAULT_RETRY, 0, httpError(429, { 'retry-after': '3600' }), 0)).toBeNull();
  });

  it('backs off exponentially with jitter between half and all of the ceiling, then stops', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 4 };
    expect(retryDelayMs(p, 0, httpError(500), 0, () => 0)).toBe(50);
    expect(retryDelayMs(p, 0, httpError(500), 0, () => 1)).toBe(100);
    expect(retryDelayMs(p, 2, httpError(500), 0, () => 0.5)).toBe(300);
    expect(retryDelayMs(p, 3, httpError(500), 0, () => 1)).toBe(800);
    expect(retryDelayMs({ ...p, maxRetries: 10 }, 6, httpError(500), 0, () => 1)).toBe(1000);
    expect(retryDelayMs(p, 4, httpError(500), 0)).toBeNull();
    expect(retryDelayMs(p, 0, httpError(400), 0)).toBeNull();
  });
});
