/** Annotations (append-only) read in pages for exports and stats; written only by the routing store. */
import type { Db } from '../transaction.js';
import type { StoredConsensus } from './consensus.js';

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

export interface AnnotationExportRow {
  id: number;
  taskId: number;
  externalId: string;
  domain: string;
  userId: number;
  tier: string;
  response: string;
  durationMs: number;
  createdAt: number;
  supersedesId: number | null;
  /** The task's stored consensus, when it has one. */
  consensus: StoredConsensus | undefined;
}

/**
 * Every annotation on non-gold tasks after `afterId`, with the tutor's tier and the task's stored
 * consensus, in one query (walks `annotations_project_id`).
 */
export async function annotationsPage(db: Db, projectId: number, afterId: number, limit: number): Promise<AnnotationExportRow[]> {
  const rows = await db
    .selectFrom('annotations as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .leftJoin('task_consensus as c', 'c.task_id', 'n.task_id')
    .select([
      'n.id',
      'n.task_id as taskId',
      't.external_id as externalId',
      't.domain',
      'n.user_id as userId',
      'u.tier',
      'n.response',
      'n.duration_ms as durationMs',
      'n.created_at as createdAt',
      'n.supersedes_id as supersedesId',
      'c.task_id as cTaskId',
      'c.method',
      'c.method_version',
      'c.label',
      'c.confidence',
      'c.annotator_count',
      'c.source',
      'c.review_id',
      'c.computed_at',
    ])
    .where('n.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .where('t.export_excluded', '=', 0)
    .where('n.id', '>', afterId)
    .orderBy('n.id')
    .limit(limit)
    .execute();
  return rows.map(({ cTaskId, method, method_version, label, confidence, annotator_count, source, review_id, computed_at, ...r }) => ({
    ...r,
    consensus:
      cTaskId === null
        ? undefined
        : ({
            task_id: cTaskId,
            method,
            method_version,
            label,
            confidence,
            annotator_count,
            source,
            review_id,
            computed_at,
          } as StoredConsensus),
  }));
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
