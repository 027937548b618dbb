/**
 * The gateway's view of each project's model budget, so a call does not read the database first.
 * Per project it keeps the cap and the spend as last read (at most `refreshMs` ago, a second by
 * default) plus what this process's calls have cost since. Every call's row is committed before
 * its cost is added here and before the call returns, so within this process the stop is as exact
 * as a read per call was; another process's spending (or a cap set in another process) is seen
 * within `refreshMs`. A cap set through this process applies at once (`forget`).
 *
 * As before, calls already in flight when the budget runs out finish: the check is at a call's
 * start, its cost known only at its end.
 */
import { BudgetExhaustedError } from '../../domain/models.js';
import { budgetOf, projectSpentUsd } from '../../store/repositories/modelEndpoints.js';
import type { Store } from '../../store/database.js';

interface Entry {
  limitUsd: number | null;
  /** The spend in the database at the last read. */
  readSpentUsd: number;
  /** This process's calls' costs recorded since that read began. */
  ownSinceUsd: number;
  readAt: number;
  reading: Promise<void> | null;
}

export class BudgetGuard {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly store: Store,
    private readonly refreshMs = 1000,
  ) {}

  /** Throws BudgetExhaustedError when the project's cap is spent. */
  async check(projectId: number): Promise<void> {
    let entry = this.entries.get(projectId);
    if (!entry) {
      entry = { limitUsd: null, readSpentUsd: 0, ownSinceUsd: 0, readAt: Number.NEGATIVE_INFINITY, reading: null };
      this.entries.set(projectId, entry);
    }
    if (performance.now() - entry.readAt >= this.refreshMs) await this.refresh(entry, projectId);
    if (entry.limitUsd === null) return;
    const spent = entry.readSpentUsd + entry.ownSinceUsd;
    if (spent >= entry.limitUsd) throw new BudgetExhaustedError(projectId, spent, entry.limitUsd);
  }

  /** A committed call's cost (never before its row is committed). */
  record(projectId: number, costUsd: number): void {
    const entry = this.entries.get(projectId);
    if (entry) entry.ownSinceUsd += costUsd;
  }

  /** The cap changed here: read it (and the spend) again before the next call. */
  forget(projectId: number): void {
    this.entries.delete(projectId);
  }

  /** One read shared by the calls that find the entry stale together. */
  private refresh(entry: Entry, projectId: number): Promise<void> {
    entry.reading ??= (async () => {
      // Costs recorded while the read runs may already be in it: counting them twice errs toward stopping.
      const ownAtStart = entry.ownSinceUsd;
      try {
        const limitUsd = await budgetOf(this.store.db, projectId);
        entry.limitUsd = limitUsd;
        entry.readSpentUsd = limitUsd === null ? 0 : await projectSpentUsd(this.store.db, projectId);
        entry.ownSinceUsd -= ownAtStart;
        entry.readAt = performance.now();
      } finally {
        entry.reading = null;
      }
    })();
    return entry.reading;
  }
}
