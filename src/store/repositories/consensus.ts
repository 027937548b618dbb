/**
 * Stored consensus (`task_consensus`) and what the consensus services read to compute it. A row
 * whose source is 'review' is a reviewer's verdict: model writes never overwrite it (the upsert's
 * conflict clause says so, so no caller can forget).
 */
import { type RawBuilder, sql } from 'kysely';
import type { Store } from '../database.js';
import type { Dialect } from '../dialect.js';
import type { TaskConsensusTable } from '../schema.js';
import type { Db } from '../transaction.js';
import { openRule } from './openRule.js';

/**
 * `task_consensus c`, read through the partial index of reviewers' rows (migration 042): with `c.source =
 * 'review'` in the WHERE. SQLite, without statistics, would walk a larger index on project instead.
 */
export function reviewedConsensus(dialect: Dialect): RawBuilder<unknown> {
  return dialect === 'sqlite' ? sql`task_consensus c INDEXED BY task_consensus_review` : sql`task_consensus c`;
}

export interface ModelConsensus {
  taskId: number;
  projectId: number;
  method: string;
  methodVersion: string;
  /** JSON, in the task type's response shape. */
  label: string;
  confidence: number;
  /** Share of the task's judgments giving its most common answer (`judgmentAgreement`). */
  agreement: number;
  annotatorCount: number;
  computedAt: number;
}

/** Upsert model consensus rows; rows already decided by a reviewer are left as they are. */
export async function saveModelConsensus(db: Db, rows: ModelConsensus[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('task_consensus')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          task_id: r.taskId,
          project_id: r.projectId,
          method: r.method,
          method_version: r.methodVersion,
          label: r.label,
          confidence: r.confidence,
          agreement: r.agreement,
          annotator_count: r.annotatorCount,
          source: 'model' as const,
          review_id: null,
          computed_at: r.computedAt,
        })),
      )
      .onConflict((oc) =>
        oc
          .column('task_id')
          .doUpdateSet((eb) => ({
            method: eb.ref('excluded.method'),
            method_version: eb.ref('excluded.method_version'),
            label: eb.ref('excluded.label'),
            confidence: eb.ref('excluded.confidence'),
            agreement: eb.ref('excluded.agreement'),
            annotator_count: eb.ref('excluded.annotator_count'),
            computed_at: eb.ref('excluded.computed_at'),
          }))
          .where('task_consensus.source', '<>', 'review')
          // A batch reads its annotations before it writes: an incremental row written in between,
          // from more judgments, is newer than the batch's and stays.
          .where('task_consensus.annotator_count', '<=', (eb) => eb.ref('excluded.annotator_count')),
      )
      .execute();
  }
}

export type StoredConsensus = Pick<
  TaskConsensusTable,
  'task_id' | 'method' | 'method_version' | 'label' | 'confidence' | 'annotator_count' | 'source' | 'review_id' | 'computed_at'
>;

const COLUMNS = [
  'c.task_id',
  'c.method',
  'c.method_version',
  'c.label',
  'c.confidence',
  'c.annotator_count',
  'c.source',
  'c.review_id',
  'c.computed_at',
] as const;

/** The stored consensus of a project's tasks with ids in (`afterTaskId`, `lastTaskId`] (an export page, by range). */
export async function consensusInRange(
  db: Db,
  projectId: number,
  afterTaskId: number,
  lastTaskId: number,
): Promise<Map<number, StoredConsensus>> {
  const rows = await db
    .selectFrom('task_consensus as c')
    .select(COLUMNS)
    .where('c.project_id', '=', projectId)
    .where('c.task_id', '>', afterTaskId)
    .where('c.task_id', '<=', lastTaskId)
    .execute();
  return new Map(rows.map((r) => [r.task_id, r]));
}

export async function consensusByTask(db: Db, taskIds: number[]): Promise<Map<number, StoredConsensus>> {
  const out = new Map<number, StoredConsensus>();
  for (let i = 0; i < taskIds.length; i += 500) {
    const rows = await db
      .selectFrom('task_consensus as c')
      .select(COLUMNS)
      .where('c.task_id', 'in', taskIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.task_id, r);
  }
  return out;
}

export interface ConsensusListRow extends StoredConsensus {
  external_id: string;
  domain: string;
}

/**
 * A project's stored consensus of non-gold tasks in task id order, after `after` (keyset paging). Gold has
 * rows too (live submits, reviews), kept so that its work looks like real work; they are not consensus output.
 */
export async function consensusPage(db: Db, projectId: number, after: number, limit: number): Promise<ConsensusListRow[]> {
  return db
    .selectFrom('task_consensus as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .select([...COLUMNS, 't.external_id', 't.domain'])
    .where('c.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .where('c.task_id', '>', after)
    .orderBy('c.task_id')
    .limit(limit)
    .execute();
}

/** The current annotations of one task (the incremental path). */
export async function currentAnnotationsOfTask(db: Db, taskId: number): Promise<{ userId: number; response: string }[]> {
  return db
    .selectFrom('annotations as n')
    .select(['n.user_id as userId', 'n.response'])
    .where('n.task_id', '=', taskId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as c').select('c.id').whereRef('c.supersedes_id', '=', 'n.id'))))
    .orderBy('n.id')
    .execute();
}

export async function maxAnnotationId(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('annotations')
    .select((eb) => eb.fn.max('id').as('m'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

export interface TaskState {
  id: number;
  projectId: number;
  domain: string;
  isGold: number;
  payload: string;
  submittedCount: number;
  activeLeases: number;
  targetJudgments: number | null;
  /** Cascade projects: the tier at the task's level. */
  cascadeTier: string | null;
}

/** Read a task for the incremental update; on PostgreSQL the row stays locked until commit, so two submits on one task decide in turn. */
export async function lockTask(store: Store, db: Db, taskId: number): Promise<TaskState | undefined> {
  const row = await db
    .selectFrom('tasks')
    .select([
      'id',
      'project_id as projectId',
      'domain',
      'is_gold as isGold',
      'payload',
      'submitted_count as submittedCount',
      'active_leases as activeLeases',
      'target_judgments as targetJudgments',
      'cascade_tier as cascadeTier',
    ])
    .where('id', '=', taskId)
    .$if(store.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  return row;
}

/** Adaptive overlap: the task's new target and uncertain mark, and its open flag re-derived from its counters. */
export async function setTaskTarget(db: Db, taskId: number, target: number, uncertain: boolean): Promise<void> {
  await sql`UPDATE tasks SET target_judgments = ${sql.lit(target)}, uncertain = ${sql.lit(uncertain ? 1 : 0)},
            is_open = ${openRule('submitted_count', 'active_leases', { target: sql.lit(target) })}
            WHERE id = ${taskId}`.execute(db);
}

/**
 * The batch's bookkeeping per project, in `settings` (key `consensus.batch.<project id>`): the last
 * annotation id it saw, how many annotations, its version string. Written with compare-and-set so two
 * processes that both find a batch due do not both run it.
 */
export interface BatchState {
  /** The last annotation id the last finished batch saw (0: none yet). */
  upTo: number;
  annotations: number;
  /** That batch's method_version ('' before the first). */
  version: string;
  at: number;
  /** Set when an automatic batch is claimed (the annotation id that made it due), cleared when one finishes. */
  claimUpTo?: number;
}

const batchKey = (projectId: number) => `consensus.batch.${projectId}`;

export async function batchState(db: Db, projectId: number): Promise<BatchState | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', batchKey(projectId)).executeTakeFirst();
  return row ? (JSON.parse(row.value) as BatchState) : null;
}

/** Write the state whatever was there (callers that race use `swapBatchState`). */
export async function saveBatchState(db: Db, projectId: number, state: BatchState): Promise<void> {
  const value = JSON.stringify(state);
  await db
    .insertInto('settings')
    .values({ key: batchKey(projectId), value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Replace the state only if it is still `expected` (null: absent). True when this caller won. */
export async function swapBatchState(db: Db, projectId: number, expected: BatchState | null, next: BatchState): Promise<boolean> {
  const value = JSON.stringify(next);
  if (expected === null) {
    const r = await db
      .insertInto('settings')
      .values({ key: batchKey(projectId), value })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const r = await db
    .updateTable('settings')
    .set({ value })
    .where('key', '=', batchKey(projectId))
    .where('value', '=', JSON.stringify(expected))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
