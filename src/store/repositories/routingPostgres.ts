/**
 * The routing store on PostgreSQL. Concurrency rules:
 * - a per-tutor advisory lock serialises one tutor's own `next` calls (no two leases from a double click);
 * - the pick is `FOR UPDATE SKIP LOCKED` over the open-task index, so concurrent tutors take different
 *   rows instead of queueing on the same one, and the counters are re-checked on the locked row;
 * - stale leases are claimed with SKIP LOCKED too, so two sweepers never release the same slot;
 * - submit locks its assignment row first, then the task row (same order as the sweep: no deadlock);
 * - sequential scans are off inside the lease transaction (see below): the plan must not depend on stale statistics.
 */
import { sql } from 'kysely';
import type { PostgresStore } from '../database.js';
import { writeTransaction, type Db } from '../transaction.js';
import { planCompletion, sweepDue, type LeaseState } from '../../routing/leases.js';
import { GOLD_PICK_ORDER_SQL, PICK_ORDER_SQL, UNCERTAIN_PICK_ORDER_SQL, goldOrderSalt } from '../../routing/pickOrder.js';
import { openRule } from './openRule.js';
import type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

/** Advisory-lock namespace for "one tutor's next calls" (arbitrary constant). */
const TUTOR_LOCK_SPACE = 0x7475;

const releaseSlot = (taskId: number, overlap: number) =>
  sql`UPDATE tasks SET active_leases = active_leases - 1, is_open = ${openRule('submitted_count', '(active_leases - 1)', { overlap })}
      WHERE id = ${taskId}`;

export function leaseNextPostgres(store: PostgresStore, req: LeaseRequest): Promise<LeasedTask | null> {
  return writeTransaction(store, async (db) => {
    // Every query below is an index probe by design. Statistics gathered while assignments was small
    // make the planner seq-scan it inside the anti-join, which turns each `next` into O(assignments):
    // sequential scans are turned off for this transaction only (one round trip with the tutor lock).
    await sql`SELECT set_config('enable_seqscan', 'off', true), pg_advisory_xact_lock(${TUTOR_LOCK_SPACE}, ${req.userId})`.execute(db);
    let swept = lastSweeps.get(store);
    if (!swept) lastSweeps.set(store, (swept = new Map()));
    const sweepNow = async () => {
      await sweepStale(db, req);
      swept.set(req.projectId, req.now);
    };
    if (sweepDue(swept.get(req.projectId), req.now)) await sweepNow();
    else {
      // Skipped the sweep: if nothing turns up, sweep and try once more before answering "nothing left".
      const leased = await pick(db, req);
      if (leased) return leased;
      await sweepNow();
    }
    return pick(db, req);
  });
}

/** When each project was last swept by this process (request clock). */
const lastSweeps = new WeakMap<PostgresStore, Map<number, number>>();

async function sweepStale(db: Db, req: LeaseRequest): Promise<void> {
  const stale = await sql<{ id: number; task_id: number }>`
    UPDATE assignments SET state = 'expired', finished_at = ${req.now}
    WHERE id IN (SELECT id FROM assignments WHERE project_id = ${req.projectId} AND state = 'leased' AND expires_at <= ${req.now}
                 ORDER BY expires_at LIMIT ${req.sweepBatch} FOR UPDATE SKIP LOCKED)
    RETURNING id, task_id`.execute(db);
  // Release in task-id order so concurrent sweepers lock task rows in one order.
  for (const r of [...stale.rows].sort((a, b) => a.task_id - b.task_id)) await releaseSlot(r.task_id, req.overlap).execute(db);
}

async function pick(db: Db, req: LeaseRequest): Promise<LeasedTask | null> {
  const live = await sql<Omit<LeasedTask, 'reused'>>`
    SELECT a.id AS "assignmentId", a.expires_at AS "expiresAt", t.id AS "taskId", t.domain, t.payload
    FROM assignments a JOIN tasks t ON t.id = a.task_id
    WHERE a.user_id = ${req.userId} AND a.project_id = ${req.projectId} AND a.state = 'leased' AND a.expires_at > ${req.now}
    LIMIT 1`.execute(db);
  if (live.rows[0]) return { ...live.rows[0], reused: true };

  const domainFilter = req.domains === null ? sql`` : sql`AND t.domain = ANY(${req.domains}::text[])`;
  for (const pool of req.pools) {
    // Trusted tutors: the uncertain pool (partial index tasks_open_uncertain) before the normal one.
    const uncertain =
      pool === 0 && req.uncertainDomains && req.uncertainDomains.length > 0
        ? await sql<{ taskId: number; domain: string; payload: string }>`
            SELECT t.id AS "taskId", t.domain, t.payload FROM tasks t
            WHERE t.project_id = ${req.projectId} AND t.is_open = 1 AND t.uncertain = 1 AND t.is_gold = 0
              AND t.domain = ANY(${req.uncertainDomains}::text[])
              AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.user_id = ${req.userId})
            ORDER BY ${sql.raw(UNCERTAIN_PICK_ORDER_SQL)} LIMIT 1
            FOR UPDATE OF t SKIP LOCKED`.execute(db)
        : null;
    const picked = uncertain?.rows[0]
      ? uncertain
      : await sql<{ taskId: number; domain: string; payload: string }>`
      SELECT t.id AS "taskId", t.domain, t.payload FROM tasks t
      WHERE t.project_id = ${req.projectId} AND t.is_gold = ${pool} AND t.is_open = 1 ${domainFilter}
        AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.user_id = ${req.userId})
      ORDER BY ${pool === 1 ? sql.raw(GOLD_PICK_ORDER_SQL(String(goldOrderSalt(req.userId)))) : sql.raw(PICK_ORDER_SQL)} LIMIT 1
      FOR UPDATE OF t SKIP LOCKED`.execute(db);
    const row = picked.rows[0];
    if (!row) continue;
    // The locked row was re-read after any concurrent commit (READ COMMITTED re-check), so is_open holds.
    // The lease row and the counter move in one statement (one round trip, same transaction).
    const lease = await sql<{ id: number }>`
      WITH slot AS (
        UPDATE tasks SET active_leases = active_leases + 1, is_open = ${openRule('submitted_count', '(active_leases + 1)', { overlap: req.overlap })}
        WHERE id = ${row.taskId} RETURNING id)
      INSERT INTO assignments (task_id, project_id, user_id, state, leased_at, expires_at)
      SELECT slot.id, ${req.projectId}, ${req.userId}, 'leased', ${req.now}, ${req.expiresAt} FROM slot RETURNING id`.execute(db);
    return { assignmentId: lease.rows[0].id, expiresAt: req.expiresAt, ...row, reused: false };
  }
  return null;
}

export function completeLeasePostgres(store: PostgresStore, req: CompleteRequest): Promise<CompleteResult> {
  return writeTransaction(store, async (db): Promise<CompleteResult> => {
    const found = await sql<{ userId: number; taskId: number; projectId: number; state: LeaseState; expiresAt: number; overlap: number }>`
      SELECT a.user_id AS "userId", a.task_id AS "taskId", a.project_id AS "projectId", a.state, a.expires_at AS "expiresAt", p.overlap
      FROM assignments a JOIN projects p ON p.id = a.project_id WHERE a.id = ${req.assignmentId} FOR UPDATE OF a`.execute(db);
    const step = planCompletion(found.rows[0], req);
    if (step.kind === 'refuse') return { status: step.status };
    if (step.kind === 'skip') {
      if (step.markSkipped) {
        await sql`UPDATE assignments SET state = 'skipped', finished_at = COALESCE(finished_at, ${req.now}) WHERE id = ${req.assignmentId}`.execute(
          db,
        );
      }
      if (step.releaseSlot) await releaseSlot(step.held.taskId, step.held.overlap).execute(db);
      return { status: 'ok', annotationId: null };
    }
    if (step.kind === 'expire') {
      await sql`UPDATE assignments SET state = 'expired', finished_at = ${req.now} WHERE id = ${req.assignmentId}`.execute(db);
      await releaseSlot(step.held.taskId, step.held.overlap).execute(db);
      return { status: 'expired' };
    }
    const a = step.held;
    const ann = req.annotation!;
    // State, annotation and counters in one statement: the assignment row is already locked above.
    const inserted = await sql<{ id: number }>`
      WITH done AS (UPDATE assignments SET state = 'submitted', finished_at = ${req.now} WHERE id = ${req.assignmentId} AND state = 'leased' RETURNING id),
      counted AS (
        UPDATE tasks SET submitted_count = submitted_count + 1, active_leases = active_leases - 1,
          is_open = ${openRule('(submitted_count + 1)', '(active_leases - 1)', { overlap: a.overlap })}
        WHERE id = ${a.taskId} AND EXISTS (SELECT 1 FROM done) RETURNING id)
      INSERT INTO annotations (assignment_id, task_id, project_id, user_id, response, duration_ms, created_at)
      SELECT done.id, ${a.taskId}, ${a.projectId}, ${req.userId}, ${ann.response}, ${ann.durationMs}, ${req.now} FROM done, counted RETURNING id`.execute(
      db,
    );
    if (!inserted.rows[0]) return { status: 'used' };
    return { status: 'ok', annotationId: inserted.rows[0].id };
  });
}
