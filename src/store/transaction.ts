/**
 * Write transactions that are exact across processes: `BEGIN IMMEDIATE` on SQLite (the write lock is
 * taken up front, so two writers never both read and then race to upgrade), a normal transaction on
 * PostgreSQL (callers use row locks / SKIP LOCKED there). On SQLite the callback runs on the one
 * connection while Kysely's mutex is held, so raw better-sqlite3 statements inside it are safe too.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { SqliteStore, Store } from './database.js';
import type { Database } from './schema.js';
import { beginImmediateNoWait, inTurn } from './writerTurns.js';

export type Db = Kysely<Database> | Transaction<Database>;

/** PostgreSQL errors worth one more try: serialization failure, deadlock. */
const RETRYABLE_PG = new Set(['40001', '40P01']);

export interface WriteOptions {
  /** Retry on PostgreSQL deadlock/serialization failure (default true). Off when `fn` consumes a stream. */
  retry?: boolean;
}

export async function writeTransaction<T>(store: Store, fn: (db: Kysely<Database>) => Promise<T>, options: WriteOptions = {}): Promise<T> {
  if (store.dialect === 'sqlite') {
    // The write lock is taken without waiting on the connection, in turns with other processes (writerTurns.ts).
    const { out } = await inTurn(store.writerTurns, () =>
      store.db.connection().execute(async (conn) => {
        if (!beginImmediateNoWait(store.sqlite)) return null;
        try {
          const result = { out: await fn(conn) };
          await sql`COMMIT`.execute(conn);
          return result;
        } catch (e) {
          await sql`ROLLBACK`.execute(conn).catch(() => undefined);
          throw e;
        }
      }),
    );
    return out;
  }
  const run = () => store.db.transaction().execute((trx) => fn(trx));
  return options.retry === false ? run() : retryPostgresConflicts(run);
}

/** Run `attempt` again, up to five more times, while PostgreSQL aborts it for a serialization failure or a deadlock. */
export async function retryPostgresConflicts<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (tries < 5 && code && RETRYABLE_PG.has(code)) continue;
      throw e;
    }
  }
}

/**
 * Run `fn` holding the SQLite connection exclusively (no Kysely query can interleave), for hot paths
 * that use raw prepared statements. The caller opens its own transaction.
 */
export async function withSqliteConnection<T>(store: SqliteStore, fn: (raw: SQLite.Database) => T): Promise<T> {
  return store.db.connection().execute(async () => await fn(store.sqlite));
}
