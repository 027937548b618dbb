/**
 * A tutor's feedback from review: every verdict on a task they annotated or flagged, with their own
 * answer beside it and whether it matched. Only their own answer: other tutors' answers stay hidden.
 * Gold tasks are in it like real ones (#12: feedback that skipped gold would name, afterwards, every task that
 * was not gold), on the same rule: verdicts given after the tutor answered or flagged. Tasks go by the id
 * tutors see (`tutorTaskId`).
 */
import { answersOf, decidedForTutor } from '../../store/repositories/reviewFeedback.js';
import type { Actor, ServiceContext } from '../context.js';
import type { FeedbackItem, FeedbackQuery } from '../../domain/api/reviews.js';
import { sameAnswer } from '../../quality/sameAnswer.js';
import { tutorPayload } from '../work/tutorTask.js';
import { tutorTaskId } from '../work/tutorTaskId.js';

type Json = Record<string, unknown>;

export async function tutorFeedback(
  ctx: ServiceContext,
  actor: Actor,
  query: FeedbackQuery,
): Promise<{ feedback: FeedbackItem[]; nextBefore: number | null }> {
  const db = ctx.store.db;
  const rows = await decidedForTutor(db, actor.id, query.limit, query.before);
  const answers = await answersOf(db, actor.id, [...new Set(rows.map((r) => r.taskId))]);
  const feedback = rows.map((r): FeedbackItem => {
    const mine = answers.get(r.taskId);
    const myAnswer = mine === undefined ? null : (JSON.parse(mine) as Json);
    const verdict = JSON.parse(r.verdict!) as Json;
    return {
      reviewId: r.id,
      taskId: tutorTaskId(r.taskId),
      projectId: r.projectId,
      projectName: r.projectName,
      type: r.projectType,
      domain: r.domain,
      payload: tutorPayload(r.payload),
      mine: myAnswer,
      verdict,
      comment: r.comment,
      matched: myAnswer === null ? null : sameAnswer(r.projectType, myAnswer, verdict),
      decidedAt: new Date(Number(r.decidedAt)).toISOString(),
    };
  });
  return { feedback, nextBefore: rows.length === query.limit ? rows[rows.length - 1].id : null };
}
