/**
 * Tasks: the row an import makes (imports.ts stages and publishes them), listing, and the counts
 * behind project stats.
 */
import { sql } from 'kysely';
import type { TaskRow } from '../schema.js';
import type { Db } from '../transaction.js';

export interface NewTask {
  externalId: string;
  domain: string;
  payload: string;
  gold: string | null;
  contentHash: string;
  priority: number;
}

export async function tasksPage(db: Db, projectId: number, offset: number, limit: number): Promise<TaskRow[]> {
  return db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).orderBy('id').offset(offset).limit(limit).execute();
}

export interface TaskCounts {
  total: number;
  gold: number;
  /** Non-gold tasks with all the judgments they need (k, or their adaptive target). */
  done: number;
  /** Non-gold tasks with at least one judgment or live lease, not yet done. */
  inProgress: number;
}

/**
 * One project's counts by a pass over its tasks: the reference the task state rollups must equal
 * (projectStats.ts `taskCountsPerProject` reads them). `overlap` is the routing overlap (the
 * projects.overlap column); adaptive tasks carry their own target.
 */
export async function taskCountsFromScratch(db: Db, projectId: number, overlap: number): Promise<TaskCounts> {
  const needed = sql`COALESCE(target_judgments, ${overlap})`;
  const row = await db
    .selectFrom('tasks')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      sql<number>`SUM(CASE WHEN is_gold = 1 THEN 1 ELSE 0 END)`.as('gold'),
      sql<number>`SUM(CASE WHEN is_gold = 0 AND submitted_count >= ${needed} THEN 1 ELSE 0 END)`.as('done'),
      sql<number>`SUM(CASE WHEN is_gold = 0 AND submitted_count < ${needed} AND submitted_count + active_leases > 0 THEN 1 ELSE 0 END)`.as(
        'inProgress',
      ),
    ])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), gold: Number(row.gold ?? 0), done: Number(row.done ?? 0), inProgress: Number(row.inProgress ?? 0) };
}

/**
 * What is left for one tutor (routing/goldMixing.ts `WorkLeft`): open real tasks in the given domains
 * they were never assigned, counted up to `realCap` (an index walk that stops there), and open gold
 * tasks there they never met (the gold set is small). One statement, one round trip.
 */
export async function workLeftForUser(
  db: Db,
  projectId: number,
  userId: number,
  domains: string[] | null,
  realCap: number,
  /** Cascade projects: only regular tasks at this tier's level. */
  cascadeTier?: string,
): Promise<{ realLeft: number; goldUnmet: number }> {
  const open = (isGold: 0 | 1) => {
    let q = db
      .selectFrom('tasks as t')
      .select('t.id')
      .where('t.project_id', '=', projectId)
      .where('t.is_gold', '=', isGold)
      .where('t.is_open', '=', 1)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', userId)),
        ),
      );
    if (domains !== null) q = q.where('t.domain', 'in', domains);
    if (cascadeTier !== undefined && isGold === 0) q = q.where('t.cascade_tier', '=', cascadeTier);
    return q;
  };
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom(open(0).limit(realCap).as('r'))
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('realLeft'),
      eb
        .selectFrom(open(1).as('g'))
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('goldUnmet'),
    ])
    .executeTakeFirstOrThrow();
  return { realLeft: Number(row.realLeft ?? 0), goldUnmet: Number(row.goldUnmet ?? 0) };
}

/** Real and gold tasks ever assigned to a tutor in a project (any state): all of them from the assignments index, gold by probing the small gold set. */
export async function servedToUser(db: Db, projectId: number, userId: number): Promise<{ real: number; gold: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('assignments')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('project_id', '=', projectId)
        .as('all'),
      eb
        .selectFrom('tasks as t')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('t.project_id', '=', projectId)
        .where('t.is_gold', '=', 1)
        .where((e) =>
          e.exists(e.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', userId)),
        )
        .as('gold'),
    ])
    .executeTakeFirstOrThrow();
  const gold = Number(row.gold ?? 0);
  return { real: Number(row.all ?? 0) - gold, gold };
}

/** A task's payload (JSON text) and whether it is gold; undefined when there is no such task. */
export async function taskPayloadById(db: Db, taskId: number): Promise<{ payload: string; isGold: boolean } | undefined> {
  const row = await db.selectFrom('tasks').select(['payload', 'is_gold']).where('id', '=', taskId).executeTakeFirst();
  return row ? { payload: row.payload, isGold: row.is_gold === 1 } : undefined;
}

export async function taskCountOf(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Task id → the external id it was imported with, for every task of the project. */
export async function externalIdsOf(db: Db, projectId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('tasks').select(['id', 'external_id']).where('project_id', '=', projectId).execute();
  return new Map(rows.map((r) => [r.id, r.external_id]));
}

/** Tasks' payloads (JSON text) by id. */
export async function taskPayloads(db: Db, taskIds: readonly number[]): Promise<{ id: number; payload: string }[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('tasks')
    .select(['id', 'payload'])
    .where('id', 'in', [...taskIds])
    .execute();
}
