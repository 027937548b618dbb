/**
 * Sends the outbox. Every server runs one worker: it claims due deliveries (a lease, so a crash mid-send
 * means a resend after the lease lapses, never a loss), signs each per the Standard Webhooks
 * specification (`webhook-id` is the delivery's message id on every attempt; `webhook-timestamp` and
 * `webhook-signature` are the attempt's), records the attempt, and schedules a retry with backoff or
 * declares the delivery dead. An endpoint whose latest deliveries all died is switched off, and admins
 * are told. Several servers on one PostgreSQL share the outbox (SKIP LOCKED).
 *
 * The database work is per batch, not per delivery, and on connections of its own (store/backgroundDb.ts),
 * because it competes with tutors for the same cores: one statement claims a batch and returns what
 * sending needs, one read per kind of subject renders it, one statement records every attempt.
 */
import { Webhook } from 'standardwebhooks';
import { notify } from '../../store/repositories/notifications.js';
import { type BackgroundDb, backgroundDb } from '../../store/backgroundDb.js';
import {
  type AttemptOutcome,
  claimDueDeliveries,
  type ClaimedDelivery,
  lastDeliveriesAllDead,
  nextDueAt,
  recordAttempts,
} from '../../store/repositories/webhookOutbox.js';
import { adminIds, updateEndpoint } from '../../store/repositories/webhooks.js';
import { writeTransaction } from '../../store/transaction.js';
import { type WebhookWakeup, webhookWakeupFor } from '../../store/webhookWakeup.js';
import { recordAudit } from '../audit.js';
import { reportFollowUpError, type ServiceContext } from '../context.js';
import { openSecret, type SecretPurpose } from '../secrets/secretBox.js';
import { renderWebhookBodies, type WebhookBody } from './payloads.js';
import { LoopShare } from './loopShare.js';
import { postWebhook } from './post.js';
import { DEFAULT_RETRY_DELAYS_MS, retryDelay } from './retries.js';

export interface DeliveryWorkerOptions {
  /** How long events gather before the worker looks (default 1 s): between looks while events come, after a notice, and the poll interval on SQLite. */
  pollMs?: number;
  /** How long one request may take (default 15 s). */
  timeoutMs?: number;
  /** Retry delays after each failure (default: the Standard Webhooks schedule, about a day). */
  retryDelaysMs?: readonly number[];
  /** Switch an endpoint off when this many of its latest deliveries died in a row (default 3). */
  disableAfterDead?: number;
  /** Deliveries sent at once (default 16). */
  batch?: number;
  /** The most of a busy event loop delivery may take (default 0.1); an idle loop it uses freely. */
  loopShare?: number;
}

interface Sent {
  delivery: ClaimedDelivery;
  attempt: AttemptOutcome;
  /** Time spent rendering and signing (the worker's own work, not the wait for the receiver). */
  workMs: number;
}

/** The longest an idle worker sleeps without a notice: the bound on a delivery whose notice was missed. */
const IDLE_BACKSTOP_MS = 30_000;

/** A sleep that keeps no process alive and that `interrupt` ends early. */
function unrefSleep(ms: number): { done: Promise<void>; interrupt: () => void } {
  let interrupt = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    interrupt = () => (clearTimeout(timer), resolve());
  });
  return { done, interrupt };
}

export const SECRET_PURPOSE: SecretPurpose = 'webhook-endpoint-secret';
export const messageId = (deliveryId: number) => `msg_${deliveryId}`;

export class DeliveryWorker {
  private running: Promise<void> | null = null;
  private wakeup: WebhookWakeup | undefined;
  private pause: { done: Promise<void>; interrupt: () => void } | undefined;
  // Only `stop` ends a drain: `runOnce` without `start` (tests, the CLI) sends the whole backlog.
  private stopped = false;
  private readonly o: Required<DeliveryWorkerOptions>;
  private readonly signers = new Map<string, Webhook>();
  private readonly share: LoopShare;
  /** The worker's own connections (PostgreSQL), so tutors' pool is never waited on. */
  private readonly db: BackgroundDb;

  constructor(
    private readonly ctx: ServiceContext,
    options: DeliveryWorkerOptions = {},
  ) {
    this.o = {
      pollMs: options.pollMs ?? 1000,
      timeoutMs: options.timeoutMs ?? 15_000,
      retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
      disableAfterDead: options.disableAfterDead ?? 3,
      batch: options.batch ?? 16,
      loopShare: options.loopShare ?? 0.1,
    };
    this.share = new LoopShare(this.o.loopShare);
    this.db = backgroundDb(ctx.store);
  }

  start(): void {
    this.stopped = false;
    this.wakeup = webhookWakeupFor(this.ctx.store, this.db);
    this.running = this.loop();
  }

  /** Stops sending and waits for the sends in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pause?.interrupt();
    await this.running;
    await this.wakeup?.close();
    this.wakeup = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const sent = await this.runOnce();
        if (this.stopped) break;
        // While events come, gather them for `pollMs` (batches, and no notice in tutors' commits); sleep once none came.
        if (sent > 0 || !this.wakeup) await this.rest(this.o.pollMs);
        else await this.sleepUntilDue();
      } catch (e) {
        reportFollowUpError(this.ctx, e, 'webhook delivery');
        await this.rest(this.o.pollMs);
      }
    }
  }

  /**
   * Nothing was due (PostgreSQL): sleep until a delivery is written (a notice, migration 032) or the
   * earliest retry falls due; a last look after saying so catches a delivery written meanwhile. So an
   * idle server runs three statements per 30 s backstop instead of one poll a second, and a first event
   * after a quiet spell waits `pollMs` as it did when the worker polled. While the listening connection is down it polls every `pollMs`, as on SQLite.
   */
  private async sleepUntilDue(): Promise<void> {
    if (!this.wakeup || !(await this.wakeup.sleep())) return this.rest(this.o.pollMs);
    if ((await this.runOnce()) > 0 || this.stopped) return;
    const next = await nextDueAt(this.db);
    const until = next === null ? IDLE_BACKSTOP_MS : Math.max(0, next - this.ctx.now());
    await this.rest(Math.min(until, IDLE_BACKSTOP_MS), this.wakeup);
    // Woken: let the events that follow the first gather for `pollMs`, as a poll would, and send them as one batch.
    await this.rest(this.o.pollMs);
  }

  /** Waits `ms` (or for a notice, given `wakeup`); `stop` cuts it short. */
  private async rest(ms: number, wakeup?: WebhookWakeup): Promise<void> {
    if (this.stopped) return;
    this.pause = wakeup ? wakeup.wait(ms) : unrefSleep(ms);
    await this.pause.done;
    this.pause = undefined;
  }

  /**
   * Sends every due delivery (repeating while a full batch came back); returns how many were attempted.
   * Between full batches it rests while tutors keep the event loop busy (`loopShare`).
   */
  async runOnce(): Promise<number> {
    let total = 0;
    const { dialect } = this.ctx.store;
    for (;;) {
      const now = this.ctx.now();
      const started = performance.now();
      const claimed = await claimDueDeliveries(this.db, dialect, now, this.o.timeoutMs * 2 + 5_000, this.o.batch);
      const bodies = claimed.length > 0 ? await renderWebhookBodies(this.db, claimed) : [];
      let workMs = performance.now() - started;
      const sent = await Promise.all(claimed.map((d, i) => this.send(d, bodies[i]!)));
      const recordStarted = performance.now();
      await recordAttempts(
        this.db,
        dialect,
        sent.map((s) => s.attempt),
      );
      // One look per endpoint however many of its deliveries died in this batch.
      const died = new Map(sent.filter((s) => s.attempt.result.kind === 'dead').map((s) => [s.delivery.endpoint_id, s]));
      for (const s of died.values()) await this.switchOffIfFailing(s);
      workMs += performance.now() - recordStarted + sent.reduce((sum, s) => sum + s.workMs, 0);
      total += claimed.length;
      if (claimed.length < this.o.batch || this.stopped) return total;
      await this.share.rest(workMs);
    }
  }

  /** Opening a sealed secret costs a decryption: keep each endpoint's signer while its sealed secret is unchanged (a rotation seals a new one). */
  private signer(sealed: string): Webhook {
    let signer = this.signers.get(sealed);
    if (!signer) {
      if (this.signers.size >= 1000) this.signers.clear();
      signer = new Webhook(openSecret(sealed, SECRET_PURPOSE));
      this.signers.set(sealed, signer);
    }
    return signer;
  }

  private async send(d: ClaimedDelivery, rendered: WebhookBody): Promise<Sent> {
    const started = performance.now();
    const at = this.ctx.now();
    let status: number | null = null;
    let error: string | null = null;
    let workMs = 0;
    try {
      const body = JSON.stringify(rendered);
      const id = messageId(d.id);
      const signature = this.signer(d.secret_enc).sign(id, new Date(at), body);
      workMs = performance.now() - started;
      status = await postWebhook(
        d.url,
        {
          'content-type': 'application/json',
          'user-agent': 'tutorloop-webhooks',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at / 1000)),
          'webhook-signature': signature,
        },
        body,
        this.o.timeoutMs,
      );
      if (status < 200 || status > 299) error = `the receiver answered ${status}`;
    } catch (e) {
      error = describeFailure(e);
    }
    const latencyMs = Math.round(performance.now() - started);
    const attempts = d.attempts + 1;
    const delay = error === null ? null : retryDelay(attempts, this.o.retryDelaysMs);
    const result =
      error === null
        ? ({ kind: 'delivered' } as const)
        : delay === null
          ? ({ kind: 'dead' } as const)
          : ({ kind: 'retry', nextAttemptAt: at + delay } as const);
    return { delivery: d, attempt: { deliveryId: d.id, at, status, error, latencyMs, result }, workMs };
  }

  /** A delivery died: when its endpoint's latest deliveries all did, switch it off (admins told, audited). Rare: one transaction. */
  private async switchOffIfFailing({ delivery: d, attempt }: Sent): Promise<void> {
    await writeTransaction(this.ctx.store, async (db) => {
      if (!(await lastDeliveriesAllDead(db, d.endpoint_id, this.o.disableAfterDead))) return;
      const at = attempt.at;
      const reason = `switched off after ${this.o.disableAfterDead} deliveries in a row failed every retry (last: ${attempt.error})`;
      const switched = await updateEndpoint(db, d.endpoint_id, { enabled: false, disabledReason: reason, at });
      if (!switched) return;
      for (const userId of await adminIds(db))
        await notify(db, {
          userId,
          kind: 'webhook.disabled',
          message: `Webhook endpoint ${d.url} was ${reason}.`,
          detail: { endpointId: d.endpoint_id },
          at,
        });
      await recordAudit(db, {
        actorId: null,
        action: 'webhook.disable',
        targetType: 'webhook',
        targetId: d.endpoint_id,
        detail: { reason },
        at,
      });
    });
  }
}

function describeFailure(e: unknown): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'the receiver did not answer in time';
  const code = (e as { code?: string }).code;
  return `the request failed: ${code ?? (e instanceof Error ? e.message : String(e))}`;
}
