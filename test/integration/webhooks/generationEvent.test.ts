/**
 * `generation.finished` on both databases: a generation job that ends (done, or cancelled) is reported
 * once to a subscribed endpoint, signed, with its end state and how its responses went. The model
 * endpoint is the OpenAI-compatible stand-in (test infrastructure).
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '../../../src/services/index.js';
import { cancelGenerationJob, createGenerationJob, parsePrompts, runGenerationJob } from '../../../src/services/models/generation.js';
import { addModelEndpoint, ModelGateway, setModelGateway } from '../../../src/services/models/index.js';
import { DeliveryWorker } from '../../../src/services/webhooks/deliveryWorker.js';
import { createWebhookEndpoint } from '../../../src/services/webhooks/endpoints.js';
import { addUser, asActor, harness, type Harness } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';
import { startReceiver, type Receiver } from '../../support/webhookReceiver.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-webhook-generation';
const prompts = (n: number) =>
  parsePrompts(
    Array.from({ length: n }, (_, i) => JSON.stringify({ id: `p${i}`, domain: 'general', prompt: `question ${i}` })).join('\n'),
    'prompts.jsonl',
  );

describe.each(testDatabases())('generation.finished on $name', ({ freshUrl }) => {
  let h: Harness;
  let standIn: StandIn;
  let receiver: Receiver;
  afterEach(async () => {
    await receiver.close();
    await standIn.close();
    await h.close();
  });

  it('reports a job that ends, once, with its state and its responses', async () => {
    standIn = await startOpenAiStandIn({ apiKey: API_KEY, respond: (b) => `${b.model} says hello` });
    h = await harness(await freshUrl());
    setModelGateway(h.store, new ModelGateway(h.store, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } }));
    const ctx = { ...h.ctx, now: Date.now };
    const admin = asActor(await addUser(h, { email: 'admin@example.org', role: 'admin' }));
    for (const [name, model] of [
      ['m1', 'alpha'],
      ['m2', 'beta'],
    ])
      await addModelEndpoint(ctx, admin, {
        name,
        baseUrl: standIn.baseUrl,
        model,
        apiKey: API_KEY,
        priceInputPerMillion: 1,
        priceOutputPerMillion: 2,
        maxConcurrency: 2,
      });
    const project = await createProject(ctx, admin, { name: 'Generated', type: 'preference', domains: ['general'] });
    receiver = await startReceiver();
    receiver.secret = (
      await createWebhookEndpoint(ctx, admin, { url: receiver.url, events: ['generation.finished'], projectId: project.id })
    ).secret;
    const worker = new DeliveryWorker(ctx);

    const done = await createGenerationJob(ctx, admin, project.id, prompts(3), { models: ['m1', 'm2'] });
    await worker.runOnce();
    expect(receiver.received).toHaveLength(0); // queued: nothing ended yet
    expect(await runGenerationJob(ctx, done)).toMatchObject({ state: 'done', done: 6 });
    const cancelled = await createGenerationJob(ctx, admin, project.id, prompts(1), { models: ['m1', 'm2'] });
    await cancelGenerationJob(ctx, admin, cancelled);
    await runGenerationJob(ctx, done); // running a finished job again reports nothing new
    await worker.runOnce();

    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // Sent side by side: they may arrive in either order.
    const events = receiver.received.map((r) => [r.body.type, r.body.data] as const);
    expect(events.sort((x, y) => Number(x[1].jobId) - Number(y[1].jobId))).toEqual([
      [
        'generation.finished',
        { jobId: done, projectId: project.id, state: 'done', error: null, responses: { done: 6, failed: 0, pending: 0 } },
      ],
      [
        'generation.finished',
        { jobId: cancelled, projectId: project.id, state: 'cancelled', error: null, responses: { done: 0, failed: 0, pending: 2 } },
      ],
    ]);
  });
});
