/**
 * Progress of every project at once, for the managers' project list: each read is one grouped
 * query over all projects (not one per project), answering the same figures as the per-project
 * reads in tasks.ts (`taskCounts`) and annotations.ts (`judgmentsPerDay`, `durationsPerTutor`).
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';
import type { TaskCounts } from './tasks.js';

const DAY_MS = 86_400_000;

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

/** Judgments per UTC day, per project, days in order. */
export async function judgmentsPerDayPerProject(db: Db): Promise<Map<number, { day: string; count: number }[]>> {
  const dayMs = sql.lit(DAY_MS);
  const day = sql<number>`(created_at / ${dayMs})`;
  const rows = await db
    .selectFrom('annotations')
    .select(['project_id as projectId', day.as('day'), (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['project_id', day])
    .orderBy('project_id')
    .orderBy(day)
    .execute();
  const out = new Map<number, { day: string; count: number }[]>();
  for (const r of rows) {
    const list = out.get(Number(r.projectId)) ?? [];
    list.push({ day: new Date(Math.floor(Number(r.day)) * DAY_MS).toISOString().slice(0, 10), count: Number(r.count) });
    out.set(Number(r.projectId), list);
  }
  return out;
}

/** Every annotation's duration with its tutor, per project, in tutor order. */
export async function durationsPerTutorPerProject(
  db: Db,
): Promise<Map<number, { userId: number; name: string; tier: string; durationMs: number }[]>> {
  const rows = await db
    .selectFrom('annotations as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.project_id as projectId', 'n.user_id as userId', 'u.name', 'u.tier', 'n.duration_ms as durationMs'])
    .orderBy('n.project_id')
    .orderBy('n.user_id')
    .execute();
  const out = new Map<number, { userId: number; name: string; tier: string; durationMs: number }[]>();
  for (const { projectId, ...r } of rows) {
    const list = out.get(Number(projectId)) ?? [];
    list.push(r);
    out.set(Number(projectId), list);
  }
  return out;
}
