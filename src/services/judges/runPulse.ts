/**
 * What a judge run re-reads while it works, at most once per `everyMs` for all its workers together
 * instead of once per task: whether it was cancelled, and the judge's prompts. A cancel stops the
 * run taking tasks, and an edited prompt applies to the tasks it takes, within `everyMs` (a quarter
 * second); each verdict records the prompt version it was judged with.
 */
import type { Store } from '../../store/database.js';
import { findRun, judgePrompts, type PromptRecord } from '../../store/repositories/judges.js';

export interface RunPulse {
  cancelled: boolean;
  prompts: PromptRecord[];
}

export const PULSE_MS = 250;

/** A function giving the run's latest pulse, read again once the last is `everyMs` old. */
export function runPulse(store: Store, runId: number, judgeId: number, everyMs = PULSE_MS): () => Promise<RunPulse> {
  let last: Promise<RunPulse> | null = null;
  let readAt = Number.NEGATIVE_INFINITY;
  return () => {
    if (last === null || performance.now() - readAt >= everyMs) {
      readAt = performance.now();
      last = (async () => {
        const [run, prompts] = await Promise.all([findRun(store.db, runId), judgePrompts(store.db, judgeId)]);
        return { cancelled: run?.state === 'cancelled', prompts };
      })();
    }
    return last;
  };
}
