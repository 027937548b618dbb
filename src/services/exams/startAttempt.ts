/**
 * A tutor starts an exam: questionCount questions drawn at random (crypto randomness, so nobody can
 * predict or replay a draw) from the domain's exam bank, sent in the tutor-task shape, never with
 * gold. An unsubmitted attempt is resumed rather than redrawn: otherwise starting and abandoning
 * attempts would let a tutor page through the whole bank. 409 while certified or cooling down.
 */
import { randomInt } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { certifiedDomains } from '../../store/repositories/certifications.js';
import {
  examById,
  insertAttempt,
  lastSubmittedAttempts,
  openAttempt,
  serializeUserWrites,
  type ExamAttemptRow,
} from '../../store/repositories/exams.js';
import { writeTransaction } from '../../store/transaction.js';
import type { Actor, ServiceContext } from '../context.js';
import { bankQuestions, questionsByIds, toQuestion } from './banks.js';
import { examView } from './examView.js';
import type { ExamStart } from '../../domain/api/exams.js';
import { retakeState } from './retakes.js';

/** k distinct items, uniformly: a partial Fisher–Yates shuffle. */
function draw<T>(items: T[], k: number): T[] {
  const a = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + randomInt(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

export async function startAttempt(ctx: ServiceContext, actor: Actor, examId: number): Promise<{ created: boolean; start: ExamStart }> {
  const now = ctx.now();
  return writeTransaction(ctx.store, async (db) => {
    await serializeUserWrites(ctx.store, db, actor.id);
    const exam = await examById(db, examId);
    if (!exam) throw new NotFoundError(`exam ${examId}`);
    if (exam.active !== 1) throw new ConflictError(`exam ${examId} is not active`);
    const state = retakeState(
      exam,
      await certifiedDomains(db, actor.id),
      (await lastSubmittedAttempts(db, actor.id, [examId])).get(examId),
      now,
    );
    if (!state.allowed) throw new ConflictError(state.reason);

    let attempt: ExamAttemptRow | undefined = await openAttempt(db, actor.id, examId);
    const created = attempt === undefined;
    let questions: Awaited<ReturnType<typeof questionsByIds>>;
    if (attempt) {
      questions = await questionsByIds(db, JSON.parse(attempt.task_ids) as number[]);
    } else {
      const bank = await bankQuestions(db, 'exam', exam.domain);
      if (bank.length < exam.question_count) {
        throw new ConflictError(
          `the "${exam.domain}" exam bank holds ${bank.length} questions, fewer than the exam's ${exam.question_count}; ask a manager`,
        );
      }
      questions = draw(bank, exam.question_count);
      attempt = await insertAttempt(db, {
        examId,
        examVersion: exam.version,
        userId: actor.id,
        taskIds: questions.map((q) => q.task.id),
        at: now,
      });
    }
    return {
      created,
      start: {
        attempt: {
          id: attempt.id,
          examId,
          examVersion: attempt.exam_version,
          startedAt: new Date(Number(attempt.started_at)).toISOString(),
        },
        exam: examView(exam),
        questions: questions.map(toQuestion),
      },
    };
  });
}
