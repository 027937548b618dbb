/**
 * The model worker (services/models/sdkThread.ts, sdkWorker.ts): the openai SDK's requests are made
 * in a worker thread, never on the main thread; its errors come back as the SDK's own classes (so the
 * retry rule reads a 429's retry-after, a timeout, a lost connection as before); a worker killed with
 * a call in flight costs that call a retry on a new worker; and the API key never comes back in an
 * error, even from a server that echoes it. Against the stand-in server (test infrastructure) and a
 * small server of odd replies, on both databases where the gateway is involved.
 */
import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { APIConnectionError, APIConnectionTimeoutError, InternalServerError, RateLimitError } from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addModelEndpoint,
  findModelEndpoint,
  ModelCallError,
  ModelGateway,
  modelGateway,
  setModelGateway,
} from '../../../src/services/models/index.js';
import { retryDelayMs } from '../../../src/services/models/retry.js';
import { SdkThread, sdkThread } from '../../../src/services/models/sdkThread.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness } from '../../support/fixtures.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';

const API_KEY = 'sk-worker-test-0123456789abcdef';
const FAST = { retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 } };
const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hi' }] });

/** Replies no well-behaved server sends: the bearer key echoed back, a body that is not JSON. */
async function startOddServer(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { model } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string };
      const bearer = req.headers.authorization ?? '';
      if (model === 'echo-key') {
        res.writeHead(401, { 'content-type': 'application/json', 'x-echo': bearer });
        return res.end(JSON.stringify({ error: { message: `${bearer} is not a key we know`, type: 'auth' } }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "cut short');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let standIn: StandIn;
let odd: Awaited<ReturnType<typeof startOddServer>>;

beforeAll(async () => {
  standIn = await startOpenAiStandIn({ apiKey: API_KEY });
  odd = await startOddServer();
});
afterAll(async () => {
  await standIn.close();
  await odd.close();
});

describe('the model worker thread', () => {
  const thread = new SdkThread();
  afterAll(() => thread.stop());
  const lane = (id: number, baseUrl = standIn.baseUrl, timeoutMs = 10_000) => ({ lane: id, baseUrl, timeoutMs, apiKey: API_KEY });

  it('makes the HTTP requests in a worker thread: the main thread starts none', async () => {
    const origin = new URL(standIn.baseUrl).origin;
    const onMain: string[] = [];
    const seen = (message: unknown) => {
      const r = (message as { request: { origin: string } }).request;
      if (r.origin === origin) onMain.push(r.origin);
    };
    subscribe('undici:request:create', seen);
    try {
      // The channel does see a request made on this thread, so the count below can tell.
      await (await request(`${origin}/health`)).body.dump();
      expect(onMain).toHaveLength(1);
      const before = standIn.requests.length;
      const replies = await Promise.all(Array.from({ length: 10 }, () => thread.call(lane(1), ask('m'))));
      expect(replies.map((r) => r.model)).toEqual(Array(10).fill('m'));
      expect(replies[0].text).toMatch(/^stand-in reply to "hi"/);
      expect(replies[0].inputTokens).toBeGreaterThan(0);
      expect(standIn.requests.length - before).toBe(10);
      expect(onMain).toHaveLength(1);
      expect(thread.threadId).not.toBeNull();
      expect(thread.threadId).not.toBe(threadId);
    } finally {
      unsubscribe('undici:request:create', seen);
    }
  });

  it("rebuilds an HTTP error as the SDK's class with its status, message and headers, so retry-after is read", async () => {
    standIn.inject({ kind: 'status', status: 429, retryAfter: '0.3' }, { kind: 'status', status: 500 });
    const limited = await thread.call(lane(1), ask('m')).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).status).toBe(429);
    expect((limited as RateLimitError).message).toBe('429 injected 429');
    expect((limited as RateLimitError).headers?.get('retry-after')).toBe('0.3');
    const policy = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 };
    expect(retryDelayMs(policy, 0, limited, Date.now())).toBe(300);
    const failed = await thread.call(lane(1), ask('m')).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InternalServerError);
    expect((failed as InternalServerError).error).toMatchObject({ message: 'injected 500' });
  });

  it('a reply slower than the timeout is a timeout, a refused port a connection error, a broken body a plain error', async () => {
    standIn.inject({ kind: 'slow', delayMs: 1_000 });
    await expect(thread.call(lane(2, standIn.baseUrl, 100), ask('m'))).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await thread.call(lane(3, `http://127.0.0.1:${port}/v1`), ask('m')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(APIConnectionError);
    expect(refused).not.toBeInstanceOf(APIConnectionTimeoutError);
    const broken = await thread.call(lane(4, odd.baseUrl), ask('broken')).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(Error);
    expect(broken).not.toBeInstanceOf(APIConnectionError);
    expect((broken as Error).name).toBe('SyntaxError');
    expect(retryDelayMs(FAST.retry, 0, broken, Date.now())).toBeNull();
  });

  it('never sends the key back: not in the message, the error body, nor a header', async () => {
    const error = await thread.call(lane(5, odd.baseUrl), ask('echo-key')).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(401);
    const whole = JSON.stringify({
      message: (error as Error).message,
      body: (error as { error?: unknown }).error,
      headers: [...((error as { headers?: Headers }).headers?.entries() ?? [])],
    });
    expect(whole).toContain('[redacted]');
    expect(whole).not.toContain(API_KEY);
  });

  it('holds a process open while a call is in flight and lets it exit once idle', async () => {
    const script = join(import.meta.dirname, '../../support/models/oneCallProcess.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, standIn.baseUrl, API_KEY], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // Killed only if it hangs, which the exit code then shows.
    const hung = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(hung);
    expect({ code, output }).toEqual({ code: 0, output: 'stand-in reply to "hi" from one-call\n' });
  });
});

describe.each(testDatabases())('the gateway over the model worker on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Awaited<ReturnType<typeof addUser>>;
  const register = async (name: string, extra: object = {}) => {
    const { id } = await addModelEndpoint(h.ctx, admin, {
      name,
      baseUrl: standIn.baseUrl,
      model: 'stand-in',
      apiKey: API_KEY,
      priceInputPerMillion: 1,
      priceOutputPerMillion: 2,
      ...extra,
    });
    return findModelEndpoint(h.ctx, id);
  };
  const call = (endpoint: Awaited<ReturnType<typeof register>>) =>
    modelGateway(h.store).chat(h.ctx, endpoint, { messages: [{ role: 'user', content: 'hi' }] }, { purpose: 'test', projectId: null });
  const rowsOf = (endpointId: number) =>
    h.store.db.selectFrom('model_calls').select(['status', 'attempts', 'error']).where('endpoint_id', '=', endpointId).execute();

  beforeAll(async () => {
    h = await harness(await freshUrl());
    setModelGateway(h.store, new ModelGateway(h.store, FAST));
    admin = await addUser(h.store, { role: 'admin' });
  });
  afterAll(() => h.close());

  it('a worker killed with a call in flight: the call retries on a new worker and succeeds, one row', async () => {
    const endpoint = await register('killed');
    await call(endpoint); // the worker is up and knows the lane
    const first = sdkThread().threadId;
    const arrived = standIn.requests.length;
    standIn.inject({ kind: 'slow', delayMs: 1_000 });
    const reply = call(endpoint);
    await vi.waitFor(() => expect(standIn.requests.length).toBe(arrived + 1), { timeout: 5_000, interval: 5 });
    await sdkThread().stop();
    await expect(reply).resolves.toMatchObject({ attempts: 2 });
    expect(sdkThread().threadId).not.toBeNull();
    expect(sdkThread().threadId).not.toBe(first);
    expect(await rowsOf(endpoint.id)).toEqual([
      { status: 'ok', attempts: 1, error: null },
      { status: 'ok', attempts: 2, error: null },
    ]);
  });

  it('a malformed reply is handed back as text; a server echoing the key fails without it anywhere', async () => {
    const endpoint = await register('malformed');
    standIn.inject({ kind: 'malformed' });
    await expect(call(endpoint)).resolves.toMatchObject({ text: '{"choice": ', attempts: 1 });

    const echo = await register('echo', { baseUrl: odd.baseUrl, model: 'echo-key' });
    const failed = await call(echo).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ModelCallError);
    expect((failed as Error).message).toMatch(/HTTP 401: 401 Bearer \[redacted\] is not a key we know/);
    const [row] = await rowsOf(echo.id);
    expect(row.status).toBe('failed');
    expect(row.error).toContain('[redacted]');
    expect(`${(failed as Error).message} ${row.error}`).not.toContain(API_KEY);
  });
});
