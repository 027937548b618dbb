/**
 * What a webhook payload is rendered from: the rows an event's subject names. Read at delivery, not at
 * the event, because the triggers of migration 009 can only store ids; the rows they read never
 * change after the event (annotations are never updated; a decided review stays decided).
 */
import type { Db } from '../transaction.js';

export async function annotationSubject(db: Db, id: number) {
  return db
    .selectFrom('annotations as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.id',
      'a.project_id as projectId',
      't.external_id as taskId',
      't.domain',
      'a.user_id as userId',
      'u.tier',
      'a.response',
      'a.duration_ms as durationMs',
      'a.created_at as createdAt',
      'a.supersedes_id as supersedesId',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export async function taskSubject(db: Db, id: number) {
  return db
    .selectFrom('tasks')
    .select(['id', 'project_id as projectId', 'external_id as externalId', 'domain', 'submitted_count as judgments'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function projectSubject(db: Db, id: number) {
  return db.selectFrom('projects').select(['id', 'name', 'type']).where('id', '=', id).executeTakeFirst();
}

export async function reviewSubject(db: Db, id: number) {
  return db
    .selectFrom('reviews as r')
    .innerJoin('tasks as t', 't.id', 'r.task_id')
    .select([
      'r.id',
      'r.project_id as projectId',
      't.external_id as taskId',
      'r.domain',
      'r.reason',
      'r.verdict',
      'r.comment',
      'r.decided_at as decidedAt',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export async function certificationSubject(db: Db, id: number) {
  return db
    .selectFrom('certifications')
    .select(['id', 'user_id as userId', 'domain', 'level', 'source', 'granted_at as grantedAt', 'revoked_at as revokedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A generation job as its `generation.finished` event reports it: its end state and how its responses went. */
export async function generationSubject(db: Db, id: number) {
  const job = await db
    .selectFrom('generation_jobs')
    .select(['id', 'project_id as projectId', 'state', 'error'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!job) return undefined;
  const items = await db
    .selectFrom('generation_items')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('job_id', '=', id)
    .groupBy('state')
    .execute();
  const count = (state: string) => Number(items.find((i) => i.state === state)?.n ?? 0);
  return { ...job, responses: { done: count('done'), failed: count('failed'), pending: count('pending') } };
}
