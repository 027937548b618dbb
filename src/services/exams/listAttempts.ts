/** An exam's attempts for managers: who took it, when, the score and whether they passed. */
import type { AttemptList, AttemptsQuery } from '../../domain/api/examAttempts.js';
import { NotFoundError } from '../../domain/errors.js';
import { attemptsOfExam } from '../../store/repositories/examAttempts.js';
import { examById } from '../../store/repositories/exams.js';
import type { ServiceContext } from '../context.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export async function listAttempts(ctx: ServiceContext, examId: number, query: AttemptsQuery): Promise<AttemptList> {
  const db = ctx.store.db;
  if (!(await examById(db, examId))) throw new NotFoundError(`exam ${examId}`);
  const rows = await attemptsOfExam(db, examId, query.before, query.limit);
  return {
    attempts: rows.map((r) => ({
      id: r.id,
      user: { id: r.userId, name: r.name, email: r.email },
      examVersion: r.examVersion,
      startedAt: iso(r.startedAt)!,
      submittedAt: iso(r.submittedAt),
      score: r.score === null ? null : Number(r.score),
      passed: r.passed === null ? null : Number(r.passed) === 1,
    })),
    nextBefore: rows.length === query.limit ? rows[rows.length - 1].id : null,
  };
}
