/**
 * The outbox's claims and records on both databases: two workers (two stores, as two server processes
 * would have) sharing one outbox never send a delivery twice; a claim left by a worker that died before
 * recording lapses and the delivery goes out again under the same id; one batch's mixed outcomes are
 * recorded together, each on its own row; on PostgreSQL an idle worker sleeps and is woken by a notice.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../src/services/context.js';
import { DeliveryWorker, messageId } from '../../../src/services/webhooks/deliveryWorker.js';
import { createWebhookEndpoint, redeliverWebhook } from '../../../src/services/webhooks/endpoints.js';
import { backgroundDb } from '../../../src/store/backgroundDb.js';
import { openStore, type Store } from '../../../src/store/database.js';
import { claimDueDeliveries, enqueueEvent, recordAttempts } from '../../../src/store/repositories/webhookOutbox.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness } from '../../support/fixtures.js';
import { startReceiver, type Receiver } from '../../support/webhookReceiver.js';

describe.each(testDatabases())('webhook claims on $name', ({ freshUrl }) => {
  let h: Harness;
  let second: Store | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await second?.close();
    second = undefined;
    await h?.close();
  });

  /** An endpoint for `export.ready` and `n` such events in its outbox (as `exportProject` writes them). */
  async function outboxOf(n: number) {
    const url = await freshUrl();
    h = await harness(url);
    const ctx: ServiceContext = { ...h.ctx, now: Date.now };
    const admin = await addUser(h.store, { role: 'admin' });
    receiver = await startReceiver();
    const created = await createWebhookEndpoint(ctx, admin, { url: receiver.url, events: ['export.ready'] });
    receiver.secret = created.secret;
    for (let i = 0; i < n; i++) await enqueueEvent(h.store.db, 'export.ready', null, { format: 'annotations', rows: i }, Date.now());
    const ids = (await h.store.db.selectFrom('webhook_deliveries').select('id').orderBy('id').execute()).map((r) => r.id);
    return { url, ctx, ids };
  }

  it('two workers on one outbox send every delivery exactly once', async () => {
    const { url, ctx, ids } = await outboxOf(24);
    second = await openStore(url);
    const one = new DeliveryWorker(ctx, { batch: 3, loopShare: 1 });
    const two = new DeliveryWorker({ ...ctx, store: second }, { batch: 3, loopShare: 1 });
    const [a, b] = await Promise.all([one.runOnce(), two.runOnce()]);
    expect(a + b).toBe(24);
    const got = receiver!.received;
    expect(got.every((r) => r.verified)).toBe(true);
    expect(got.map((r) => r.id).sort()).toEqual(ids.map(messageId).sort());
    const attempts = await h.store.db.selectFrom('webhook_attempts').select('delivery_id').execute();
    expect(attempts.map((r) => r.delivery_id).sort((x, y) => x - y)).toEqual(ids);
    const rows = await h.store.db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'locked_until']).execute();
    expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1 && r.locked_until === null)).toBe(true);
  });

  it('a claim left by a worker that died lapses, and the delivery goes out again under the same id', async () => {
    const { ctx, ids } = await outboxOf(2);
    const claimedAt = Date.now();
    // The dead worker: it claimed both and never recorded anything.
    const claimed = await claimDueDeliveries(backgroundDb(h.store), h.store.dialect, claimedAt, 60_000, 10);
    expect(claimed.map((d) => [d.id, d.event, d.url, d.attempts])).toEqual(ids.map((id) => [id, 'export.ready', receiver!.url, 0]));
    expect(await new DeliveryWorker({ ...ctx, now: () => claimedAt + 1_000 }).runOnce()).toBe(0);
    expect(receiver!.received).toEqual([]);
    expect(await new DeliveryWorker({ ...ctx, now: () => claimedAt + 61_000 }).runOnce()).toBe(2);
    expect(receiver!.received.map((r) => r.id)).toEqual(ids.map(messageId));
    expect(receiver!.received.map((r) => r.body.data.rows)).toEqual([0, 1]);
  });

  it('records a batch of mixed outcomes together, each on its own delivery', async () => {
    const { ids } = await outboxOf(3);
    const db = backgroundDb(h.store);
    const [delivered, retried, dead] = ids as [number, number, number];
    const due = await h.store.db.selectFrom('webhook_deliveries').select('next_attempt_at').orderBy('id').execute();
    const dueAt = due.map((r) => r.next_attempt_at);
    expect(await claimDueDeliveries(db, h.store.dialect, Date.now(), 60_000, 10)).toHaveLength(3);
    await recordAttempts(db, h.store.dialect, [
      { deliveryId: delivered, at: 5_000, status: 204, error: null, latencyMs: 12, result: { kind: 'delivered' } },
      {
        deliveryId: retried,
        at: 5_001,
        status: 503,
        error: "the receiver answered 503 ('busy')",
        latencyMs: 40,
        result: { kind: 'retry', nextAttemptAt: 9_000 },
      },
      { deliveryId: dead, at: 5_002, status: null, error: 'the request failed: ECONNREFUSED', latencyMs: 3, result: { kind: 'dead' } },
    ]);
    const rows = await h.store.db
      .selectFrom('webhook_deliveries')
      .select([
        'id',
        'status',
        'attempts',
        'locked_until',
        'delivered_at',
        'next_attempt_at',
        'last_status',
        'last_error',
        'last_latency_ms',
      ])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        id: delivered,
        status: 'delivered',
        attempts: 1,
        locked_until: null,
        delivered_at: 5_000,
        next_attempt_at: dueAt[0],
        last_status: 204,
        last_error: null,
        last_latency_ms: 12,
      },
      {
        id: retried,
        status: 'pending',
        attempts: 1,
        locked_until: null,
        delivered_at: null,
        next_attempt_at: 9_000,
        last_status: 503,
        last_error: "the receiver answered 503 ('busy')",
        last_latency_ms: 40,
      },
      {
        id: dead,
        status: 'dead',
        attempts: 1,
        locked_until: null,
        delivered_at: null,
        next_attempt_at: dueAt[2],
        last_status: null,
        last_error: 'the request failed: ECONNREFUSED',
        last_latency_ms: 3,
      },
    ]);
    const log = await h.store.db
      .selectFrom('webhook_attempts')
      .select(['delivery_id', 'at', 'status', 'error', 'latency_ms'])
      .orderBy('id')
      .execute();
    expect(log).toEqual([
      { delivery_id: delivered, at: 5_000, status: 204, error: null, latency_ms: 12 },
      { delivery_id: retried, at: 5_001, status: 503, error: "the receiver answered 503 ('busy')", latency_ms: 40 },
      { delivery_id: dead, at: 5_002, status: null, error: 'the request failed: ECONNREFUSED', latency_ms: 3 },
    ]);
  });
});

describe.each(testDatabases().filter((d) => d.name === 'postgres'))(
  'the webhook worker on $name: its own connections, sleeping while idle',
  ({ freshUrl }) => {
    let h: Harness;
    let worker: DeliveryWorker | undefined;
    let receiver: Receiver | undefined;
    afterEach(async () => {
      await worker?.stop();
      await receiver?.close();
      await h?.close();
    });

    const asleep = async () => {
      for (let i = 0; i < 200; i++) {
        const { rows } = await sql<{ sleeping: number }>`SELECT sleeping FROM webhook_wakeup`.execute(h.store.db);
        if (rows[0]?.sleeping === 1) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the worker never went to sleep');
    };

    it("sends while every connection of the store's own pool is taken (tutors' requests never wait for it)", async () => {
      h = await harness(await freshUrl(), 2);
      const ctx: ServiceContext = { ...h.ctx, now: Date.now };
      const admin = await addUser(h.store, { role: 'admin' });
      receiver = await startReceiver();
      const created = await createWebhookEndpoint(ctx, admin, { url: receiver.url, events: ['annotation.submitted', 'export.ready'] });
      receiver.secret = created.secret;
      await enqueueEvent(h.store.db, 'export.ready', null, { format: 'annotations', rows: 3 }, Date.now());
      if (h.store.dialect !== 'postgres') throw new Error('PostgreSQL only');
      const held = [await h.store.pgPool.connect(), await h.store.pgPool.connect()];
      try {
        expect(h.store.pgPool.idleCount).toBe(0);
        expect(await new DeliveryWorker(ctx).runOnce()).toBe(1);
        expect(receiver.received.map((r) => r.body.data.rows)).toEqual([3]);
      } finally {
        for (const c of held) c.release();
      }
    });

    it('sleeps while nothing is due and wakes at a new delivery and at a redelivery, well before its 30 s backstop', async () => {
      h = await harness(await freshUrl());
      const ctx: ServiceContext = { ...h.ctx, now: Date.now };
      const admin = await addUser(h.store, { role: 'admin' });
      receiver = await startReceiver();
      const created = await createWebhookEndpoint(ctx, admin, { url: receiver.url, events: ['export.ready'] });
      receiver.secret = created.secret;
      worker = new DeliveryWorker(ctx, { pollMs: 100 });
      worker.start();
      await asleep();
      const woken = Date.now();
      await enqueueEvent(h.store.db, 'export.ready', null, { format: 'annotations', rows: 1 }, Date.now());
      const [first] = await receiver.waitFor(1, 10_000);
      expect(Date.now() - woken).toBeLessThan(10_000);
      await asleep(); // traffic stopped: after one more look it sleeps again
      const delivery = (await h.store.db.selectFrom('webhook_deliveries').select('id').executeTakeFirstOrThrow()).id;
      await redeliverWebhook(ctx, admin, delivery);
      const got = await receiver.waitFor(2, 10_000);
      expect(got.map((r) => r.id)).toEqual([first!.id, first!.id]);
      expect(got.every((r) => r.verified)).toBe(true);
    });
  },
);
