/**
 * SQLite: the economics moves of the tasks a batch gives their first consensus, formed in a worker thread
 * on its own connection while the batch's thread writes the slice (consensusBulk.ts FIRST_MOVES_FROM_JSON).
 * A first batch moves every judgment of the project (3 million at a million tasks); formed after the
 * writes, on the writing thread, they were 40 % of its time, with the write lock held. Only for a file
 * database (another connection cannot see an in-memory one) and a batch of 200,000+ judgments (the fit
 * worker's rule, recomputeProjectConsensus.ts), where a worker costs less than it saves.
 */
import type { Store } from '../../store/database.js';
import { type FirstMoves, firstMovesFile } from '../../store/repositories/consensusBulk.js';
import { askedWorker, workerBeside } from '../offload/workerBeside.js';

export interface MoveWorker {
  moves: FirstMoves;
  close(): Promise<void>;
}

/** A move worker for `store`, or null where the moves stay on the batch's thread (PostgreSQL: its triggers form them). */
export function startMoveWorker(store: Store): MoveWorker | null {
  const file = firstMovesFile(store);
  if (file === null) return null;
  const worker = askedWorker<string, unknown[][]>(workerBeside(import.meta.url, 'moveWorker', { workerData: { file } }), 'consensus moves');
  return { moves: (rowsJson) => worker.ask(rowsJson), close: () => worker.close() };
}
