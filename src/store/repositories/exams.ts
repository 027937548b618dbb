/**
 * Exams, their attempts, and the question banks behind both exams and practice (gold tasks of
 * projects whose purpose is `exam` or `practice`). Which projects are banks is decided by the caller
 * (purpose lives in the project config); this file only reads and writes rows.
 */
import type { Selectable } from 'kysely';
import type { Store } from '../database.js';
import type { ExamAttemptsTable, ExamsTable } from '../schema.js';
import type { Db } from '../transaction.js';

export type ExamRow = Selectable<ExamsTable>;
export type ExamAttemptRow = Selectable<ExamAttemptsTable>;

export interface NewExam {
  domain: string;
  name: string;
  questionCount: number;
  passMark: number;
  cooldownHours: number;
  createdBy: number | null;
  at: number;
}

export async function insertExam(db: Db, e: NewExam): Promise<ExamRow> {
  return db
    .insertInto('exams')
    .values({
      domain: e.domain,
      name: e.name,
      question_count: e.questionCount,
      pass_mark: e.passMark,
      cooldown_hours: e.cooldownHours,
      version: 1,
      active: 1,
      created_by: e.createdBy,
      created_at: e.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ExamChange {
  domain: string;
  name: string;
  questionCount: number;
  passMark: number;
  cooldownHours: number;
  active: boolean;
  version: number;
}

export async function saveExam(db: Db, id: number, c: ExamChange): Promise<ExamRow> {
  return db
    .updateTable('exams')
    .set({
      domain: c.domain,
      name: c.name,
      question_count: c.questionCount,
      pass_mark: c.passMark,
      cooldown_hours: c.cooldownHours,
      active: c.active ? 1 : 0,
      version: c.version,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function examById(db: Db, id: number): Promise<ExamRow | undefined> {
  return db.selectFrom('exams').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function allExams(db: Db): Promise<ExamRow[]> {
  return db.selectFrom('exams').selectAll().orderBy('id').execute();
}

/** Active exams, newest first (callers take the first per domain). */
export async function activeExams(db: Db, domain?: string): Promise<ExamRow[]> {
  return db
    .selectFrom('exams')
    .selectAll()
    .where('active', '=', 1)
    .$if(domain !== undefined, (q) => q.where('domain', '=', domain!))
    .orderBy('id', 'desc')
    .execute();
}

export interface BankTask {
  id: number;
  projectId: number;
  domain: string;
  payload: string;
  gold: string;
}

/** Gold tasks of the given bank projects in a domain (all domains when omitted), by id. */
export async function bankTasks(db: Db, projectIds: number[], domain?: string, ids?: number[]): Promise<BankTask[]> {
  if (projectIds.length === 0 || (ids && ids.length === 0)) return [];
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'project_id', 'domain', 'payload', 'gold'])
    .where('project_id', 'in', projectIds)
    .where('is_gold', '=', 1)
    .$if(domain !== undefined, (q) => q.where('domain', '=', domain!))
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids!))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, projectId: r.project_id, domain: r.domain, payload: r.payload, gold: r.gold ?? '{}' }));
}

/** Gold tasks per domain in the given bank projects (cheap counts for overviews). */
export async function bankSizes(db: Db, projectIds: number[]): Promise<Map<string, number>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tasks')
    .select(['domain', db.fn.countAll<number>().as('n')])
    .where('project_id', 'in', projectIds)
    .where('is_gold', '=', 1)
    .groupBy('domain')
    .execute();
  return new Map(rows.map((r) => [r.domain, Number(r.n)]));
}

export interface NewAttempt {
  examId: number;
  examVersion: number;
  userId: number;
  taskIds: number[];
  at: number;
}

export async function insertAttempt(db: Db, a: NewAttempt): Promise<ExamAttemptRow> {
  return db
    .insertInto('exam_attempts')
    .values({ exam_id: a.examId, exam_version: a.examVersion, user_id: a.userId, task_ids: JSON.stringify(a.taskIds), started_at: a.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function attemptById(db: Db, id: number): Promise<ExamAttemptRow | undefined> {
  return db.selectFrom('exam_attempts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The user's unsubmitted attempt at this exam, if any. */
export async function openAttempt(db: Db, userId: number, examId: number): Promise<ExamAttemptRow | undefined> {
  return db
    .selectFrom('exam_attempts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('exam_id', '=', examId)
    .where('submitted_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** How many attempts at this exam are still open (drawn, not submitted). */
export async function openAttemptCount(db: Db, examId: number): Promise<number> {
  const row = await db
    .selectFrom('exam_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('exam_id', '=', examId)
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The user's most recently submitted attempt at each of the given exams. */
export async function lastSubmittedAttempts(db: Db, userId: number, examIds: number[]): Promise<Map<number, ExamAttemptRow>> {
  if (examIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('exam_attempts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('exam_id', 'in', examIds)
    .where('submitted_at', 'is not', null)
    .orderBy('submitted_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const out = new Map<number, ExamAttemptRow>();
  for (const r of rows) out.set(r.exam_id, r);
  return out;
}

export interface AttemptOutcome {
  answers: unknown[];
  score: number;
  passed: boolean;
  at: number;
}

/** Record the result, only if the attempt is still open; false when someone got there first. */
export async function completeAttempt(db: Db, id: number, o: AttemptOutcome): Promise<boolean> {
  const r = await db
    .updateTable('exam_attempts')
    .set({ answers: JSON.stringify(o.answers), score: o.score, passed: o.passed ? 1 : 0, submitted_at: o.at })
    .where('id', '=', id)
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function linkCertification(db: Db, attemptId: number, certificationId: number): Promise<void> {
  await db.updateTable('exam_attempts').set({ certification_id: certificationId }).where('id', '=', attemptId).execute();
}

/**
 * Inside a write transaction: make one user's attempt starts run one at a time, so two concurrent
 * starts cannot both draw. PostgreSQL locks the user's row until the transaction ends; SQLite's
 * `BEGIN IMMEDIATE` (see writeTransaction) already serializes every writer, so there is nothing to do.
 */
export async function serializeUserWrites(store: Store, db: Db, userId: number): Promise<void> {
  if (store.dialect !== 'postgres') return;
  await db.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();
}
