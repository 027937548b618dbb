/**
 * A tutor hands in an exam attempt: one answer per question, each checked against its task type
 * (400 names `answers.<i>.<field>`). Score = share correct; passing grants the domain certification
 * (source `exam`, exam id `"<examId>@v<version>"`). The result says score and pass/fail only — never
 * which answers were right — so exam gold stays secret and a retake still measures something.
 * Once, and only by the attempt's owner. The pass mark is the exam's current one.
 */
import { SubmitExamBody, type ExamResult } from '../../domain/api/exams.js';
import { ConflictError, ForbiddenError, NotFoundError, UserInputError, type LineProblem } from '../../domain/errors.js';
import { validateInput } from '../../domain/validation.js';
import { certifiedDomains, insertCertification } from '../../store/repositories/certifications.js';
import { attemptById, completeAttempt, examById, linkCertification } from '../../store/repositories/exams.js';
import { notify } from '../../store/repositories/notifications.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { checkAnswer, grade } from './answers.js';
import { questionsByIds } from './banks.js';
import { examRef } from './examView.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

export async function submitAttempt(ctx: ServiceContext, actor: Actor, attemptId: number, body: unknown): Promise<ExamResult> {
  const valid = validateInput(SubmitExamBody, body);
  const db = ctx.store.db;
  const attempt = await attemptById(db, attemptId);
  if (!attempt) throw new NotFoundError(`exam attempt ${attemptId}`);
  if (attempt.user_id !== actor.id) throw new ForbiddenError('this exam attempt belongs to someone else');
  if (attempt.submitted_at !== null) throw new ConflictError('this exam attempt was already submitted');
  const exam = await examById(db, attempt.exam_id);
  if (!exam) throw new NotFoundError(`exam ${attempt.exam_id}`);

  const questions = await questionsByIds(db, JSON.parse(attempt.task_ids) as number[]);
  const answers = valid.answers;
  if (answers.length !== questions.length) {
    throw new UserInputError(`needs one answer for each of the ${questions.length} questions, got ${answers.length}`, { field: 'answers' });
  }
  const problems: LineProblem[] = [];
  const responses: Record<string, unknown>[] = [];
  questions.forEach((q, i) => {
    const c = checkAnswer(q, answers[i], `answers.${i}.`);
    if (c.ok) responses.push(c.response);
    else problems.push(...c.problems);
  });
  if (problems.length > 0) throw new UserInputError(problems[0].message, { field: problems[0].field }, problems);

  const correct = questions.filter((q, i) => grade(q, responses[i]).correct).length;
  const total = questions.length;
  const score = correct / total;
  const passed = score >= exam.pass_mark;
  const at = ctx.now();
  const nextAttemptAt = passed ? null : new Date(at + exam.cooldown_hours * 3600_000).toISOString();

  return writeTransaction(ctx.store, async (tx) => {
    if (!(await completeAttempt(tx, attemptId, { answers: responses, score, passed, at }))) {
      throw new ConflictError('this exam attempt was already submitted');
    }
    let certification: ExamResult['certification'] = null;
    // Someone certified in the meantime (a manager's grant) keeps that certification; no duplicate.
    if (passed && !(await certifiedDomains(tx, actor.id)).includes(exam.domain)) {
      const ref = examRef(exam.id, attempt.exam_version);
      const row = await insertCertification(tx, {
        userId: actor.id,
        domain: exam.domain,
        level: 1,
        source: 'exam',
        examId: ref,
        score,
        grantedBy: null,
        grantedAt: at,
      });
      await linkCertification(tx, attemptId, row.id);
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'certification.grant',
        targetType: 'user',
        targetId: actor.id,
        detail: { domain: exam.domain, source: 'exam', exam: ref, score, attemptId },
        at,
      });
      certification = { domain: exam.domain, level: row.level };
    }
    const message = passed
      ? `You passed "${exam.name}" with ${pct(score)} (pass mark ${pct(exam.pass_mark)})${certification ? `: you are now certified in ${exam.domain}` : ''}.`
      : `You scored ${pct(score)} on "${exam.name}" (pass mark ${pct(exam.pass_mark)}); you may retake it from ${nextAttemptAt}.`;
    await notify(tx, {
      userId: actor.id,
      kind: 'exam.result',
      message,
      detail: { examId: exam.id, examVersion: attempt.exam_version, attemptId, score, passed, nextAttemptAt },
      at,
    });
    return {
      attemptId,
      examId: exam.id,
      examVersion: attempt.exam_version,
      score,
      passed,
      correct,
      total,
      passMark: exam.pass_mark,
      certification,
      nextAttemptAt,
    };
  });
}
