/**
 * The export page's summary without forming the export, for the formats whose left-out counts need each
 * task's votes (dpo of preferences, classification): one SQL aggregate over the stored consensus decides
 * nearly every task (store/repositories/exportCounts.ts), and the few it cannot (no consensus row, or a
 * most common answer that may be shared) are decided by the export's own row builder from their votes.
 * So the counts are the streamed export's by construction, at a million tasks in well under a second.
 */
import type { ExportFormat } from '../../domain/api/export.js';
import type { Store } from '../../store/database.js';
import { type CountedFormat, countKinds, taskIdsOfKind } from '../../store/repositories/exportCounts.js';
import { type OmissionCounts, supersededCount } from '../../store/repositories/exports.js';
import { classificationRows } from './classification.js';
import { dpoRows } from './dpo.js';
import { type ExportItem, tasksWithAnnotationsOf } from './pages.js';
import { LeftOut, MAX_SPLIT_IDS } from './summary.js';

/** The formats counted from the stored consensus (others count by forming their rows). */
export function countedFormat(format: ExportFormat, type: string): CountedFormat | null {
  if (format === 'dpo' && type === 'preference') return 'preference-dpo';
  if (format === 'classification') return 'classification';
  return null;
}

/** Adds to `left` what the export of `format` would write and leave out (split, tie) and its first split tasks. */
export async function countFromConsensus(
  store: Store,
  format: CountedFormat,
  projectId: number,
  includeTies: boolean,
  left: LeftOut,
): Promise<OmissionCounts> {
  const db = store.db;
  const counts = await countKinds(db, store.dialect, format, projectId, includeTies);
  const splitIds = counts.split > 0 ? await taskIdsOfKind(db, store.dialect, format, projectId, includeTies, 'split', MAX_SPLIT_IDS) : [];
  // The undecided tasks through the export's own rules: the rows are formed (a few), never encoded.
  const byVotes = new LeftOut();
  if (counts.votes > 0) {
    const ids = await taskIdsOfKind(db, store.dialect, format, projectId, includeTies, 'votes', counts.votes);
    const items: AsyncIterable<ExportItem> = tasksWithAnnotationsOf(db, ids);
    const rows =
      format === 'classification'
        ? classificationRows(db, projectId, includeTies, byVotes, items)
        : dpoRows(db, projectId, 'preference', { style: 'conversational', includeTies }, byVotes, items);
    for await (const _ of rows) byVotes.rows++;
  }
  left.rows += counts.row + byVotes.rows;
  left.split += counts.split + byVotes.split;
  left.tie += counts.tie + byVotes.tie;
  for (const id of [...splitIds, ...byVotes.splitTaskIds].sort((a, b) => a - b)) left.noteSplitTask(id);
  // The same pass counted the tasks every export leaves out.
  return { gold: counts.gold, excluded: counts.excluded, unresolved: counts.unresolved, superseded: await supersededCount(db, projectId) };
}
