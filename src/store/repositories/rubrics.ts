/** Rubric versions (migration 018): written by the authoring follow-up, decided by the review follow-up, read by exports. */
import type { Selectable } from 'kysely';
import type { RubricVersionsTable, RubricVersionStatus } from '../schemaRubrics.js';
import type { Db } from '../transaction.js';

export type RubricVersionRow = Selectable<RubricVersionsTable>;

export interface NewRubricVersion {
  projectId: number;
  item: string;
  version: number;
  domain: string;
  taskId: number;
  annotationId: number;
  criteria: string;
  authorId: number;
  authorTier: string;
  createdAt: number;
}

/** Store a version once: a retried follow-up of the same submit (same annotation) finds the row it wrote. */
export async function insertRubricVersion(db: Db, v: NewRubricVersion): Promise<RubricVersionRow> {
  await db
    .insertInto('rubric_versions')
    .values({
      project_id: v.projectId,
      item: v.item,
      version: v.version,
      domain: v.domain,
      task_id: v.taskId,
      annotation_id: v.annotationId,
      criteria: v.criteria,
      author_id: v.authorId,
      author_tier: v.authorTier,
      status: 'pending',
      created_at: v.createdAt,
    })
    .onConflict((oc) => oc.column('annotation_id').doNothing())
    .execute();
  return db.selectFrom('rubric_versions').selectAll().where('annotation_id', '=', v.annotationId).executeTakeFirstOrThrow();
}

export async function rubricVersion(db: Db, projectId: number, item: string, version: number): Promise<RubricVersionRow | undefined> {
  return db
    .selectFrom('rubric_versions')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('item', '=', item)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Record the review of a pending version; false when it was already decided (a retried follow-up). */
export async function decideRubricVersion(
  db: Db,
  id: number,
  decision: { status: Exclude<RubricVersionStatus, 'pending'>; reviewerId: number; comment: string; at: number },
): Promise<boolean> {
  const result = await db
    .updateTable('rubric_versions')
    .set({ status: decision.status, reviewer_id: decision.reviewerId, review_comment: decision.comment, reviewed_at: decision.at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A page of a project's versions (every status), by id. */
export async function rubricVersionsPage(db: Db, projectId: number, afterId: number, limit: number): Promise<RubricVersionRow[]> {
  return db
    .selectFrom('rubric_versions')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The external id of a task (a rubric item is named by its first authoring task's id). */
export async function externalIdOfTask(db: Db, taskId: number): Promise<string> {
  const row = await db.selectFrom('tasks').select('external_id').where('id', '=', taskId).executeTakeFirstOrThrow();
  return row.external_id;
}

/** Payloads of the given tasks, by id. */
export async function taskPayloadsByIds(db: Db, taskIds: number[]): Promise<Map<number, string>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db.selectFrom('tasks').select(['id', 'payload']).where('id', 'in', taskIds).execute();
  return new Map(rows.map((t) => [t.id, t.payload]));
}
