/** Walk a project's exportable tasks page by page with their current annotations and stored consensus: bounded memory. */
import {
  currentAnnotationsInRange,
  currentAnnotationsOf,
  exportTasksPage,
  type ExportTask,
  type TaskAnnotation,
} from '../../store/repositories/annotations.js';
import { consensusByTask, consensusInRange, type StoredConsensus } from '../../store/repositories/consensus.js';
import { exportPage, exportTasksOf, type ExportVote } from '../../store/repositories/exportPages.js';
import type { Store } from '../../store/database.js';
import type { Db } from '../../store/transaction.js';

/** Tasks per page (with their payloads, which may be long conversations: the page bounds memory). */
export const EXPORT_PAGE = 1000;

export type Row = Record<string, unknown>;

/**
 * One exported task as the row builders read it. The dpo, classification and ratings builders read only
 * its annotations' responses (`ExportVote`: what exportItems reads); the others whole annotations.
 */
export interface ExportItem<A extends ExportVote = TaskAnnotation> {
  task: ExportTask;
  annotations: A[];
  consensus: StoredConsensus | undefined;
}

export async function* tasksWithAnnotations(db: Db, projectId: number): AsyncGenerator<ExportItem> {
  let after = 0;
  for (;;) {
    const tasks = await exportTasksPage(db, projectId, after, EXPORT_PAGE);
    if (tasks.length === 0) return;
    // By id range rather than by list: fixed statements; annotations of tasks not exported (gold,
    // excluded) fall in the range too and are skipped below.
    const last = tasks[tasks.length - 1].id;
    const annotations = await currentAnnotationsInRange(db, projectId, after, last);
    const consensus = await consensusInRange(db, projectId, after, last);
    yield* withTheirAnnotations(tasks, annotations, consensus);
    after = tasks[tasks.length - 1].id;
  }
}

/**
 * A slice of an export by id (a task's, or an annotation's for the annotations export): the ids after
 * `afterId` up to `throughId`. A worker thread forms one slice of a large export (parallelLines.ts).
 */
export interface IdSlice {
  afterId: number;
  throughId: number;
}
export const WHOLE: IdSlice = { afterId: 0, throughId: Number.MAX_SAFE_INTEGER };

/**
 * The same walk through the export reader of prepared statements read as arrays (exportPages.ts): the
 * formats measured at scale (dpo, classification, ratings) read their tasks through it.
 */
export async function* exportItems(store: Store, projectId: number, slice: IdSlice = WHOLE): AsyncGenerator<ExportItem<ExportVote>> {
  let next = exportPage(store, projectId, slice.afterId, EXPORT_PAGE, slice.throughId);
  for (;;) {
    const page = await next;
    if (page.tasks.length === 0) return;
    // The next page is asked for before this one is formed: on PostgreSQL the database reads it meanwhile.
    next = exportPage(store, projectId, page.tasks[page.tasks.length - 1].id, EXPORT_PAGE, slice.throughId);
    // Awaited on the next turn; an export abandoned before then must not leave it unhandled.
    next.catch(() => undefined);
    yield* withTheirAnnotations(page.tasks, page.annotations, page.consensus);
  }
}

/** These exported tasks (in id order, a page at a time): the few a summary decides from their votes. */
export async function* tasksWithAnnotationsOf(db: Db, taskIds: readonly number[]): AsyncGenerator<ExportItem> {
  for (let i = 0; i < taskIds.length; i += EXPORT_PAGE) {
    const ids = taskIds.slice(i, i + EXPORT_PAGE);
    const tasks = await exportTasksOf(db, ids);
    yield* withTheirAnnotations(tasks, await currentAnnotationsOf(db, ids), await consensusByTask(db, ids));
  }
}

function* withTheirAnnotations<A extends ExportVote>(
  tasks: ExportTask[],
  annotations: A[],
  consensus: Map<number, StoredConsensus>,
): Generator<ExportItem<A>> {
  const byTask = new Map<number, A[]>();
  for (const a of annotations) {
    const list = byTask.get(a.taskId);
    if (list) list.push(a);
    else byTask.set(a.taskId, [a]);
  }
  for (const task of tasks) {
    const list = byTask.get(task.id);
    if (list) yield { task, annotations: list, consensus: consensus.get(task.id) };
  }
}

type Msg = { role: string; content: string };

/** Context turns followed by the prompt as the final user turn. */
export function promptMessages(payload: { context?: Msg[]; prompt?: string }): Msg[] {
  return [...(payload.context ?? []), ...(payload.prompt ? [{ role: 'user', content: payload.prompt }] : [])];
}

/** Imported `meta` as one JSON string column: user metadata of any shape keeps one type. */
export const sourceMeta = (payload: { meta?: Record<string, unknown> }): string | null =>
  payload.meta ? JSON.stringify(payload.meta) : null;

/**
 * The stored consensus as exports carry it (shapes.ts `consensusFields`): method, version, confidence,
 * annotator count and provenance — `consensusSource` 'model' (the quality engine) or 'review' (a
 * reviewer's verdict, with `reviewId`).
 */
export function consensusMeta(c: StoredConsensus | undefined, fallbackMethod: string | null = null) {
  if (!c)
    return {
      method: fallbackMethod,
      methodVersion: null,
      confidence: null,
      annotatorCount: null,
      consensusSource: null,
      reviewId: null,
      consensusLabel: null,
    };
  return {
    method: c.method,
    methodVersion: c.method_version,
    confidence: Number(c.confidence),
    annotatorCount: Number(c.annotator_count),
    consensusSource: c.source,
    reviewId: c.source === 'review' && c.review_id !== null ? String(c.review_id) : null,
    consensusLabel: c.label,
  };
}
