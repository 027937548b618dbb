/** What a tutor's review feedback reads: the verdicts they were told of, and their own answers. */
import type { Db } from '../transaction.js';
import { firstRowOfItsDecision } from './reviewDecisions.js';

/**
 * Decided reviews on tasks the user annotated or flagged before the decision (those the verdict told
 * them about), newest first: gold and real alike (#12). One row per decision: reviews closed together
 * by one verdict share task and decision time, and only the lowest id is kept.
 */
export async function decidedForTutor(db: Db, userId: number, limit: number, before?: number) {
  return db
    .selectFrom('reviews as r')
    .innerJoin('tasks as t', 't.id', 'r.task_id')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select([
      'r.id',
      'r.task_id as taskId',
      't.domain',
      't.payload',
      'p.id as projectId',
      'p.name as projectName',
      'p.type as projectType',
      'r.verdict',
      'r.comment',
      'r.decided_at as decidedAt',
    ])
    .where('r.state', '=', 'decided')
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('annotations as n')
            .select('n.id')
            .whereRef('n.task_id', '=', 'r.task_id')
            .where('n.user_id', '=', userId)
            .whereRef('n.created_at', '<=', 'r.decided_at'),
        ),
        eb.exists(
          eb
            .selectFrom('reviews as f')
            .select('f.id')
            .whereRef('f.task_id', '=', 'r.task_id')
            .where('f.flagged_by', '=', userId)
            .whereRef('f.created_at', '<=', 'r.decided_at'),
        ),
      ]),
    )
    .where(firstRowOfItsDecision)
    .$if(before !== undefined, (q) => q.where('r.id', '<', before!))
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

/** The user's current annotation (newest, corrections included) on each of these tasks. */
export async function answersOf(db: Db, userId: number, taskIds: number[]): Promise<Map<number, string>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('annotations')
    .select(['task_id', 'response'])
    .where('user_id', '=', userId)
    .where('task_id', 'in', taskIds)
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, r.response]));
}
