/**
 * A large export formed in parallel: its id span cut into slices of about `sliceItems` items, each formed
 * by a worker thread (services/offload/exportWorkers.ts) and written in slice order, so the lines are
 * those one thread would write. Only the formats that walk their items by id do this (dpo of preferences
 * and rankings, classification, ratings, annotations); the others, and small exports, are formed inline.
 */
import type { ExportFormat } from '../../domain/api/export.js';
import { exportSpan } from '../../store/repositories/exportPages.js';
import type { Db } from '../../store/transaction.js';
import type { ExportWorkerPool, SliceTally } from '../context.js';
import type { IdSlice } from './pages.js';
import { type LeftOut, MAX_SPLIT_IDS } from './summary.js';

const BY_TASK: readonly ExportFormat[] = ['dpo', 'classification', 'ratings', 'rm'];

/** What a slice of this export is cut by, or null when the format is not formed in slices. */
export function sliceUnit(format: ExportFormat, projectType: string): 'tasks' | 'annotations' | null {
  if (format === 'annotations') return 'annotations';
  // A rubric project's dpo compares graded responses and a conversation's walks turns: not by task slices.
  if (BY_TASK.includes(format) && projectType !== 'rubric' && projectType !== 'conversation') return 'tasks';
  return null;
}

/** The slices, in id order, or null when the export is too small to gain from workers. */
export async function planSlices(
  db: Db,
  projectId: number,
  unit: 'tasks' | 'annotations',
  pool: Pick<ExportWorkerPool, 'sliceItems' | 'minItems'>,
): Promise<IdSlice[] | null> {
  const { first, last, items } = await exportSpan(db, projectId, unit);
  if (items === 0 || items < pool.minItems) return null;
  // Ids of several projects interleave: a slice spans as many ids as hold about sliceItems of this project's.
  const width = Math.max(1, Math.ceil(((last - first + 1) * pool.sliceItems) / items));
  const slices: IdSlice[] = [];
  for (let after = first - 1; after < last; after += width) slices.push({ afterId: after, throughId: after + width });
  // The last runs to the end, as one thread's walk would (items added meanwhile are exported too).
  slices[slices.length - 1].throughId = Number.MAX_SAFE_INTEGER;
  return slices;
}

/** Add a slice's counts to the export's (its split tasks after the earlier slices', as one thread keeps them). */
export function addTally(left: LeftOut, tally: SliceTally): void {
  left.rows += tally.rows;
  left.split += tally.split;
  left.tie += tally.tie;
  for (const id of tally.splitTaskIds) {
    if (left.splitTaskIds.length >= MAX_SPLIT_IDS) break;
    left.splitTaskIds.push(id);
  }
}
