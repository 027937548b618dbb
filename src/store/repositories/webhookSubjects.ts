/**
 * What webhook payloads are rendered from: the rows their events' subjects name. Read at delivery, not
 * at the event, because the triggers of migration 009 can only store ids; the rows they read never
 * change after the event (annotations are never updated; a decided review stays decided). Each reader
 * takes the ids of a whole batch of deliveries and answers in one statement (keyed by id): the worker
 * must not cost the database a read per delivery. Pass at least one id.
 */
import type { Db } from '../transaction.js';

const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [Number(r.id), r]));

export async function annotationSubjects(db: Db, ids: number[]) {
  const rows = await db
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
    .where('a.id', 'in', ids)
    .execute();
  return byId(rows);
}

export async function taskSubjects(db: Db, ids: number[]) {
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'project_id as projectId', 'external_id as externalId', 'domain', 'submitted_count as judgments'])
    .where('id', 'in', ids)
    .execute();
  return byId(rows);
}

export async function projectSubjects(db: Db, ids: number[]) {
  return byId(await db.selectFrom('projects').select(['id', 'name', 'type']).where('id', 'in', ids).execute());
}

export async function reviewSubjects(db: Db, ids: number[]) {
  const rows = await db
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
    .where('r.id', 'in', ids)
    .execute();
  return byId(rows);
}

export async function certificationSubjects(db: Db, ids: number[]) {
  const rows = await db
    .selectFrom('certifications')
    .select(['id', 'user_id as userId', 'domain', 'level', 'source', 'granted_at as grantedAt', 'revoked_at as revokedAt'])
    .where('id', 'in', ids)
    .execute();
  return byId(rows);
}

/** Generation jobs as their `generation.finished` events report them: end state and how their responses went. */
export async function generationSubjects(db: Db, ids: number[]) {
  const jobs = await db
    .selectFrom('generation_jobs')
    .select(['id', 'project_id as projectId', 'state', 'error'])
    .where('id', 'in', ids)
    .execute();
  const items = await db
    .selectFrom('generation_items')
    .select(['job_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('job_id', 'in', ids)
    .groupBy(['job_id', 'state'])
    .execute();
  const count = (jobId: number, state: string) => Number(items.find((i) => i.job_id === jobId && i.state === state)?.n ?? 0);
  return byId(
    jobs.map((job) => ({
      ...job,
      responses: { done: count(job.id, 'done'), failed: count(job.id, 'failed'), pending: count(job.id, 'pending') },
    })),
  );
}
