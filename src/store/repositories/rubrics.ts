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

/** Store a version once: a retried follow-up (or a second answer to the same authoring task) finds the row already there. */
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
    .onConflict((oc) => oc.doNothing())
    .execute();
  const stored = await rubricVersion(db, v.projectId, v.item, v.version);
  if (!stored) throw new Error(`rubric ${v.item} v${v.version} was not stored`);
  return stored;
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

export interface StageAnnotation {
  annotationId: number;
  taskId: number;
  externalId: string;
  domain: string;
  payload: string;
  response: string;
  userId: number;
  role: string;
  tier: string;
  domains: string;
}

/** Every current annotation of a rubric authoring project's tasks, with its task and author (the catch-up reads them at start). */
export async function rubricStageAnnotations(db: Db, projectId: number): Promise<StageAnnotation[]> {
  return db
    .selectFrom('annotations as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.id as annotationId',
      'a.task_id as taskId',
      't.external_id as externalId',
      't.domain as domain',
      't.payload as payload',
      'a.response as response',
      'a.user_id as userId',
      'u.role as role',
      'u.tier as tier',
      'u.domains as domains',
    ])
    .where('a.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .orderBy('a.id')
    .execute();
}

/** The newest version of each rubric item in a project (at most `limit` items, newest first). */
export async function latestRubricVersions(db: Db, projectId: number, limit = 500): Promise<RubricVersionRow[]> {
  return db
    .selectFrom('rubric_versions as v')
    .selectAll('v')
    .where('v.project_id', '=', projectId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('rubric_versions as w')
            .select('w.id')
            .whereRef('w.project_id', '=', 'v.project_id')
            .whereRef('w.item', '=', 'v.item')
            .whereRef('w.version', '>', 'v.version'),
        ),
      ),
    )
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
}

/** The newest version of one item, or undefined when it has none. */
export async function latestRubricVersion(db: Db, projectId: number, item: string): Promise<RubricVersionRow | undefined> {
  return db
    .selectFrom('rubric_versions')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('item', '=', item)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}
