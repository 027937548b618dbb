/**
 * Model endpoints end to end on both databases, with the real `openai` SDK client against the
 * stand-in server (test infrastructure): the key is sealed at rest and never leaves the server,
 * the test call, retries (429 with retry-after, 500, timeouts), limits measured by the stand-in,
 * per-call accounting, the project budget, and the audit trail.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExhaustedError } from '../../../src/domain/models.js';
import { createProject } from '../../../src/services/index.js';
import {
  findModelEndpoint,
  ModelCallError,
  ModelGateway,
  modelGateway,
  setModelBudget,
  setModelGateway,
} from '../../../src/services/models/index.js';
import { openSecret } from '../../../src/services/secrets/secretBox.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = `sk-secret-${randomBytes(8).toString('hex')}`;
/** Short waits so retries cost milliseconds; the policy's shape is what is under test. */
const FAST = { retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 }, rateWindowMs: 400 };

describe.each(testDatabases())('model endpoints on $name', ({ freshUrl }) => {
  let h: Harness;
  let admin: Person;
  let manager: Person;
  let cookie: string;
  let standIn: StandIn;
  const logs: string[] = [];
  const bodies: string[] = [];

  const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, as = cookie) => {
    const res = await h.app.inject({ method, url, payload, cookies: { tl_session: as } });
    bodies.push(res.body);
    return res;
  };
  const register = async (name: string, extra: object = {}) => {
    const res = await api('POST', '/api/models', {
      name,
      baseUrl: standIn.baseUrl,
      model: 'stand-in-small',
      apiKey: API_KEY,
      priceInputPerMillion: 3,
      priceOutputPerMillion: 15,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().endpoint as { id: number; name: string };
  };
  const callsOf = (endpointId: number) =>
    h.store.db.selectFrom('model_calls').selectAll().where('endpoint_id', '=', endpointId).orderBy('id').execute();

  beforeAll(async () => {
    standIn = await startOpenAiStandIn({ apiKey: API_KEY });
    h = await harness(await freshUrl(), { logger: { level: 'trace', stream: { write: (line: string) => logs.push(line) } } });
    setModelGateway(h.store, new ModelGateway(h.store, FAST));
    admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    cookie = await signIn(h, admin);
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  it('stores the key sealed, answers without it, and the test call reaches the server with it', async () => {
    const endpoint = await register('primary');
    expect(endpoint).not.toHaveProperty('apiKey');
    const row = await h.store.db.selectFrom('model_endpoints').selectAll().where('id', '=', endpoint.id).executeTakeFirstOrThrow();
    expect(row.api_key_sealed).not.toContain(API_KEY);
    expect(openSecret(row.api_key_sealed, 'model-api-key')).toBe(API_KEY);

    const test = await api('POST', `/api/models/${endpoint.id}/test`);
    expect(test.statusCode, test.body).toBe(200);
    const result = test.json();
    expect(result).toMatchObject({ ok: true, reply: 'ready', error: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(standIn.keysSeen).toEqual(new Set([API_KEY]));
    // Stand-in usage: ceil(chars / 4) tokens: the prompt has 33 characters, "ready" 5.
    expect([result.inputTokens, result.outputTokens]).toEqual([9, 2]);
    expect(result.costUsd).toBeCloseTo((9 * 3 + 2 * 15) / 1e6, 12);

    const list = (await api('GET', '/api/models')).json();
    const listed = list.endpoints.find((e: { id: number }) => e.id === endpoint.id);
    expect(listed.usage).toEqual({ calls: 1, failedCalls: 0, inputTokens: 9, outputTokens: 2, costUsd: result.costUsd });
    expect(listed).not.toHaveProperty('apiKey');
  });

  it('refuses a duplicate name (409), a bad URL (400 naming baseUrl), and a manager (403)', async () => {
    await register('dup');
    const again = await api('POST', '/api/models', {
      name: 'dup',
      baseUrl: standIn.baseUrl,
      model: 'm',
      apiKey: 'k',
      priceInputPerMillion: 0,
      priceOutputPerMillion: 0,
    });
    expect(again.statusCode).toBe(409);
    const bad = await api('POST', '/api/models', {
      name: 'x',
      baseUrl: 'ftp://host',
      model: 'm',
      apiKey: 'k',
      priceInputPerMillion: 0,
      priceOutputPerMillion: 0,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems.map((p: { field: string }) => p.field)).toContain('baseUrl');
    const asManager = await api('GET', '/api/models', undefined, await signIn(h, manager));
    expect(asManager.statusCode).toBe(403);
  });

  it('retries a 429 after what retry-after asks, and a 500, recording one call with its attempts', async () => {
    const { id } = await register('flaky');
    const endpoint = await findModelEndpoint(h.ctx, id);
    const before = standIn.arrivals.length;
    standIn.inject({ kind: 'status', status: 429, retryAfter: '0.3' }, { kind: 'status', status: 500 });
    const reply = await modelGateway(h.store).chat(
      h.ctx,
      endpoint,
      { messages: [{ role: 'user', content: 'hi' }] },
      { purpose: 'test', projectId: null },
    );
    expect(reply.attempts).toBe(3);
    const [first, second] = standIn.arrivals.slice(before);
    expect(second - first).toBeGreaterThanOrEqual(290);
    const calls = await callsOf(id);
    expect(calls.map((c) => [c.status, c.attempts])).toEqual([['ok', 3]]);
  });

  it('retries a reply slower than the timeout, and records a call that keeps failing as failed', async () => {
    const { id } = await register('slow', { timeoutMs: 150 });
    const endpoint = await findModelEndpoint(h.ctx, id);
    standIn.inject({ kind: 'slow', delayMs: 1_000 });
    const reply = await modelGateway(h.store).chat(
      h.ctx,
      endpoint,
      { messages: [{ role: 'user', content: 'hi' }] },
      { purpose: 'test', projectId: null },
    );
    expect(reply.attempts).toBe(2);

    standIn.inject(...Array.from({ length: 4 }, () => ({ kind: 'status', status: 500 }) as const));
    const failed = modelGateway(h.store).chat(
      h.ctx,
      endpoint,
      { messages: [{ role: 'user', content: 'hi' }] },
      { purpose: 'test', projectId: null },
    );
    await expect(failed).rejects.toThrow(ModelCallError);
    await expect(failed).rejects.toThrow(/HTTP 500.*after 4 attempts/);
    const calls = await callsOf(id);
    expect(calls.map((c) => [c.status, c.attempts])).toEqual([
      ['ok', 2],
      ['failed', 4],
    ]);
    expect(calls[1].error).toMatch(/HTTP 500/);
  });

  it('never has more calls in flight than maxConcurrency, nor starts more than requestsPerMinute a window', async () => {
    const slowServer = await startOpenAiStandIn({ apiKey: API_KEY, latencyMs: 40 });
    try {
      const { id } = await register('limited', { baseUrl: slowServer.baseUrl, maxConcurrency: 3, requestsPerMinute: 1000 });
      const endpoint = await findModelEndpoint(h.ctx, id);
      const call = () =>
        modelGateway(h.store).chat(h.ctx, endpoint, { messages: [{ role: 'user', content: 'x' }] }, { purpose: 'test', projectId: null });
      await Promise.all(Array.from({ length: 12 }, call));
      expect(slowServer.maxInFlight()).toBe(3);

      const rate = await register('rated', { baseUrl: slowServer.baseUrl, maxConcurrency: 50, requestsPerMinute: 4 });
      const rated = await findModelEndpoint(h.ctx, rate.id);
      const from = slowServer.arrivals.length;
      await Promise.all(
        Array.from({ length: 8 }, () =>
          modelGateway(h.store).chat(h.ctx, rated, { messages: [{ role: 'user', content: 'x' }] }, { purpose: 'test', projectId: null }),
        ),
      );
      const arrivals = slowServer.arrivals.slice(from);
      // The window (400 ms here, a minute in production) lets 4 start; the other 4 wait for the next.
      expect(arrivals[7] - arrivals[0]).toBeGreaterThanOrEqual(FAST.rateWindowMs - 20);
      expect(arrivals[3] - arrivals[0]).toBeLessThan(FAST.rateWindowMs / 2);
    } finally {
      await slowServer.close();
    }
  });

  it("stops new calls once the project's budget is spent, saying so", async () => {
    const project = await createProject(h.ctx, asActor(manager), { name: 'Budgeted', type: 'preference', domains: ['general'] });
    const { id } = await register('pricey', { priceInputPerMillion: 1_000, priceOutputPerMillion: 1_000 });
    const endpoint = await findModelEndpoint(h.ctx, id);
    const set = await api('PUT', `/api/projects/${project.id}/model-budget`, { limitUsd: 0.02 });
    expect(set.json()).toEqual({ projectId: project.id, limitUsd: 0.02, spentUsd: 0 });
    const call = () =>
      modelGateway(h.store).chat(
        h.ctx,
        endpoint,
        { messages: [{ role: 'user', content: 'x'.repeat(40) }] },
        { purpose: 'generate', projectId: project.id },
      );
    // One call: 10 input tokens and a 20-token reply at $1000 per million = $0.03, over the cap.
    const first = await call();
    expect([first.inputTokens, first.outputTokens, first.costUsd]).toEqual([10, 20, 0.03]);
    const sent = standIn.requests.length;
    await expect(call()).rejects.toThrow(BudgetExhaustedError);
    await expect(call()).rejects.toThrow(/model budget is spent/);
    expect(standIn.requests.length).toBe(sent);
    const budget = (await api('GET', `/api/projects/${project.id}/model-budget`)).json();
    expect(budget.spentUsd).toBe(0.03);
    await setModelBudget(h.ctx, asActor(admin), project.id, { limitUsd: null });
    await expect(call()).resolves.toMatchObject({ attempts: 1 });
  });

  it('audits every change without the key, removes an endpoint, and never shows the key in an answer or a log line', async () => {
    const { id } = await register('doomed');
    expect((await api('DELETE', `/api/models/${id}`)).statusCode).toBe(204);
    expect((await api('POST', `/api/models/${id}/test`)).statusCode).toBe(404);
    const audit = (await api('GET', '/api/audit')).json().events as { action: string; detail: object }[];
    const actions = audit.map((e) => e.action);
    expect(actions).toContain('model.add');
    expect(actions).toContain('model.remove');
    expect(actions).toContain('model.budget');
    const added = audit.find((e) => e.action === 'model.add');
    expect(added?.detail).toMatchObject({ model: 'stand-in-small', priceInputPerMillion: 3 });
    expect(logs.length).toBeGreaterThan(10);
    for (const text of [...bodies, ...logs]) expect(text).not.toContain(API_KEY);
    const allAudit = await h.store.db.selectFrom('audit_log').select('detail').execute();
    for (const row of allAudit) expect(row.detail).not.toContain(API_KEY);
  });
});
