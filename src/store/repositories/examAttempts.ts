/** An exam's attempts with who took them, newest first, keyset on id (the `exam_attempts_exam` index). */
import type { Db } from '../transaction.js';

export async function attemptsOfExam(db: Db, examId: number, before: number | undefined, limit: number) {
  let q = db
    .selectFrom('exam_attempts as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.id',
      'a.user_id as userId',
      'u.name',
      'u.email',
      'a.exam_version as examVersion',
      'a.started_at as startedAt',
      'a.submitted_at as submittedAt',
      'a.score',
      'a.passed',
    ])
    .where('a.exam_id', '=', examId);
  if (before !== undefined) q = q.where('a.id', '<', before);
  return q.orderBy('a.id', 'desc').limit(limit).execute();
}
