/**
 * SQLite: the economics moves of the tasks a batch gives their first consensus, formed in a worker thread
 * on its own connection while the batch's thread writes the slice (consensusBulk.ts FIRST_MOVES_FROM_JSON)
 * and forms a share of them itself.
 * A first batch moves every judgment of the project (3 million at a million tasks); formed after the
 * writes, on the writing thread, they were 40 % of its time, with the write lock held. Only for a file
 * database (another connection cannot see an in-memory one) and a batch of 200,000+ judgments (the fit
 * worker's rule, recomputeProjectConsensus.ts), where a worker costs less than it saves.
 */
import type { Store } from '../../store/database.js';
import { sqliteFileForWorkers } from '../../store/workerConnections.js';
import type { FirstMoves, FormedMoves } from '../../store/repositories/consensusBulk.js';
import { askedWorker, workerBeside } from '../offload/workerBeside.js';

export interface MoveWorker {
  moves: FirstMoves;
  close(): Promise<void>;
}

/**
 * The writing thread's share of each slice's moves. Alone, the writer's own work on a first consensus
 * took ~7 µs a task and the worker's moves ~13 µs (more on its connection, whose cache starts cold at
 * each slice): the worker forming them all, the writer waited for it a third of a million-task batch's
 * writes. The share that ends both at once, from what each side's work cost per row so far: own + share ×
 * here = (1 − share) × there. Waits are no guide: beside the next domain's fit, three threads share two
 * cores, and an answer can be late by a time slice however little it held.
 */
const START_SHARE = 0.3;
/** The worker keeps a tenth at least, so that what its moves cost stays known. */
const MAX_SHARE = 0.9;
/** Weight of the latest slice in the running costs per row. */
const WEIGHT = 0.2;

/** The share's balance between the writer and the worker (see above). */
export function balancedShare(form: FirstMoves['form']): FirstMoves {
  let share = START_SHARE;
  const perRow = { own: 0, here: 0, there: 0 };
  const seen = { here: false, there: false };
  const update = (key: keyof typeof perRow, ms: number, rows: number) => {
    if (rows === 0) return;
    perRow[key] = perRow[key] === 0 ? ms / rows : (1 - WEIGHT) * perRow[key] + (WEIGHT * ms) / rows;
  };
  return {
    form,
    writerShare: () => share,
    formed(t) {
      update('own', t.ownMs, t.rows);
      update('here', t.hereMs, t.here);
      update('there', t.thereMs, t.there);
      seen.here ||= t.here > 0;
      seen.there ||= t.there > 0;
      // Until each side has formed some, the share stays where it started.
      if (seen.here && seen.there) share = Math.min(MAX_SHARE, Math.max(0, (perRow.there - perRow.own) / (perRow.here + perRow.there)));
    },
  };
}

/** A move worker for `store`, or null where the moves stay on the batch's thread (PostgreSQL: its triggers form them). */
export function startMoveWorker(store: Store): MoveWorker | null {
  const file = sqliteFileForWorkers(store);
  if (file === null) return null;
  const worker = askedWorker<string, FormedMoves>(workerBeside(import.meta.url, 'moveWorker', { workerData: { file } }), 'consensus moves');
  return { moves: balancedShare((rowsJson) => worker.ask(rowsJson)), close: () => worker.close() };
}
