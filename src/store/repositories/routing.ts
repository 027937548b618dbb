/** The routing store: one entry point per operation, dispatched to the dialect's implementation. */
import { sql } from 'kysely';
import type { Store } from '../database.js';
import type { Db } from '../transaction.js';
import { completeLeasePostgres, leaseNextPostgres } from './routingPostgres.js';
import { completeLeaseSqlite, leaseNextSqlite } from './routingSqlite.js';
import type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

export type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

/** Sweep stale leases, return the tutor's live lease if any, else lease the first eligible task. */
export function leaseNextTask(store: Store, req: LeaseRequest): Promise<LeasedTask | null> {
  return store.dialect === 'sqlite' ? leaseNextSqlite(store, req) : leaseNextPostgres(store, req);
}

/** Submit (store the annotation) or skip a lease, atomically with the task counters. */
export function completeLease(store: Store, req: CompleteRequest): Promise<CompleteResult> {
  return store.dialect === 'sqlite' ? completeLeaseSqlite(store, req) : completeLeasePostgres(store, req);
}

/**
 * After a project's overlap or adaptive policy changes: re-derive every task's open flag from its
 * counters. With `adaptive`, per-task targets are kept but clamped into [min, max]; without it they
 * are cleared (and no task stays marked uncertain), so every task falls back to the project overlap.
 */
export async function rederiveOpenFlags(db: Db, projectId: number, overlap: number, adaptive: { min: number; max: number } | null): Promise<void> {
  if (adaptive) {
    const [min, max] = [sql.lit(adaptive.min), sql.lit(adaptive.max)];
    await sql`UPDATE tasks SET target_judgments = CASE WHEN target_judgments < ${min} THEN ${min} WHEN target_judgments > ${max} THEN ${max} ELSE target_judgments END
              WHERE project_id = ${projectId} AND target_judgments IS NOT NULL`.execute(db);
  } else {
    await sql`UPDATE tasks SET target_judgments = NULL, uncertain = 0 WHERE project_id = ${projectId} AND (target_judgments IS NOT NULL OR uncertain = 1)`.execute(db);
  }
  await sql`UPDATE tasks SET is_open = CASE WHEN is_gold = 1 OR submitted_count + active_leases < COALESCE(target_judgments, ${sql.lit(overlap)}) THEN 1 ELSE 0 END
            WHERE project_id = ${projectId}`.execute(db);
}
