/**
 * Webhooks end to end on both databases: events written by the triggers and by code, delivered by the
 * worker to a real receiver that verifies every signature, retries, the dead state, automatic switching
 * off, and manual redelivery under the same webhook-id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  exportProject,
  grantCertification,
  importTasks,
  nextAssignment,
  revokeCertification,
  submitAnnotation,
} from '../../../src/services/index.js';
import type { Actor, ServiceContext } from '../../../src/services/context.js';
import { DeliveryWorker } from '../../../src/services/webhooks/deliveryWorker.js';
import {
  createWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../../src/services/webhooks/endpoints.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';
import { startReceiver, type Receiver } from '../../support/webhookReceiver.js';

describe.each(testDatabases())('webhooks on $name', ({ freshUrl }) => {
  let h: Harness;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await h?.close();
  });

  async function world() {
    h = await harness(await freshUrl());
    // Real time: the receiver checks each signature's timestamp against its own clock.
    const ctx: ServiceContext = { ...h.ctx, now: Date.now };
    const admin = await addUser(h.store, { role: 'admin' });
    const tutor = await addUser(h.store);
    const project = await createProject(ctx, admin, { name: 'prefs', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0.5 });
    receiver = await startReceiver();
    return { ctx, admin, tutor, project };
  }

  /** Submits `n` tasks (fewer if the tutor runs out of work). */
  async function submitAll(ctx: ServiceContext, tutor: Actor, projectId: number, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const next = await nextAssignment(ctx, tutor, projectId);
      if (!next) return;
      await submitAnnotation(ctx, tutor, next!.assignment.id, { response: { choice: 'a' }, durationMs: 900 });
    }
  }

  it('delivers every subscribed event, signed, with pseudonyms only and nothing of gold', async () => {
    const { ctx, admin, tutor, project } = await world();
    const created = await createWebhookEndpoint(ctx, admin, {
      url: receiver!.url,
      events: [
        'annotation.submitted',
        'task.completed',
        'project.completed',
        'certification.granted',
        'certification.suspended',
        'export.ready',
        'import.finished',
      ],
    });
    receiver!.secret = created.secret;
    expect(created.secret).toMatch(/^whsec_/);
    const stored = await h.store.db.selectFrom('webhook_endpoints').select('secret_enc').executeTakeFirstOrThrow();
    expect(stored.secret_enc).not.toContain(created.secret.slice(6));

    await importTasks(ctx, admin, project.id, lines(preferenceLine('t1'), preferenceLine('t2'), preferenceLine('g1', { gold: 'a' })));
    await submitAll(ctx, tutor, project.id, 10);
    const goldAnswered = await h.store.db
      .selectFrom('annotations as a')
      .innerJoin('tasks as t', 't.id', 'a.task_id')
      .where('t.is_gold', '=', 1)
      .select('a.id')
      .execute();
    expect(goldAnswered).toHaveLength(1);
    await grantCertification(ctx, admin, tutor.id, { domain: 'general', level: 1 });
    await revokeCertification(ctx, admin, tutor.id, 'general', 'test');
    for await (const _ of await exportProject(ctx, project.id, 'annotations'));

    const worker = new DeliveryWorker(ctx);
    await worker.runOnce();
    const got = receiver!.received;
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got.map((r) => r.body.type).sort()).toEqual([
      'annotation.submitted',
      'annotation.submitted',
      'certification.granted',
      'certification.suspended',
      'export.ready',
      'import.finished',
      'project.completed',
      'task.completed',
      'task.completed',
    ]);
    const submitted = got.filter((r) => r.body.type === 'annotation.submitted').map((r) => r.body.data);
    expect(submitted.map((d) => d.taskId).sort()).toEqual(['t1', 't2']); // the gold task's answer never leaves
    for (const d of submitted) {
      expect(d.tutor).toMatch(/^t_[0-9a-f]{16}$/);
      expect(JSON.stringify(d)).not.toMatch(/userId|email/);
      expect(d.response).toMatchObject({ choice: 'a' });
    }
    expect(got.find((r) => r.body.type === 'export.ready')!.body.data).toMatchObject({
      projectId: project.id,
      format: 'annotations',
      rows: 2,
    });
    expect(got.find((r) => r.body.type === 'import.finished')!.body.data).toMatchObject({ projectId: project.id, imported: 3 });
    const deliveries = await listWebhookDeliveries(ctx, created.endpoint.id, { limit: 100 });
    expect(deliveries.every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastStatus === 200)).toBe(true);
    expect(new Set(got.map((r) => r.id))).toEqual(new Set(deliveries.map((d) => d.messageId)));
  });

  it('writes no outbox row when nobody subscribed, and a project endpoint hears only its project', async () => {
    const { ctx, admin, tutor, project } = await world();
    const other = await createProject(ctx, admin, { name: 'other', type: 'preference', domains: ['general'], overlap: 1 });
    await importTasks(ctx, admin, project.id, lines(preferenceLine('t1')));
    await submitAll(ctx, tutor, project.id, 1);
    expect(await h.store.db.selectFrom('webhook_deliveries').select('id').execute()).toEqual([]);

    const created = await createWebhookEndpoint(ctx, admin, { url: receiver!.url, projectId: other.id, events: ['annotation.submitted'] });
    receiver!.secret = created.secret;
    await importTasks(ctx, admin, project.id, lines(preferenceLine('t2')));
    await importTasks(ctx, admin, other.id, lines(preferenceLine('o1')));
    await submitAll(ctx, tutor, project.id, 1);
    await submitAll(ctx, tutor, other.id, 1);
    await new DeliveryWorker(ctx).runOnce();
    expect(receiver!.received.map((r) => [r.body.data.projectId, r.body.data.taskId])).toEqual([[other.id, 'o1']]);
  });

  it('retries with backoff, goes dead, switches the endpoint off with a notice, and redelivers under the same id', async () => {
    const { ctx, admin, tutor, project } = await world();
    const created = await createWebhookEndpoint(ctx, admin, { url: receiver!.url, events: ['annotation.submitted'] });
    receiver!.secret = created.secret;
    receiver!.status = 500;
    await importTasks(ctx, admin, project.id, lines(preferenceLine('t1')));
    await submitAll(ctx, tutor, project.id, 1);

    const worker = new DeliveryWorker(ctx, { retryDelaysMs: [0, 60_000], disableAfterDead: 1 });
    await worker.runOnce(); // attempt 1 fails, retry at once
    await worker.runOnce(); // attempt 2 fails, retry in a minute
    let [d] = await listWebhookDeliveries(ctx, created.endpoint.id, { limit: 10 });
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastStatus: 500 });
    expect(Date.parse(d.nextAttemptAt!) - Date.now()).toBeGreaterThan(45_000);
    await worker.runOnce(); // not due yet
    expect(receiver!.received).toHaveLength(2);

    const late = new DeliveryWorker({ ...ctx, now: () => Date.now() + 120_000 }, { retryDelaysMs: [0, 60_000], disableAfterDead: 1 });
    receiver!.secret = ''; // the late worker signs two minutes ahead: only the count matters here
    await late.runOnce(); // attempt 3 fails: no retries left
    [d] = await listWebhookDeliveries(ctx, created.endpoint.id, { limit: 10 });
    expect(d).toMatchObject({ status: 'dead', attempts: 3 });
    const [endpoint] = await listWebhookEndpoints(ctx);
    expect(endpoint).toMatchObject({ enabled: false, dead: 1 });
    expect(endpoint.disabledReason).toMatch(/failed every retry/);
    const notices = await h.store.db.selectFrom('notifications').select(['user_id', 'kind']).execute();
    expect(notices).toEqual([{ user_id: admin.id, kind: 'webhook.disabled' }]);

    receiver!.secret = created.secret;
    receiver!.status = 200;
    await redeliverWebhook(ctx, admin, d.id);
    await worker.runOnce();
    expect(receiver!.received).toHaveLength(3); // switched off: it waits
    await updateWebhookEndpoint(ctx, admin, created.endpoint.id, { enabled: true });
    await worker.runOnce();
    const last = receiver!.received.at(-1)!;
    expect(last).toMatchObject({ id: d.messageId, verified: true });
    expect(new Set(receiver!.received.map((r) => r.id))).toEqual(new Set([d.messageId]));
    const audit = await h.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'webhook.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.disable', 'webhook.redeliver', 'webhook.update']);
  });
});

describe.each(testDatabases())('webhook transport on $name', ({ freshUrl }) => {
  let h: Harness;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await h?.close();
  });

  it('names a receiver that hangs or refuses, and signs with the new secret after a rotation', async () => {
    h = await harness(await freshUrl());
    const ctx: ServiceContext = { ...h.ctx, now: Date.now };
    const admin = await addUser(h.store, { role: 'admin' });
    const tutor = await addUser(h.store);
    const project = await createProject(ctx, admin, { name: 'p', type: 'preference', domains: ['general'], overlap: 1 });
    await importTasks(ctx, admin, project.id, lines(preferenceLine('t1'), preferenceLine('t2'), preferenceLine('t3')));
    receiver = await startReceiver();
    const created = await createWebhookEndpoint(ctx, admin, { url: receiver.url, events: ['annotation.submitted'] });
    receiver.secret = created.secret;
    const worker = new DeliveryWorker(ctx, { timeoutMs: 300, retryDelaysMs: [0, 0, 0] });
    const lastError = async () => (await listWebhookDeliveries(ctx, created.endpoint.id, { limit: 1 }))[0];

    // The receiver hangs: the attempt ends at the timeout with a plain reason.
    receiver.hold = true;
    const first = await nextAssignment(ctx, tutor, project.id);
    await submitAnnotation(ctx, tutor, first!.assignment.id, { response: { choice: 'a' }, durationMs: 900 });
    await worker.runOnce();
    expect(await lastError()).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: null,
      lastError: 'the receiver did not answer in time',
    });

    // The receiver answers again, signed with the endpoint's secret; then the secret is rotated and the
    // next delivery verifies only with the new one (the worker keeps no stale signer).
    receiver.hold = false;
    await worker.runOnce();
    expect(receiver.received.at(-1)).toMatchObject({ verified: true });
    const rotated = await rotateWebhookSecret(ctx, admin, created.endpoint.id);
    receiver.secret = rotated.secret;
    const second = await nextAssignment(ctx, tutor, project.id);
    await submitAnnotation(ctx, tutor, second!.assignment.id, { response: { choice: 'b' }, durationMs: 900 });
    await worker.runOnce();
    expect(receiver.received.at(-1)).toMatchObject({ verified: true });
    expect(receiver.received.at(-1)!.body.data).toMatchObject({ response: { choice: 'b' } });

    // Nobody listens any more: the attempt names the refusal.
    await receiver.close();
    receiver = undefined;
    const third = await nextAssignment(ctx, tutor, project.id);
    await submitAnnotation(ctx, tutor, third!.assignment.id, { response: { choice: 'a' }, durationMs: 900 });
    await worker.runOnce();
    expect(await lastError()).toMatchObject({ status: 'pending', attempts: 1, lastError: 'the request failed: ECONNREFUSED' });
  });
});
