/**
 * A judge run's verdict rows, committed in batches (batchWriter.ts): under a judge's concurrency
 * many tasks finish together, and their verdicts share one commit instead of one each. A verdict is
 * committed before its task counts as judged; a crash can lose only verdicts not yet committed, whose
 * annotations (committed by the submit before) then have no verdict, as before batching.
 */
import type { Store } from '../../store/database.js';
import { storeVerdicts } from '../../store/repositories/judgeVerdicts.js';
import type { NewVerdict } from '../../store/repositories/judges.js';
import { BatchWriter } from '../models/batchWriter.js';

const writers = new WeakMap<Store, BatchWriter<NewVerdict>>();

/** Resolves once the verdict is committed. */
export function recordVerdict(store: Store, verdict: NewVerdict): Promise<void> {
  let writer = writers.get(store);
  if (!writer) {
    writer = new BatchWriter((rows) => storeVerdicts(store, rows));
    writers.set(store, writer);
  }
  return writer.write(verdict);
}
