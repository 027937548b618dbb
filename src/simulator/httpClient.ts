/**
 * A small client for tutorloop's documented HTTP API (docs/api.md), for the simulator's `--url`
 * mode: JSON in and out, a session cookie or a bearer token, a timeout per call, and every call
 * timed into a `LoadMeter`. Node's own fetch (undici, keep-alive); no dependency.
 *
 * A non-success answer becomes an `HttpApiError` carrying the status and the server's error code
 * and message; a call that got no answer (refused, reset, timed out) is status `network`.
 *
 * Calls marked `retry` ride out a server restart or a database outage: a call with no answer, or a
 * 503, is sent again after a backoff (the server's `retry-after` when it gives one). `idempotent`
 * writes carry one `Idempotency-Key` for all their attempts, so a write whose answer was lost is
 * answered from the server's record instead of being done twice.
 */
import { randomUUID } from 'node:crypto';
import type { LoadMeter } from './load.js';

export type Auth = { bearer: string } | { cookie: string } | null;

export class HttpApiError extends Error {
  /** The server's `retry-after`, when it sent one. */
  retryAfterMs?: number;

  constructor(
    readonly op: string,
    readonly status: number | 'network',
    readonly code: string,
    message: string,
  ) {
    super(`${op}: ${status === 'network' ? 'no answer' : `HTTP ${status}`} (${code}): ${message}`);
    this.name = 'HttpApiError';
  }
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export interface CallOptions {
  auth?: Auth;
  /** A JSON body. */
  json?: unknown;
  /** A raw body with its content type (NDJSON imports). */
  raw?: { body: string; type: string };
  /** Statuses that are not errors for this call (default: any 2xx). */
  ok?: readonly number[];
  /** Retry on no answer or 503: `safe` for calls that may simply be repeated, `idempotent` to send an Idempotency-Key. */
  retry?: 'safe' | 'idempotent';
}

/** How long a retried call keeps trying, and the longest pause between two attempts. */
export const RETRY_BUDGET_MS = 60_000;
const MAX_BACKOFF_MS = 2_000;

export class HttpClient {
  readonly base: string;

  constructor(
    url: string,
    private readonly meter: LoadMeter,
    private readonly timeoutMs = 30_000,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RangeError(`not a URL: "${url}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new RangeError(`--url must be http:// or https://, got "${url}"`);
    this.base = parsed.origin + parsed.pathname.replace(/\/+$/, '');
  }

  async call(op: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    if (!options.retry) return this.once(op, method, path, options);
    const key = options.retry === 'idempotent' ? randomUUID() : undefined;
    const deadline = Date.now() + RETRY_BUDGET_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(op, method, path, options, key);
      } catch (e) {
        const retryable = e instanceof HttpApiError && (e.status === 'network' || e.status === 503);
        if (!retryable || Date.now() >= deadline) throw e;
        const hinted = e instanceof HttpApiError ? e.retryAfterMs : undefined;
        const backoff = Math.min(MAX_BACKOFF_MS, hinted ?? 50 * 2 ** attempt) * (0.5 + Math.random() / 2);
        await new Promise((r) => setTimeout(r, backoff));
      }
    }
  }

  private async once(op: string, method: string, path: string, options: CallOptions, idempotencyKey?: string): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const auth = options.auth;
    if (auth && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
    if (auth && 'cookie' in auth) headers.cookie = `tl_session=${auth.cookie}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.raw) {
      headers['content-type'] = options.raw.type;
      body = options.raw.body;
    }
    const t0 = performance.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.base + path, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (e) {
      this.meter.record(op, performance.now() - t0, 'network');
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new HttpApiError(
        op,
        'network',
        String(cause?.code ?? (e as Error).name),
        cause?.message ? `${(e as Error).message}: ${cause.message}` : (e as Error).message,
      );
    }
    this.meter.record(op, performance.now() - t0, res.status);
    let parsed: unknown = null;
    if (text.length > 0 && (res.headers.get('content-type') ?? '').includes('application/json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    } else if (text.length > 0) parsed = text;
    const ok = options.ok ? options.ok.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) {
      const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      const error = new HttpApiError(
        op,
        res.status,
        err?.code ?? 'http_error',
        err?.message ?? (typeof parsed === 'string' ? parsed.slice(0, 200) : res.statusText),
      );
      const retryAfter = Number(res.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) error.retryAfterMs = retryAfter * 1000;
      throw error;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** Signs in with email and password; returns the session cookie's value. */
  async signIn(op: string, email: string, password: string): Promise<string> {
    const answer = await this.call(op, 'POST', '/api/session', { json: { email, password } });
    for (const c of answer.headers.getSetCookie()) {
      const m = /^tl_session=([^;]+)/.exec(c);
      if (m) return m[1];
    }
    throw new HttpApiError(op, answer.status, 'no_cookie', 'signed in, but the server set no tl_session cookie');
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return out;
}
