/**
 * Opening a store: the one place that builds a Kysely instance for either dialect and
 * brings the schema up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { closeBackgroundDb } from './backgroundDb.js';
import { setCacheListenUrl, stopCacheWatch } from './cacheGenerations.js';
import { BACKSTOP_PAGES, WAL_LIMIT_BYTES, startCheckpointer } from './checkpointer.js';
import { guardWalBackstop } from './walBackstop.js';
import { openWalIndex } from './walIndex.js';
import { openWriterTurns, type WriterTurns } from './writerTurns.js';
import { parseDbUrl, type Dialect } from './dialect.js';
import { cachedStatements } from './statementCache.js';
import { migrationProvider } from './migrations/index.js';
import { outageReporter, rideOutOutages, storeFailureOf } from './outage.js';
import { PG_SESSION_OPTIONS } from './pgSession.js';
import type { Database } from './schema.js';

// int8 (bigint) columns hold millisecond timestamps and counts, all well inside 2^53: read them as numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

interface StoreBase {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * A store on SQLite. The raw better-sqlite3 handle serves the hot paths that need prepared
 * statements (routing, bulk import, auth lookups); reach it only after narrowing on `dialect`.
 */
export interface SqliteStore extends StoreBase {
  dialect: 'sqlite';
  sqlite: SQLite.Database;
  /** Turns at the write lock with other processes on the same file. */
  writerTurns: WriterTurns;
  /** Not on this database: present only so that reading it without narrowing gives `undefined`, never a pool. */
  pgPool?: never;
}

/** A store on PostgreSQL, with the raw pg pool for hot paths that need it. */
export interface PostgresStore extends StoreBase {
  dialect: 'postgres';
  pgPool: pg.Pool;
  /** Not on this database (see SqliteStore.pgPool). */
  sqlite?: never;
}

/** One type per database: narrow on `dialect` to reach a driver's handle, so misuse fails to compile. */
export type Store = SqliteStore | PostgresStore;

export interface OpenStoreOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Max PostgreSQL connections in the pool (default 20). */
  poolSize?: number;
  /**
   * SQLite file: checkpoint the WAL from a worker thread instead of inside a request's COMMIT
   * (default false; `serve` turns it on). See checkpointer.ts.
   */
  backgroundCheckpoint?: boolean;
  /**
   * SQLite file: another store of this process checkpoints the WAL in the background (`serve`'s heavy-read
   * worker, beside the server's own store). Commits here then checkpoint only past the backstop, as the
   * server's own do, not every 1,000 pages (SQLite's default: ~3.5 s of a 1M-task consensus batch).
   */
  checkpointedElsewhere?: boolean;
  /**
   * Refuse a database this process cannot write (error code SQLITE_READONLY): SQLite opens a file it
   * cannot write read-only without a word, and a server should fail at start, not on its first write.
   */
  requireWritable?: boolean;
}

/** Opens the database the URL names: `sqlite:PATH` gives a SqliteStore, `postgres://…` a PostgresStore. */
export async function openStore(url: `sqlite:${string}`, options?: OpenStoreOptions): Promise<SqliteStore>;
export async function openStore(url: string, options?: OpenStoreOptions): Promise<Store>;
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { dialect, target } = parseDbUrl(url);
  let store: Store;
  if (dialect === 'sqlite') {
    if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
    const sqlite = new SQLite(target);
    if (options.requireWritable && sqlite.readonly) {
      sqlite.close();
      throw Object.assign(new Error('the database was opened read-only'), { code: 'SQLITE_READONLY' });
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // After a checkpoint the WAL file is cut back to this size instead of keeping its high-water mark.
    sqlite.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
    // 64 MB page cache (default 2 MB): a 1M-task project's indexes stay hot for routing and imports.
    sqlite.pragma('cache_size = -65536');
    const serving = options.backgroundCheckpoint && target !== ':memory:';
    // A first read makes SQLite create the -shm file, so the checkpoint worker starts with its descriptor.
    if (serving) sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    const walIndex = serving ? openWalIndex(target) : null;
    const checkpointer = walIndex ? startCheckpointer(target, walIndex) : null;
    if (walIndex && checkpointer) {
      sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      guardWalBackstop(sqlite, walIndex, checkpointer);
    } else if (options.checkpointedElsewhere && target !== ':memory:') sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite) }) });
    const writerTurns = openWriterTurns(target === ':memory:' ? null : target);
    store = {
      db,
      dialect: 'sqlite',
      sqlite,
      writerTurns,
      close: async () => {
        await checkpointer?.stop();
        await db.destroy();
        // The turns file is not one of SQLite's, so closing it drops no lock.
        writerTurns.close();
        // Only now: closing the -shm descriptor drops every SQLite lock this process holds on the file.
        walIndex?.release();
      },
    };
  } else {
    // A bounded wait for a connection: a database that does not answer at all gives 503s, not hangs. (A stopped
    // one refuses at once; the bound is long enough that a busy pool under load still queues rather than sheds.)
    const pgPool = new pg.Pool({
      connectionString: target,
      max: options.poolSize ?? 20,
      connectionTimeoutMillis: 10_000,
      options: PG_SESSION_OPTIONS,
    });
    const say = outageReporter();
    rideOutOutages(pgPool, (err) =>
      say(storeFailureOf(err) ?? { status: 503, message: 'a database connection failed', retryAfterSeconds: 2 }, err),
    );
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pgPool }) });
    const pgStore: PostgresStore = {
      db,
      dialect: 'postgres',
      pgPool,
      close: async () => {
        await stopCacheWatch(pgStore);
        await closeBackgroundDb(pgStore);
        await db.destroy();
      },
    };
    setCacheListenUrl(pgStore, target);
    store = pgStore;
  }
  if (options.migrate !== false) await migrate(store);
  return store;
}

export async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider(store.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
