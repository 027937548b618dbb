/**
 * Pacing long writes (imports) so they never hold SQLite's one writer for long: work is cut into
 * short transactions (slices sized to ~40 ms), and the pacer rests 110 ms after every 500 ms held,
 * so that a writer in another process, whose busy handler polls at most every 100 ms, gets its turn
 * well inside its 5 s busy timeout. PostgreSQL's writers do not block each other: there the slices
 * run in one transaction, so what they publish becomes visible at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from './database.js';
import { writeTransaction, type Db } from './transaction.js';

/** Writer time per transaction the slices aim at, and the ceiling before a rest. */
const SLICE_TARGET_MS = 40;
const HOLD_BEFORE_REST_MS = 500;
/** Longer than SQLite's longest busy-handler sleep (100 ms), so a waiting writer elsewhere gets in. */
const REST_MS = 110;

/** Times the writer is held and rests when it has been held long enough (SQLite only). */
export class WriterPacer {
  private heldSinceRest = 0;
  constructor(private readonly sqlite: boolean) {}

  async hold<T>(fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.heldSinceRest += performance.now() - started;
    }
  }

  /** Between two write transactions: let queued requests in (same process), and now and then other processes. */
  async rest(): Promise<void> {
    if (!this.sqlite) return;
    if (this.heldSinceRest >= HOLD_BEFORE_REST_MS) {
      this.heldSinceRest = 0;
      await sleep(REST_MS);
    } else await new Promise((r) => setImmediate(r));
  }
}

/** Slice size in rows, adapted so that each slice holds the writer for about SLICE_TARGET_MS. */
function sliceSizer() {
  let rows = 16; // small first: a row may be a megabyte
  return {
    get rows() {
      return rows;
    },
    took(ms: number) {
      if (ms < SLICE_TARGET_MS / 2) rows = Math.min(rows * 2, 20_000);
      else if (ms > SLICE_TARGET_MS * 1.5) rows = Math.max(1, Math.floor(rows / 2));
    },
  };
}

/** The pacer for this store: it rests only on SQLite, where writers queue for one lock. */
export function writerPacer(store: Store): WriterPacer {
  return new WriterPacer(store.dialect === 'sqlite');
}

/** Rows per slice in PostgreSQL's single transaction (only a bound on one statement's size). */
const POSTGRES_SLICE_ROWS = 50_000;

/**
 * Run `slice(db, rows)` until it reports nothing left (false). SQLite: each slice is its own short,
 * paced transaction; PostgreSQL: every slice in one transaction.
 */
export async function runInSlices(store: Store, slice: (db: Db, rows: number) => Promise<boolean>): Promise<void> {
  if (store.dialect === 'postgres') {
    await writeTransaction(store, async (db) => {
      while (await slice(db, POSTGRES_SLICE_ROWS));
    });
    return;
  }
  const pacer = new WriterPacer(true);
  const size = sliceSizer();
  for (;;) {
    const started = performance.now();
    const more = await pacer.hold(() => writeTransaction(store, (db) => slice(db, size.rows)));
    size.took(performance.now() - started);
    if (!more) break;
    await pacer.rest();
  }
}

/**
 * Whether an import may parse its next batch while the previous one is being staged. PostgreSQL: yes,
 * its writers do not block each other. SQLite: no, the paced writer waits for each batch, so that the
 * one lock is held briefly and others get their turn.
 */
export function stagesWhileParsing(store: Store): boolean {
  return store.dialect === 'postgres';
}
