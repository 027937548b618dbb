/**
 * How an idle webhook worker learns that a delivery was written (PostgreSQL, migration 032): it says it
 * sleeps (`sleeping` on the one-row `webhook_wakeup`), and the next delivery written clears the flag and
 * notifies `tutorloop_webhooks` on this listening connection. While the connection is not listening
 * (starting, lost, reconnecting) `sleep` answers false and the worker polls as it would on SQLite.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { WEBHOOK_CHANNEL } from './migrations/032_webhook_wakeup.js';
import type { Store } from './database.js';
import type { Database } from './schema.js';

/** The wakeup of a worker on this store: PostgreSQL listens for notices; SQLite has none (its worker polls). */
export function webhookWakeupFor(store: Store, db: Kysely<Database>): WebhookWakeup | undefined {
  return store.dialect === 'postgres' ? new WebhookWakeup(store.pgPool.options.connectionString!, db) : undefined;
}

export class WebhookWakeup {
  private client: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private wake: (() => void) | undefined;
  /** A notice came while nobody waited (between `sleep` and `wait`): the next wait ends at once. */
  private heard = false;

  constructor(
    private readonly url: string,
    private readonly db: Kysely<Database>,
  ) {
    void this.listen();
  }

  /** Marks the worker asleep; false when no notice could reach it (poll instead). */
  async sleep(): Promise<boolean> {
    if (!this.listening) return false;
    this.heard = false;
    await sql`UPDATE webhook_wakeup SET sleeping = 1 WHERE sleeping = 0`.execute(this.db);
    return this.listening;
  }

  /** Resolves at the next notice, after `ms`, or when `interrupt` is called (whichever comes first). */
  wait(ms: number): { done: Promise<void>; interrupt: () => void } {
    let interrupt = () => {};
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => interrupt(), ms);
      timer.unref();
      interrupt = () => {
        clearTimeout(timer);
        this.heard = false;
        if (this.wake === interrupt) this.wake = undefined;
        resolve();
      };
      this.wake = interrupt;
      if (this.heard) interrupt();
    });
    return { done, interrupt };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    this.wake?.();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = undefined;
      this.wake?.(); // a sleeper must not wait on a connection that is gone
      client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen(), 1000).unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => {
      if (this.wake) this.wake();
      else this.heard = true;
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
      this.listening = true;
    } catch {
      lost();
    }
  }
}

/** Wakes every sleeping worker now (a delivery was made due by an update: redelivery, an endpoint switched on). */
export async function wakeWebhookWorkers(store: { dialect: 'sqlite' | 'postgres'; db: Kysely<Database> }): Promise<void> {
  if (store.dialect === 'postgres') await sql`SELECT pg_notify(${WEBHOOK_CHANNEL}, '')`.execute(store.db);
}
