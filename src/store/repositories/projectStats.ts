/**
 * Projects' progress (tasks total, gold, done, in progress) from the task state rollups (migration
 * 041, taskStateRollupSql.ts): a few dozen rows per project instead of every task. Judgments per day
 * and per tutor come from the judgment rollups (judgmentRollups.ts). `taskCountsPerProjectFromScratch`
 * is the pass over every task the rollups must equal (their tests compare the two).
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';
import type { TaskCounts } from './tasks.js';

/**
 * Task counts of one project, or of every project (`projectId` null; a project with no tasks is
 * absent). Done = judged up to the task's own target, else its project's routing overlap (`overlapOf`).
 */
export async function taskCountsPerProject(
  db: Db,
  projectId: number | null,
  overlapOf: (projectId: number) => number,
): Promise<Map<number, TaskCounts>> {
  let query = db
    .selectFrom('task_state_rollups')
    .select((eb) => ['project_id', 'is_gold', 'target', 'submitted', 'active', eb.fn.sum<number>('tasks').as('tasks')])
    .groupBy(['project_id', 'is_gold', 'target', 'submitted', 'active']);
  if (projectId !== null) query = query.where('project_id', '=', projectId);
  const counts = new Map<number, TaskCounts>();
  for (const row of await query.execute()) {
    const tasks = Number(row.tasks);
    if (tasks === 0) continue;
    let c = counts.get(row.project_id);
    if (!c) counts.set(row.project_id, (c = { total: 0, gold: 0, done: 0, inProgress: 0 }));
    c.total += tasks;
    if (row.is_gold === 1) c.gold += tasks;
    else if (row.submitted >= (row.target === -1 ? overlapOf(row.project_id) : row.target)) c.done += tasks;
    else if (row.submitted > 0 || row.active === 1) c.inProgress += tasks;
  }
  return counts;
}

/** The reference for `taskCountsPerProject` (every project): one grouped pass over every task. */
export async function taskCountsPerProjectFromScratch(db: Db): Promise<Map<number, TaskCounts>> {
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
