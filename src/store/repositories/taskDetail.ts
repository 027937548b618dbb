/** What a manager's task page reads: the task, every judgment with its tutor, its reviews and its audit trail. */
import type { Db } from '../transaction.js';

export async function taskById(db: Db, id: number) {
  return db
    .selectFrom('tasks')
    .select([
      'id',
      'project_id as projectId',
      'external_id as externalId',
      'domain',
      'payload',
      'gold',
      'is_gold as isGold',
      'priority',
      'submitted_count as judgments',
      'active_leases as activeLeases',
      'target_judgments as target',
      'created_at as createdAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every annotation of the task, corrections included, oldest first, with the tutor's name and tier. */
export async function judgmentsOfTask(db: Db, taskId: number) {
  return db
    .selectFrom('annotations as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select([
      'n.id',
      'n.user_id as userId',
      'u.name',
      'u.tier',
      'n.response',
      'n.duration_ms as durationMs',
      'n.created_at as createdAt',
      'n.supersedes_id as supersedes',
    ])
    .where('n.task_id', '=', taskId)
    .orderBy('n.id')
    .execute();
}

/** The task's reviews, oldest first, with the deciding reviewer's name. */
export async function reviewsOfTask(db: Db, taskId: number) {
  return db
    .selectFrom('reviews as r')
    .leftJoin('users as u', 'u.id', 'r.reviewer_id')
    .select([
      'r.id',
      'r.reason',
      'r.state',
      'r.note',
      'r.created_at as createdAt',
      'r.decided_at as decidedAt',
      'r.reviewer_id as reviewerId',
      'u.name as reviewerName',
      'r.verdict',
      'r.comment',
    ])
    .where('r.task_id', '=', taskId)
    .orderBy('r.id')
    .execute();
}

/**
 * Audit events whose target is the task or one of its reviews, newest first: each side is a range
 * of the `(target_type, target_id, id)` index.
 */
export async function auditOfTask(db: Db, taskId: number, reviewIds: number[], limit: number) {
  const targets = (type: string, ids: string[]) =>
    db
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .select(['a.id', 'a.actor_id as actorId', 'u.name as actorName', 'a.action', 'a.detail', 'a.at'])
      .where('a.target_type', '=', type)
      .where('a.target_id', 'in', ids)
      .orderBy('a.id', 'desc')
      .limit(limit)
      .execute();
  const [task, reviews] = await Promise.all([
    targets('task', [String(taskId)]),
    reviewIds.length ? targets('review', reviewIds.map(String)) : [],
  ]);
  return [...task, ...reviews].sort((a, b) => b.id - a.id).slice(0, limit);
}
