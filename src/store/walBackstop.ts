/**
 * The request thread's WAL backstop waits for the checkpoint worker (#12 item 13). SQLite's own backstop
 * (`wal_autocheckpoint`, run inside the COMMIT that takes the WAL past BACKSTOP_PAGES) is a PASSIVE
 * checkpoint, and a checkpoint never waits for the checkpoint lock: while the worker's checkpoint runs,
 * every backstop attempt gives up without a word and the writes go on. On a loaded machine a worker
 * checkpoint begun under HANDOFF_PAGES ran long enough for the WAL to reach 22 MB.
 *
 * So after every commit on the request thread's connection, this reads the wal-index (the `-shm` file)
 * and, if the WAL is past the backstop with frames not yet copied (SQLite's backstop did not run),
 * waits for the worker's checkpoint to end (the worker flags it in shared memory) and checkpoints
 * here. The next write then starts the WAL over, so it never grows much past the backstop. Like
 * SQLite's backstop, this holds the request thread while it waits; it only happens when the WAL has
 * outrun the worker.
 */
import type SQLite from 'better-sqlite3';
import { BACKSTOP_PAGES, type Checkpointer } from './checkpointer.js';
import type { WalIndex } from './walIndex.js';

/** The longest the request thread waits for the checkpoint lock: as long as it waits for the write lock. */
const MAX_WAIT_MS = 5_000;
/** Between two tries when the lock is held by something other than the worker (another process). */
const RETRY_MS = 5;

/** Checkpoints here when the WAL is past the backstop and SQLite's own backstop was shut out. */
function backstop(sqlite: SQLite.Database, walIndex: WalIndex, checkpointer: Checkpointer): () => void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  return () => {
    const wal = walIndex.read();
    if (!wal || wal.frames < BACKSTOP_PAGES || wal.copied >= wal.frames) return;
    const deadline = performance.now() + MAX_WAIT_MS;
    try {
      for (;;) {
        checkpointer.waitWhileCheckpointing(Math.max(0, deadline - performance.now()));
        const [result] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number }[];
        if (result.busy === 0 || performance.now() >= deadline) return;
        Atomics.wait(pause, 0, 0, RETRY_MS);
      }
    } catch {
      // The commit stands whatever happens here (a full disk fails the checkpoint, not the write before it);
      // the next commit tries again, as SQLite's own backstop does.
    }
  };
}

/**
 * Runs the backstop after each commit made through this handle: statements from `prepare` (Kysely's
 * and the raw hot paths), `exec`, and `transaction` (group commit). Statements that neither write
 * nor end a transaction are left as they are, so reads cost nothing more.
 */
export function guardWalBackstop(sqlite: SQLite.Database, walIndex: WalIndex, checkpointer: Checkpointer): void {
  const afterCommit = backstop(sqlite, walIndex, checkpointer);
  const afterStatement = () => {
    if (!sqlite.inTransaction) afterCommit();
  };
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    if (statement.readonly && !/^\s*(commit|end|release)\b/i.test(source)) return statement;
    for (const method of ['run', 'get', 'all'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          const result = original(...args);
          afterStatement();
          return result;
        },
      });
    }
    return statement;
  }) as typeof sqlite.prepare;
  const exec = sqlite.exec.bind(sqlite);
  sqlite.exec = (source: string) => {
    exec(source);
    afterStatement();
    return sqlite;
  };
  const transaction = sqlite.transaction.bind(sqlite);
  sqlite.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const made = transaction(fn);
    const guarded = (variant: (...args: unknown[]) => unknown) =>
      function (this: unknown, ...args: unknown[]) {
        const result = variant.apply(this, args);
        afterStatement();
        return result;
      };
    const variants = {
      default: guarded(made),
      deferred: guarded(made.deferred),
      immediate: guarded(made.immediate),
      exclusive: guarded(made.exclusive),
    };
    const properties = Object.fromEntries(Object.entries(variants).map(([name, value]) => [name, { value }]));
    for (const variant of Object.values(variants)) Object.defineProperties(variant, { ...properties, database: { value: sqlite } });
    return variants.default;
  }) as typeof sqlite.transaction;
}
