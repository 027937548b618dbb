/**
 * Group commit for SQLite's hot write path (lease, submit, skip). Under load the commit itself —
 * writing each changed page to the WAL, taking and dropping the write lock — was ~30 % of the
 * server's CPU, one commit per request. Here the writes asked for in one turn of the event loop run
 * one after another in a single `BEGIN IMMEDIATE` transaction, each inside its own savepoint, and
 * commit together; each caller's promise settles only after that commit.
 *
 * Equivalent to running them as separate transactions in that order: better-sqlite3 is synchronous,
 * so the writes cannot interleave, and each sees everything the earlier ones wrote. A write that
 * throws rolls back to its savepoint only (its caller gets the error, the others are unaffected); a
 * failed commit rejects every caller of the group, none of whose writes were stored. The write lock
 * is still taken before anything is read, so other processes on the file stay exact too; it is
 * taken in turns with them (writerTurns.ts).
 */
import type SQLite from 'better-sqlite3';
import type { SqliteStore } from './database.js';
import { withSqliteConnection } from './transaction.js';
import { beginImmediateNoWait, commitTurn, inTurn } from './writerTurns.js';

interface Pending {
  work: (raw: SQLite.Database) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const queues = new WeakMap<SqliteStore, Pending[]>();

/** Run `work` (synchronous, writes allowed) in the next group transaction on this store. */
export function groupCommit<T>(store: SqliteStore, work: (raw: SQLite.Database) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = queues.get(store);
    if (!queue) {
      queues.set(store, (queue = []));
      // After this turn's I/O callbacks and their microtasks: every request read in this turn joins.
      setImmediate(() => void flush(store));
    }
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
  });
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function flush(store: SqliteStore): Promise<void> {
  // The queue stays open, and keeps filling, until this process has the writer (it may wait its turn).
  let queue: Pending[] | null = null;
  const take = (): Pending[] => {
    if (!queue) {
      queue = queues.get(store)!;
      queues.delete(store);
    }
    return queue;
  };
  let outcomes: Outcome[];
  try {
    outcomes = await inTurn(store.writerTurns, () => withSqliteConnection(store, (raw) => runGroup(raw, take)));
  } catch (error) {
    for (const p of take()) p.reject(error);
    return;
  }
  const group = take();
  outcomes.forEach((o, i) => (o.ok ? group[i].resolve(o.value) : group[i].reject(o.error)));
}

/** The group in one transaction, or null when another process holds the write lock (nothing was run, nothing taken). */
function runGroup(raw: SQLite.Database, take: () => Pending[]): Outcome[] | null {
  if (!beginImmediateNoWait(raw)) return null;
  try {
    const outcomes = take().map((p): Outcome => {
      try {
        // A better-sqlite3 transaction inside an open one is a savepoint: a throw undoes this write alone.
        return { ok: true, value: raw.transaction(() => p.work(raw))() };
      } catch (error) {
        return { ok: false, error };
      }
    });
    commitTurn(raw);
    return outcomes;
  } catch (error) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    throw error;
  }
}
