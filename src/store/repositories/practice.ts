/** Practice answers: a tutor's answers to practice-bank questions. Never annotations, never production. */
import type { Db } from '../transaction.js';

export interface NewPracticeAnswer {
  userId: number;
  taskId: number;
  domain: string;
  /** The validated response, JSON. */
  response: string;
  correct: boolean;
  at: number;
}

export async function insertPracticeAnswer(db: Db, a: NewPracticeAnswer): Promise<number> {
  const row = await db
    .insertInto('practice_answers')
    .values({ user_id: a.userId, task_id: a.taskId, domain: a.domain, response: a.response, correct: a.correct ? 1 : 0, created_at: a.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Answers and correct answers per domain, all time. */
export async function practiceTotals(db: Db, userId: number): Promise<Map<string, { answered: number; correct: number }>> {
  const rows = await db
    .selectFrom('practice_answers')
    .select(['domain', db.fn.countAll<number>().as('answered'), db.fn.sum<number>('correct').as('correct')])
    .where('user_id', '=', userId)
    .groupBy('domain')
    .execute();
  return new Map(rows.map((r) => [r.domain, { answered: Number(r.answered), correct: Number(r.correct ?? 0) }]));
}

/** The user's last `limit` answers in a domain, newest first: 1 = correct. */
export async function recentPractice(db: Db, userId: number, domain: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('practice_answers')
    .select('correct')
    .where('user_id', '=', userId)
    .where('domain', '=', domain)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.correct);
}

/** For each task the user has practised in a domain: the id of their latest answer (larger = more recent). */
export async function lastPractised(db: Db, userId: number, domain: string): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('practice_answers')
    .select(['task_id', db.fn.max('id').as('last')])
    .where('user_id', '=', userId)
    .where('domain', '=', domain)
    .groupBy('task_id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, Number(r.last)]));
}
