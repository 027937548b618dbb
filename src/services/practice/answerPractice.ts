/**
 * A tutor answers a practice question and gets immediate feedback: right or wrong, partial credit,
 * the bank's own answer and its explanation. Revealing gold is the point of practice, and is safe
 * because practice banks are projects of their own (purpose `practice`): a production or exam task
 * id answers 404 here. Stored in practice_answers only — never an annotation, never paid, never exported.
 */
import { PracticeAnswerBody, type PracticeFeedback } from '../../domain/api/practice.js';
import { NotFoundError, UserInputError } from '../../domain/errors.js';
import { expectedAnswer, goldExplanation } from '../../domain/goldMatch.js';
import { validateInput } from '../../domain/validation.js';
import { insertPracticeAnswer } from '../../store/repositories/practice.js';
import type { Actor, ServiceContext } from '../context.js';
import { checkAnswer, grade } from '../exams/answers.js';
import { bankQuestions } from '../exams/banks.js';

export async function answerPractice(ctx: ServiceContext, actor: Actor, body: unknown): Promise<PracticeFeedback> {
  const valid = validateInput(PracticeAnswerBody, body);
  const { taskId, response } = valid;
  const [q] = await bankQuestions(ctx.store.db, 'practice', undefined, [taskId]);
  if (!q) throw new NotFoundError(`practice question ${taskId}`);
  const checked = checkAnswer(q, response, 'response.');
  if (!checked.ok) throw new UserInputError(checked.problems[0].message, { field: checked.problems[0].field }, checked.problems);
  const result = grade(q, checked.response);
  await insertPracticeAnswer(ctx.store.db, {
    userId: actor.id,
    taskId,
    domain: q.task.domain,
    response: JSON.stringify(checked.response),
    correct: result.correct,
    at: ctx.now(),
  });
  return { correct: result.correct, score: result.score, expected: expectedAnswer(q.gold), explanation: goldExplanation(q.gold) };
}
