/**
 * Pacing long writes (imports, the consensus batch) so they never hold SQLite's one writer for long:
 * work is cut into short transactions (slices sized to ~40 ms). Between two slices the pacer lets
 * this process's queued requests in; a writer in another process that waited meanwhile goes first
 * (writerTurns.ts: every write of every process takes the lock in the order they began to wait). It
 * used to rest 110 ms after every 500 ms held whether anyone waited or not, for writers that polled
 * SQLite's busy handler: a tenth of a 1M-task batch's time spent resting alone.
 * PostgreSQL's writers do not block each other: there the slices run in one transaction, so what
 * they publish becomes visible at once.
 */
import type { Store } from './database.js';
import { writeTransaction, type Db } from './transaction.js';

/** Writer time per transaction the slices aim at. */
const SLICE_TARGET_MS = 40;

/** Between write transactions (SQLite only): this process's queued requests first (other processes' writers queue in writerTurns.ts). */
export class WriterPacer {
  constructor(private readonly sqlite: boolean) {}

  async rest(): Promise<void> {
    if (this.sqlite) await new Promise((r) => setImmediate(r));
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
 * paced transaction; PostgreSQL: every slice in one transaction, which a deadlock or serialization
 * failure runs again from the start: `restart` is called before each attempt, for a caller that
 * counts what its slices have done.
 */
export async function runInSlices(
  store: Store,
  slice: (db: Db, rows: number) => Promise<boolean>,
  restart: () => void = () => undefined,
): Promise<void> {
  if (store.dialect === 'postgres') {
    await writeTransaction(store, async (db) => {
      restart();
      while (await slice(db, POSTGRES_SLICE_ROWS));
    });
    return;
  }
  const pacer = writerPacer(store);
  const size = sliceSizer();
  for (;;) {
    const started = performance.now();
    const more = await writeTransaction(store, (db) => slice(db, size.rows));
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

/** PostgreSQL's `writesAtOnce` (the batch lane sizes its pool by it: heavyReadWorker.ts). */
export const POSTGRES_WRITES_AT_ONCE = 3;

/**
 * How many write transactions of one job (the consensus batch's domains) may run at once. PostgreSQL:
 * three, each on its own connection (its writers do not block each other where their rows differ). Two
 * would use two cores, but domains come in threes and more: with two, the third domain was written alone
 * after the others, one core idle for a third of the writes (1M tasks in 3 domains on 2 cores: 33–35 s with
 * two, 31–33 s with three). SQLite: one, its one writer.
 */
export function writesAtOnce(store: Store): number {
  return store.dialect === 'postgres' ? POSTGRES_WRITES_AT_ONCE : 1;
}
