/**
 * Background work's own database connections (the webhook outbox worker). On PostgreSQL it gets a
 * pool of two connections next to the store's: a burst of deliveries never takes a connection a
 * tutor's request is waiting for, nor waits behind tutors for one. On SQLite there is one connection
 * and nothing to separate: the store's own is returned.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { outageReporter, rideOutOutages, storeFailureOf } from './outage.js';
import { PG_SESSION_OPTIONS } from './pgSession.js';
import type { Database } from './schema.js';

/** The part of a store this needs (not the store type itself: database.ts imports this module). */
type Store = { dialect: 'sqlite'; db: Kysely<Database> } | { dialect: 'postgres'; db: Kysely<Database>; pgPool: pg.Pool };

/** Two: the worker runs one statement at a time; the second covers the rare follow-up (switching an endpoint off). */
const CONNECTIONS = 2;
const opened = new WeakMap<object, Kysely<Database>>();

export type BackgroundDb = Kysely<Database>;

export function backgroundDb(store: Store): BackgroundDb {
  if (store.dialect === 'sqlite') return store.db;
  let db = opened.get(store);
  if (!db) {
    const pool = new pg.Pool({
      connectionString: store.pgPool.options.connectionString,
      max: CONNECTIONS,
      connectionTimeoutMillis: 10_000,
      options: PG_SESSION_OPTIONS,
    });
    const say = outageReporter();
    rideOutOutages(pool, (err) =>
      say(storeFailureOf(err) ?? { status: 503, message: 'a database connection failed', retryAfterSeconds: 2 }, err),
    );
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    opened.set(store, db);
  }
  return db;
}

/** Closes the background connections (the store is closing). */
export async function closeBackgroundDb(store: object): Promise<void> {
  const db = opened.get(store);
  opened.delete(store);
  await db?.destroy();
}
