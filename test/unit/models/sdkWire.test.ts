/**
 * What crosses the model worker's thread boundary (sdkWire.ts): an SDK error, made plain data and
 * rebuilt, is the same class with the same status, message, body and headers (a structured clone in
 * between, as postMessage does); the key is taken out wherever it sits, whatever characters it has;
 * messages posted in one turn of the event loop go as one batch.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, AuthenticationError, InternalServerError, RateLimitError } from 'openai';
import { describe, expect, it } from 'vitest';
import { batchedPost, rebuildError, redacted, wireError } from '../../../src/services/models/sdkWire.js';
import { retryDelayMs } from '../../../src/services/models/retry.js';

const crossed = (error: unknown, key?: string) => rebuildError(structuredClone(wireError(error, key)));
const POLICY = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 60_000 };

describe('model errors across the worker boundary', () => {
  it('an HTTP error comes back as its own class, status, message, body and headers', () => {
    const original = APIError.generate(
      429,
      { error: { message: 'slow down', type: 'rate_limit', code: 'rl' } },
      undefined,
      new Headers({ 'retry-after-ms': '250', 'x-request-id': 'req-1' }),
    );
    const back = crossed(original) as RateLimitError;
    expect(back).toBeInstanceOf(RateLimitError);
    expect([back.status, back.message, back.code, back.requestID]).toEqual([429, '429 slow down', 'rl', 'req-1']);
    expect(back.error).toEqual({ message: 'slow down', type: 'rate_limit', code: 'rl' });
    expect(retryDelayMs(POLICY, 0, back, Date.now())).toBe(250);

    const plain = APIError.generate(502, undefined, 'Bad Gateway from the proxy', new Headers());
    const plainBack = crossed(plain);
    expect(plainBack).toBeInstanceOf(InternalServerError);
    expect(plainBack.message).toBe(plain.message);
  });

  it('a timeout stays a timeout and a lost connection a connection error, both retried; anything else is not', () => {
    const timeout = crossed(new APIConnectionTimeoutError());
    expect(timeout).toBeInstanceOf(APIConnectionTimeoutError);
    expect(timeout.message).toBe('Request timed out.');
    const lost = crossed(new APIConnectionError({ message: 'Connection error.' }));
    expect(lost).toBeInstanceOf(APIConnectionError);
    expect(lost).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(retryDelayMs(POLICY, 0, lost, Date.now())).not.toBeNull();
    const other = crossed(new SyntaxError('Unexpected end of JSON input'));
    expect([other.name, other.message]).toEqual(['SyntaxError', 'Unexpected end of JSON input']);
    expect(other).not.toBeInstanceOf(APIError);
    expect(retryDelayMs(POLICY, 0, other, Date.now())).toBeNull();
  });

  it('takes the key out of the message, the body and the headers, quotes and backslashes in it too', () => {
    const key = 'sk-"odd\\key"-42';
    const echoed = APIError.generate(
      401,
      { error: { message: `Bearer ${key} is unknown`, param: key } },
      undefined,
      new Headers({ 'x-echo': `Bearer ${key}` }),
    );
    const back = crossed(echoed, key) as AuthenticationError;
    expect(back).toBeInstanceOf(AuthenticationError);
    const whole = JSON.stringify([back.message, back.error, [...back.headers!.entries()]]);
    expect(whole).not.toContain('odd');
    expect(back.message).toBe('401 Bearer [redacted] is unknown');
    expect(back.headers?.get('x-echo')).toBe('Bearer [redacted]');
    expect(redacted({ a: 'no key here' }, key)).toEqual({ a: 'no key here' });
  });
});

describe('batched posts', () => {
  it('posts what was sent in one turn as one batch, and the next turn anew', async () => {
    const posted: number[][] = [];
    const post = batchedPost<number>((batch) => posted.push(batch));
    post(1);
    post(2);
    await Promise.resolve();
    post(3);
    expect(posted).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    post(4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(posted).toEqual([[1, 2, 3], [4]]);
  });
});
