/**
 * Worker threads' own SQLite connections, reading beside the store's (the consensus batch's reading and
 * moves). Apart from database.ts so that a worker loads the driver, not the store's module graph.
 */
import SQLite from 'better-sqlite3';
import type { Store } from './database.js';

/** The SQLite file such a connection opens, or null: PostgreSQL, or an in-memory database no other connection sees. */
export function sqliteFileForWorkers(store: Store): string | null {
  return store.dialect === 'sqlite' && !store.sqlite.memory ? store.sqlite.name : null;
}

/** Such a connection: read-only, to a file that must exist. */
export function openSqliteForWorker(file: string): SQLite.Database {
  return new SQLite(file, { readonly: true, fileMustExist: true, timeout: 5000 });
}
