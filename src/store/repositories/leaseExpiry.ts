/**
 * Expire every lease past its time, in every project, in bounded batches. Routing sweeps a project
 * only when someone asks it for work; leases held by tutors who vanished (or by a server that
 * crashed) would otherwise keep their tasks' slots until then. Each expired lease gives its slot
 * back in the same transaction, so `active_leases` stays equal to the leased rows.
 */
import { sql } from 'kysely';
import type { Store } from '../database.js';
import { writeTransaction } from '../transaction.js';

/** Leases per transaction: keeps SQLite's writer short. */
const BATCH = 500;

export async function expireStaleLeases(store: Store, now: number): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await writeTransaction(store, async (db) => {
      // PostgreSQL: leases another sweeper or a submit holds are left to them.
      const lock = store.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
      const stale = await sql<{ id: number; task_id: number }>`
        UPDATE assignments SET state = 'expired', finished_at = ${now}
        WHERE id IN (SELECT id FROM assignments WHERE state = 'leased' AND expires_at <= ${now} ORDER BY expires_at LIMIT ${BATCH} ${lock})
        RETURNING id, task_id`.execute(db);
      const perTask = new Map<number, number>();
      for (const r of stale.rows) perTask.set(r.task_id, (perTask.get(r.task_id) ?? 0) + 1);
      // Task-id order, as the routing sweep does, so concurrent sweepers lock task rows in one order.
      for (const [taskId, n] of [...perTask].sort((a, b) => a[0] - b[0])) {
        await sql`UPDATE tasks SET active_leases = active_leases - ${n},
                  is_open = CASE WHEN is_gold = 1 OR submitted_count + active_leases - ${n} < COALESCE(target_judgments, (SELECT p.overlap FROM projects p WHERE p.id = tasks.project_id)) THEN 1 ELSE 0 END
                  WHERE id = ${taskId}`.execute(db);
      }
      return stale.rows.length;
    });
    total += expired;
    if (expired < BATCH) return total;
  }
}
