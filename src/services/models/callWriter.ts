/**
 * The `model_calls` rows, written in batches (group commit): a row is written at once when nothing
 * is being written, else it joins the next batch, which starts as soon as the current one commits.
 * Each caller's promise resolves only when its row is committed, so a call is accounted (budgets read
 * these rows) before its caller hears the reply; under load many rows share one transaction instead
 * of one write each, which was most of a judge call's platform cost (bench/models/gateway.ts).
 */
import type { Store } from '../../store/database.js';
import type { CallRecord } from '../../store/repositories/modelEndpoints.js';
import { storeCalls } from '../../store/repositories/modelCalls.js';

interface Waiting {
  row: CallRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class CallWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly store: Store) {}

  write(row: CallRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      try {
        await storeCalls(
          this.store,
          batch.map((w) => w.row),
        );
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.writing = false;
  }
}
