/**
 * What an export left out and why, said at the end of every export (CLI stderr, HTTP trailer and
 * `/export/summary`, the dataset card, the web's export panel): nothing is dropped in silence.
 */
import type { ExportSummary } from '../../domain/api/export.js';

export type { ExportSummary };

/** Counted while the rows stream: items the format cannot carry. */
export class LeftOut {
  rows = 0;
  split = 0;
  tie = 0;
  /** The tasks behind `split` (the first 1000), so a manager can settle them (more judgments, review). */
  splitTaskIds: number[] = [];

  noteSplitTask(taskId: number): void {
    if (this.splitTaskIds.length < MAX_SPLIT_IDS) this.splitTaskIds.push(taskId);
  }
}

/** Most split task ids kept for the export page's bulk actions. */
export const MAX_SPLIT_IDS = 1000;

/** One sentence per reason, for people (CLI, card). */
export function describeLeftOut(s: ExportSummary): string[] {
  const out: string[] = [];
  const { split, tie, unresolved, gold, superseded, excluded } = s.leftOut;
  if (split)
    out.push(
      `${split} split vote(s): annotators disagreed evenly and no reviewer has decided (review them, or export with --include-ties)`,
    );
  if (tie) out.push(`${tie} item(s) judged a tie: no response is preferred, so there is no chosen/rejected pair`);
  if (unresolved) out.push(`${unresolved} task(s) with no judgment yet`);
  if (gold) out.push(`${gold} gold task(s): quality checks, never exported`);
  if (excluded) out.push(`${excluded} task(s) a manager removed from the exports`);
  if (superseded) out.push(`${superseded} judgment(s) superseded by a tutor's correction (the correction is exported)`);
  return out;
}
