/** Annotations (append-only) read in pages for exports and stats; written only by the routing store. */
import type { Db } from '../transaction.js';

export interface ExportTask {
  id: number;
  externalId: string;
  domain: string;
  payload: string;
}

/** Non-gold tasks of a project after `afterId`, in id order: exports never see gold. */
export async function exportTasksPage(db: Db, projectId: number, afterId: number, limit: number): Promise<ExportTask[]> {
  return db
    .selectFrom('tasks')
    .select(['id', 'external_id as externalId', 'domain', 'payload'])
    .where('project_id', '=', projectId)
    .where('is_gold', '=', 0)
    .where('export_excluded', '=', 0)
    .where('id', '>', afterId)
    .where('submitted_count', '>', 0)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export interface TaskAnnotation {
  id: number;
  taskId: number;
  userId: number;
  response: string;
  durationMs: number;
}

/** Current annotations of these tasks: a row superseded by a correction is left out. */
export async function currentAnnotationsOf(db: Db, taskIds: number[]): Promise<TaskAnnotation[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('annotations as n')
    .select(['n.id', 'n.task_id as taskId', 'n.user_id as userId', 'n.response', 'n.duration_ms as durationMs'])
    .where('n.task_id', 'in', taskIds)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as c').select('c.id').whereRef('c.supersedes_id', '=', 'n.id'))))
    .orderBy('n.task_id')
    .orderBy('n.id')
    .execute();
}

/**
 * The current annotations of a project's tasks with ids in (`afterTaskId`, `lastTaskId`], by task then id:
 * an export page's annotations by range, one statement of fixed shape (no list of ids to compile and
 * prepare per page); the caller keeps those of the tasks it exports.
 */
export async function currentAnnotationsInRange(
  db: Db,
  projectId: number,
  afterTaskId: number,
  lastTaskId: number,
): Promise<TaskAnnotation[]> {
  return db
    .selectFrom('annotations as n')
    .select(['n.id', 'n.task_id as taskId', 'n.user_id as userId', 'n.response', 'n.duration_ms as durationMs'])
    .where('n.project_id', '=', projectId)
    .where('n.task_id', '>', afterTaskId)
    .where('n.task_id', '<=', lastTaskId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as c').select('c.id').whereRef('c.supersedes_id', '=', 'n.id'))))
    .orderBy('n.task_id')
    .orderBy('n.id')
    .execute();
}

/** Has the user annotated the task (any annotation, corrections included)? */
export async function hasAnnotated(db: Db, userId: number, taskId: number): Promise<boolean> {
  const row = await db
    .selectFrom('annotations')
    .select('id')
    .where('user_id', '=', userId)
    .where('task_id', '=', taskId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
