/**
 * A reviewer's verdict on a review. In one transaction: the review (and every other open review of
 * the same task) is decided with the verdict; the verdict becomes the task's consensus (source
 * 'review', so model recomputes leave it alone, and exports can cite the review); the decision is
 * audited with the consensus it replaced; and each tutor who annotated or flagged the task is told
 * whether their own answer matched — never anyone else's answer. Gold tasks alike: tutors cannot tell them apart.
 */
import type { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, UserInputError } from '../../domain/errors.js';
import { responseSchemaFor } from '../../domain/responses.js';
import { describeIssues } from '../../domain/validation.js';
import type { TaskPayload } from '../../domain/tasks.js';
import { currentAnnotationsOf, hasAnnotated } from '../../store/repositories/annotations.js';
import { projectById } from '../../store/repositories/lookups.js';
import { notify } from '../../store/repositories/notifications.js';
import { consensusOf, decideReviews, flaggersOf, reviewById, upsertReviewConsensus } from '../../store/repositories/reviews.js';
import { taskPayloadById } from '../../store/repositories/tasks.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import { VerdictBody, type VerdictResult } from '../../domain/api/reviews.js';
import { assertMayReview } from './access.js';
import { tutorTaskId } from '../work/tutorTaskId.js';
import { judgmentAgreement, sameAnswer } from '../../quality/sameAnswer.js';

type Json = Record<string, unknown>;

function invalid(error: z.ZodError, prefix?: string): UserInputError {
  const problems = describeIssues(error).map((p) => ({ ...p, field: prefix ? (p.field ? `${prefix}.${p.field}` : prefix) : p.field }));
  return new UserInputError(problems[0].message, { field: problems[0].field }, problems);
}

export async function decideReview(ctx: ServiceContext, actor: Actor, reviewId: number, body: unknown): Promise<VerdictResult> {
  const parsed = VerdictBody.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  const db = ctx.store.db;
  const review = await reviewById(db, reviewId);
  if (!review) throw new NotFoundError(`review ${reviewId}`);
  await assertMayReview(db, actor, review.domain);
  if (await hasAnnotated(db, actor.id, review.task_id))
    throw new ForbiddenError('you annotated this task; another reviewer must decide it');
  if (review.state !== 'open') throw new ConflictError(`review ${reviewId} was already decided`);

  const project = await projectById(ctx.store, review.project_id);
  const task = await taskPayloadById(db, review.task_id);
  if (!project || !task) throw new NotFoundError(`task ${review.task_id}`);
  const type = project.config.type;
  // The reviewer's comment is the explanation, so a project's "require a rationale" rule does not apply.
  const schema = responseSchemaFor(type, JSON.parse(task.payload) as TaskPayload, { ...project.config, requireRationale: false });
  const checked = schema.safeParse(parsed.data.verdict);
  if (!checked.success) throw invalid(checked.error, 'verdict');
  const verdict = checked.data as Json;
  const comment = parsed.data.comment || null;
  const at = ctx.now();

  return writeTransaction(ctx.store, async (trx) => {
    const previous = (await consensusOf(trx, [review.task_id])).get(review.task_id);
    const decided = await decideReviews(trx, {
      reviewId,
      taskId: review.task_id,
      reviewerId: actor.id,
      verdict: JSON.stringify(verdict),
      comment,
      durationMs: parsed.data.durationMs ?? null,
      at,
    });
    if (!decided) throw new ConflictError(`review ${reviewId} was already decided`);
    const annotations = await currentAnnotationsOf(trx, [review.task_id]);
    await upsertReviewConsensus(trx, {
      taskId: review.task_id,
      projectId: review.project_id,
      reviewId,
      label: JSON.stringify(verdict),
      annotatorCount: annotations.length,
      agreement: judgmentAgreement(
        type,
        annotations.map((a) => JSON.parse(a.response) as Json),
      ),
      at,
    });
    const overturned = previous?.source === 'model' ? !sameAnswer(type, JSON.parse(previous.label) as Json, verdict) : null;

    // Gold tasks too, in the same words (#12): a review that never brought feedback would name the task as gold.
    // What a tutor learns is the verdict on an answer they already gave, as for any task.
    let notified = 0;
    const answers = new Map<number, Json>();
    for (const a of annotations) answers.set(a.userId, JSON.parse(a.response) as Json); // ordered by id: the newest wins
    const flaggers = await flaggersOf(trx, [reviewId, ...decided.closed]);
    const people = new Set<number>([...answers.keys(), ...flaggers]);
    for (const userId of people) {
      const mine = answers.get(userId) ?? null;
      const matched = mine === null ? null : sameAnswer(type, mine, verdict);
      const outcome =
        matched === null
          ? 'a reviewer decided it'
          : matched
            ? 'your answer matched the reviewer’s verdict'
            : 'your answer did not match the reviewer’s verdict';
      await notify(trx, {
        userId,
        kind: 'review.verdict',
        message: `Task ${tutorTaskId(review.task_id)} in “${project.config.name}”: ${outcome}.`,
        detail: {
          reviewId,
          taskId: tutorTaskId(review.task_id),
          projectId: review.project_id,
          matched,
          yourAnswer: mine,
          verdict,
          comment,
          decidedAt: new Date(at).toISOString(),
        },
        at,
      });
      notified++;
    }

    await recordAudit(trx, {
      actorId: actor.id,
      action: 'review.decide',
      targetType: 'review',
      targetId: reviewId,
      detail: {
        projectId: review.project_id,
        taskId: review.task_id,
        reason: review.reason,
        verdict,
        comment,
        closedReviewIds: decided.closed,
        previousConsensus: previous
          ? { source: previous.source, method: previous.method, label: JSON.parse(previous.label) as Json, confidence: previous.confidence }
          : null,
        overturned,
        notified,
      },
      at,
    });
    return {
      reviewId,
      taskId: review.task_id,
      decidedAt: new Date(at).toISOString(),
      closedReviewIds: decided.closed,
      overturned,
      notified,
    };
  });
}
