/**
 * Progress of every project at once, for the managers' project list: each read is one grouped
 * query over all projects (not one per project), answering the same figures as `taskCounts` in
 * tasks.ts. Judgments per day and per tutor come from the rollups (judgmentRollups.ts).
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';
import type { TaskCounts } from './tasks.js';

/** Task counts per project; a project with no tasks is absent. Done = judged up to the task's target, else the project's routing overlap. */
export async function taskCountsPerProject(db: Db): Promise<Map<number, TaskCounts>> {
  const needed = sql`COALESCE(t.target_judgments, p.overlap)`;
  const rows = await db
    .selectFrom('tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .select((eb) => [
      't.project_id as projectId',
      eb.fn.countAll<number>().as('total'),
      sql<number>`SUM(CASE WHEN t.is_gold = 1 THEN 1 ELSE 0 END)`.as('gold'),
      sql<number>`SUM(CASE WHEN t.is_gold = 0 AND t.submitted_count >= ${needed} THEN 1 ELSE 0 END)`.as('done'),
      sql<number>`SUM(CASE WHEN t.is_gold = 0 AND t.submitted_count < ${needed} AND t.submitted_count + t.active_leases > 0 THEN 1 ELSE 0 END)`.as(
        'inProgress',
      ),
    ])
    .groupBy('t.project_id')
    .execute();
  return new Map(
    rows.map((r) => [
      Number(r.projectId),
      { total: Number(r.total), gold: Number(r.gold ?? 0), done: Number(r.done ?? 0), inProgress: Number(r.inProgress ?? 0) },
    ]),
  );
}
