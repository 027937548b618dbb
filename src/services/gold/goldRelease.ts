/**
 * A tutor's own gold figures are released in batches, never per item, so no result can be tied to
 * the task that produced it (and, on a two-way choice, to its answer, which every tutor meets).
 * A gold result becomes releasable once the tutor has made `afterJudgments` more judgments (in any
 * project) and `delayMs` has passed; releasable results are shown `batch` at a time, oldest first,
 * so each release moves the tutor's figures by a whole batch at once, at a moment set by their
 * later work, not by the gold submit. Managers read `gold_results` directly: the exact live view.
 * Certification suspension reads the released results too (its notification is something the
 * tutor reads), and so does the gold evidence in tutors' reliability (the floor's 403 and the trusted
 * pool are things a tutor meets). Nothing is stored: the release is a function of the data and the clock.
 */
import {
  goldResultsUpTo,
  nthLatestAnnotationId,
  oldestGoldCountsIn,
  readyGoldCount,
  type GoldResultRow,
} from '../../store/repositories/goldResults.js';
import { reliabilityKey } from '../../store/repositories/reliability.js';
import type { Db } from '../../store/transaction.js';

export interface GoldReleaseRule {
  /** Gold results per release (default 5). */
  batch: number;
  /** Judgments the tutor makes after a gold judgment before it can be released (default 20). */
  afterJudgments: number;
  /** Time after a gold judgment before it can be released, ms (default 1 hour). */
  delayMs: number;
}

export const DEFAULT_GOLD_RELEASE: GoldReleaseRule = { batch: 5, afterJudgments: 20, delayMs: 3_600_000 };

/** Immediate release: for tests of what happens after a result is known, and for single-user tools. */
export const IMMEDIATE_GOLD_RELEASE: GoldReleaseRule = { batch: 1, afterJudgments: 0, delayMs: 0 };

/** Parses `BATCH/JUDGMENTS/MINUTES` (e.g. `5/20/60`), as `serve --gold-release` takes it. */
export function parseGoldRelease(text: string): GoldReleaseRule {
  const m = /^(\d+)\/(\d+)\/(\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1) throw new Error(`"${text}" is not BATCH/JUDGMENTS/MINUTES with BATCH at least 1 (e.g. 5/20/60)`);
  return { batch: Number(m[1]), afterJudgments: Number(m[2]), delayMs: Number(m[3]) * 60_000 };
}

/** The user's gold results released to them at `now`, oldest first. */
export async function releasedGoldResults(db: Db, userId: number, rule: GoldReleaseRule, now: number): Promise<GoldResultRow[]> {
  const through = rule.afterJudgments === 0 ? null : await nthLatestAnnotationId(db, userId, rule.afterJudgments + 1);
  if (through === undefined) return [];
  const ready = await goldResultsUpTo(db, userId, through, now - rule.delayMs);
  return ready.slice(0, Math.floor(ready.length / rule.batch) * rule.batch);
}

/**
 * Released gold results per tutor in one domain, keyed like the store's `goldCounts`: the gold
 * evidence that routing decisions a tutor can notice (the reliability floor, the trusted pool) may
 * rest on. Acting on a result the moment it is made would mark the task just submitted as gold.
 */
export async function releasedGoldCounts(
  db: Db,
  userIds: number[],
  domain: string,
  rule: GoldReleaseRule,
  now: number,
): Promise<Map<string, { total: number; correct: number }>> {
  const out = new Map<string, { total: number; correct: number }>();
  for (const userId of userIds) {
    // The same release as releasedGoldResults, counted in the database: a tutor's results are never all read.
    const through = rule.afterJudgments === 0 ? null : await nthLatestAnnotationId(db, userId, rule.afterJudgments + 1);
    if (through === undefined) continue;
    const ready = await readyGoldCount(db, userId, through, now - rule.delayMs);
    const released = Math.floor(ready / rule.batch) * rule.batch;
    if (released === 0) continue;
    const mine = await oldestGoldCountsIn(db, userId, through, now - rule.delayMs, released, domain);
    if (mine.total > 0) out.set(reliabilityKey(userId, domain), mine);
  }
  return out;
}
