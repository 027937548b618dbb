/** Checks read back from the database after a concurrent run. */
import { sql } from 'kysely';
import type { Store } from '../../../src/store/database.js';
import type { Ack } from './tutorLoop.js';

export async function checkInvariants(store: Store, projectId: number, overlap: number, acks: Ack[]) {
  const db = store.db;
  const overfull = await sql<{ id: number; n: number }>`
    SELECT t.id, COUNT(n.id) AS n FROM tasks t JOIN annotations n ON n.task_id = t.id
    WHERE t.project_id = ${projectId} AND t.is_gold = 0 GROUP BY t.id HAVING COUNT(n.id) > ${overlap}`.execute(db);
  const twice = await sql<{ task_id: number; user_id: number }>`
    SELECT task_id, user_id FROM annotations WHERE project_id = ${projectId} GROUP BY task_id, user_id HAVING COUNT(*) > 1`.execute(db);
  const stored = await db.selectFrom('annotations').select(['id', 'task_id', 'user_id']).where('project_id', '=', projectId).execute();
  const byId = new Map(stored.map((r) => [r.id, r]));
  const missing = acks.filter((a) => {
    const r = byId.get(a.annotationId);
    return !r || r.task_id !== a.taskId || r.user_id !== a.userId;
  });
  // The counters routing relies on must agree with the rows they summarise.
  const drift = await sql<{ id: number }>`
    SELECT t.id FROM tasks t WHERE t.project_id = ${projectId} AND (
      t.submitted_count <> (SELECT COUNT(*) FROM annotations n WHERE n.task_id = t.id) OR
      t.active_leases <> (SELECT COUNT(*) FROM assignments a WHERE a.task_id = t.id AND a.state = 'leased'))`.execute(db);
  const perTask = await sql<{ n: number }>`
    SELECT COUNT(n.id) AS n FROM tasks t LEFT JOIN annotations n ON n.task_id = t.id
    WHERE t.project_id = ${projectId} AND t.is_gold = 0 GROUP BY t.id`.execute(db);
  return {
    overfull: overfull.rows,
    judgedTwice: twice.rows,
    missingAcks: missing,
    counterDrift: drift.rows,
    storedCount: stored.length,
    tasksShortOfK: perTask.rows.filter((r) => Number(r.n) < overlap).length,
  };
}
