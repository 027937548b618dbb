/**
 * A tutor's own work, read for them: their annotations newest first (keyset on the `annotations_user`
 * index: user, submitted at, id), and their judged / skipped counts per project. Nothing here reads
 * another user's rows or anything that tells gold apart.
 */
import type { Db } from '../transaction.js';

export interface MySubmissionRow {
  id: number;
  taskId: number;
  projectId: number;
  projectName: string;
  projectType: string;
  domain: string;
  payload: string;
  response: string;
  createdAt: number;
}

export async function submissionsOf(
  db: Db,
  userId: number,
  page: { projectId?: number; before?: { submittedAt: number; id: number }; limit: number },
): Promise<MySubmissionRow[]> {
  const before = page.before;
  const rows = await db
    .selectFrom('annotations as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .innerJoin('projects as p', 'p.id', 'n.project_id')
    .select([
      'n.id',
      'n.task_id as taskId',
      'n.project_id as projectId',
      'p.name as projectName',
      'p.type as projectType',
      't.domain',
      't.payload',
      'n.response',
      'n.created_at as createdAt',
    ])
    .where('n.user_id', '=', userId)
    .$if(page.projectId !== undefined, (q) => q.where('n.project_id', '=', page.projectId!))
    .$if(before !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('n.created_at', '<', before!.submittedAt),
          eb.and([eb('n.created_at', '=', before!.submittedAt), eb('n.id', '<', before!.id)]),
        ]),
      ),
    )
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt), response: String(r.response) }));
}

export interface MyProjectCounts {
  judged: number;
  skipped: number;
}

/** Per project the user worked in: answers submitted and tasks given back. */
export async function myCountsPerProject(db: Db, userId: number): Promise<Map<number, MyProjectCounts>> {
  const judged = await db
    .selectFrom('annotations')
    .select(['project_id as projectId', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('user_id', '=', userId)
    .groupBy('project_id')
    .execute();
  const skipped = await db
    .selectFrom('assignments')
    .select(['project_id as projectId', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('user_id', '=', userId)
    .where('state', '=', 'skipped')
    .groupBy('project_id')
    .execute();
  const out = new Map<number, MyProjectCounts>();
  const entry = (id: number) => out.get(id) ?? out.set(id, { judged: 0, skipped: 0 }).get(id)!;
  for (const r of judged) entry(r.projectId).judged = Number(r.n);
  for (const r of skipped) entry(r.projectId).skipped = Number(r.n);
  return out;
}
