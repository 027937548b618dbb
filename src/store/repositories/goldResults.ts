/**
 * Live gold: one row per production gold judgment (written after the submit), the input of gold
 * accuracy per tutor × domain and of certification suspension. Reliability is computed elsewhere
 * from these rows; this file only writes and counts them.
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';

export interface GoldTaskOfAnnotation {
  taskId: number;
  domain: string;
  /** The gold answer JSON; null when the task is not gold. */
  gold: string | null;
}

export async function goldTaskOfAnnotation(db: Db, annotationId: number): Promise<GoldTaskOfAnnotation | undefined> {
  const r = await db
    .selectFrom('annotations as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['t.id as taskId', 't.domain', 't.gold', 't.is_gold'])
    .where('a.id', '=', annotationId)
    .executeTakeFirst();
  return r ? { taskId: r.taskId, domain: r.domain, gold: r.is_gold === 1 ? r.gold : null } : undefined;
}

export interface NewGoldResult {
  userId: number;
  projectId: number;
  taskId: number;
  annotationId: number;
  domain: string;
  correct: boolean;
  at: number;
}

export async function insertGoldResult(db: Db, g: NewGoldResult): Promise<void> {
  await db
    .insertInto('gold_results')
    .values({
      user_id: g.userId,
      project_id: g.projectId,
      task_id: g.taskId,
      annotation_id: g.annotationId,
      domain: g.domain,
      correct: g.correct ? 1 : 0,
      created_at: g.at,
    })
    // Recorded after the reply, or when a server starts (recordMissingGold): whichever comes second does nothing.
    .onConflict((oc) => oc.column('annotation_id').doNothing())
    .execute();
}

/** The user's most recent `limit` gold results in a domain (all projects) created at or after `since`, newest first: 1 = correct. */
export async function recentGoldResults(db: Db, userId: number, domain: string, since: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('gold_results')
    .select('correct')
    .where('user_id', '=', userId)
    .where('domain', '=', domain)
    .where('created_at', '>=', since)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.correct);
}

/** Gold judgments and correct ones per domain for a user, all time. */
export async function goldTotalsByDomain(db: Db, userId: number): Promise<{ domain: string; total: number; correct: number }[]> {
  const rows = await db
    .selectFrom('gold_results')
    .select(['domain', db.fn.countAll<number>().as('total'), db.fn.sum<number>('correct').as('correct')])
    .where('user_id', '=', userId)
    .groupBy('domain')
    .orderBy('domain')
    .execute();
  return rows.map((r) => ({ domain: r.domain, total: Number(r.total), correct: Number(r.correct ?? 0) }));
}

export interface GoldResultRow {
  id: number;
  domain: string;
  correct: number;
  createdAt: number;
}

/**
 * The user's gold results old enough to be shown to them: made before `before` (ms) and for an
 * annotation no newer than `throughAnnotationId` (null: any), oldest first.
 */
export async function goldResultsUpTo(
  db: Db,
  userId: number,
  throughAnnotationId: number | null,
  before: number,
): Promise<GoldResultRow[]> {
  const rows = await db
    .selectFrom('gold_results')
    .select(['id', 'domain', 'correct', 'created_at'])
    .where('user_id', '=', userId)
    .$if(throughAnnotationId !== null, (q) => q.where('annotation_id', '<=', throughAnnotationId!))
    .where('created_at', '<=', before)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, domain: r.domain, correct: r.correct, createdAt: Number(r.created_at) }));
}

/** The id of the user's `n`-th most recent annotation (1 = the latest); undefined when they have fewer. */
/** The user's gold results old enough to be shown (as goldResultsUpTo), counted, not read. */
export async function readyGoldCount(db: Db, userId: number, throughAnnotationId: number | null, before: number): Promise<number> {
  const row = await db
    .selectFrom('gold_results')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .$if(throughAnnotationId !== null, (q) => q.where('annotation_id', '<=', throughAnnotationId!))
    .where('created_at', '<=', before)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Of the oldest `limit` of those results, how many are in `domain` and how many of them correct. */
export async function oldestGoldCountsIn(
  db: Db,
  userId: number,
  throughAnnotationId: number | null,
  before: number,
  limit: number,
  domain: string,
): Promise<{ total: number; correct: number }> {
  const oldest = db
    .selectFrom('gold_results')
    .select(['domain', 'correct'])
    .where('user_id', '=', userId)
    .$if(throughAnnotationId !== null, (q) => q.where('annotation_id', '<=', throughAnnotationId!))
    .where('created_at', '<=', before)
    .orderBy('id')
    .limit(limit);
  const row = await db
    .selectFrom(oldest.as('o'))
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.sum<number>('o.correct').as('correct')])
    .where('o.domain', '=', domain)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), correct: Number(row.correct ?? 0) };
}

export async function nthLatestAnnotationId(db: Db, userId: number, n: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('annotations')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .offset(n - 1)
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/**
 * Gold judgments in projects that serve gold with no result yet (a crash came between the submit and its result), by id.
 * Walked from the projects' gold tasks (CROSS JOIN fixes that order on SQLite) and sorted after: walked in the
 * judgments' id order, this pass, which every `serve` makes when it starts, read all of them (3 M at a million tasks:
 * 4.2 s on SQLite, 4.6 s of parallel scans on PostgreSQL while tutors' first requests waited, next p99 above 1 s).
 */
export async function goldAnnotationsWithoutResult(db: Db, afterId: number, limit: number) {
  return (
    db
      .selectFrom('projects as p')
      .crossJoin('tasks as t')
      .crossJoin('annotations as a')
      .whereRef('t.project_id', '=', 'p.id')
      .whereRef('a.task_id', '=', 't.id')
      .select(['a.id as annotationId', 'a.user_id as userId', 'a.project_id as projectId', 'a.response'])
      .where('t.is_gold', '=', 1)
      .where('p.gold_rate', '>', 0)
      .where('a.id', '>', afterId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('gold_results as g').select('g.id').whereRef('g.annotation_id', '=', 'a.id'))))
      // `a.id + 0`: sorted after the join, so PostgreSQL does not walk the judgments' primary key for the LIMIT.
      .orderBy(sql`a.id + 0`)
      .limit(limit)
      .execute()
  );
}
