/** The routing store: one entry point per operation, dispatched to the dialect's implementation. */
import { sql } from 'kysely';
import type { Store } from '../database.js';
import type { Db } from '../transaction.js';
import { rememberLease } from './lookups.js';
import { openRule } from './openRule.js';
import { completeLeasePostgres, completeThenLeasePostgres, leaseNextPostgres } from './routingPostgres.js';
import { completeLeaseSqlite, completeThenLeaseSqlite, leaseNextSqlite } from './routingSqlite.js';
import type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

export type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

/** Sweep stale leases; hand back a live lease when the tutor holds all they may (people: one), else lease the first eligible task. */
export async function leaseNextTask(store: Store, req: LeaseRequest): Promise<LeasedTask | null> {
  return remembered(store, req, await (store.dialect === 'sqlite' ? leaseNextSqlite(store, req) : leaseNextPostgres(store, req)));
}

/** A committed lease, kept in memory so its submit reads neither the lease nor its task (lookups.ts). */
function remembered(store: Store, req: LeaseRequest, leased: LeasedTask | null): LeasedTask | null {
  if (leased) {
    const { taskId, domain, isGold, payload } = leased;
    rememberLease(store, leased.assignmentId, { userId: req.userId, projectId: req.projectId, taskId, domain, isGold, payload });
  }
  return leased;
}

/** Submit (store the annotation) or skip a lease, atomically with the task counters. */
export function completeLease(store: Store, req: CompleteRequest): Promise<CompleteResult> {
  return store.dialect === 'sqlite' ? completeLeaseSqlite(store, req) : completeLeasePostgres(store, req);
}

/**
 * Submit, then lease the next task when the submit succeeded (submit-and-next), in one transaction:
 * `BEGIN IMMEDIATE` on SQLite, one function call on PostgreSQL (its sweep never waits on a row, so
 * holding the submitted task's lock meanwhile cannot deadlock).
 */
export async function completeThenLease(
  store: Store,
  complete: CompleteRequest,
  lease: LeaseRequest,
): Promise<{ completed: CompleteResult; leased: LeasedTask | null }> {
  const out = await (store.dialect === 'sqlite'
    ? completeThenLeaseSqlite(store, complete, lease)
    : completeThenLeasePostgres(store, complete, lease));
  return { completed: out.completed, leased: remembered(store, lease, out.leased) };
}

/**
 * After a project's overlap or adaptive policy changes: re-derive every task's open flag from its
 * counters and its own target (`target_judgments`, else `overlap`). Without adaptive overlap the
 * per-task targets and uncertain marks are cleared first, so every task falls back to the overlap.
 */
export async function rederiveOpenFlags(db: Db, projectId: number, overlap: number, adaptive: boolean): Promise<void> {
  if (!adaptive) {
    await sql`UPDATE tasks SET target_judgments = NULL, uncertain = 0 WHERE project_id = ${projectId} AND (target_judgments IS NOT NULL OR uncertain = 1)`.execute(
      db,
    );
  }
  await sql`UPDATE tasks SET is_open = ${openRule('submitted_count', 'active_leases', { overlap: sql.lit(overlap) })} WHERE project_id = ${projectId}`.execute(
    db,
  );
}

/** Judged non-gold tasks with their stored consensus confidence (null: none), in id order after `after`. */
export async function judgedTasksPage(
  db: Db,
  projectId: number,
  after: number,
  limit: number,
): Promise<{ id: number; submitted: number; confidence: number | null }[]> {
  const rows = await db
    .selectFrom('tasks as t')
    .leftJoin('task_consensus as c', 'c.task_id', 't.id')
    .select(['t.id', 't.submitted_count as submitted', 'c.confidence'])
    .where('t.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .where('t.submitted_count', '>', 0)
    .where('t.id', '>', after)
    .orderBy('t.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, submitted: Number(r.submitted), confidence: r.confidence === null ? null : Number(r.confidence) }));
}

/** Set per-task targets and uncertain marks (open flags are re-derived by `rederiveOpenFlags`). */
export async function setTargets(db: Db, ids: number[], target: number, uncertain: boolean): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('tasks')
      .set({ target_judgments: target, uncertain: uncertain ? 1 : 0 })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}
