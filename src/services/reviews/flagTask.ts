/**
 * A tutor flags a task they hold or held a lease on (a wrong prompt, two identical responses, an
 * answer they want a second look at). The flag opens a review for reviewers certified in the task's
 * domain, naming their annotation if they submitted one. Not audited (tutor actions are not); the
 * review row itself records who flagged and why.
 */
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { validateInput } from '../../domain/validation.js';
import { flagTargetOf, openReview } from '../../store/repositories/reviews.js';
import { writeTransaction } from '../../store/transaction.js';
import type { Actor, ServiceContext } from '../context.js';
import { FlagBody, type FlagResult } from '../../domain/api/reviews.js';

export async function flagTask(ctx: ServiceContext, actor: Actor, assignmentId: number, body: unknown): Promise<FlagResult> {
  const valid = validateInput(FlagBody, body);
  return writeTransaction(ctx.store, async (db) => {
    const target = await flagTargetOf(db, assignmentId);
    if (!target) throw new NotFoundError(`assignment ${assignmentId}`);
    if (target.userId !== actor.id) throw new ForbiddenError('only the tutor who holds this assignment can flag it');
    const { id, created } = await openReview(db, {
      projectId: target.projectId,
      taskId: target.taskId,
      domain: target.domain,
      reason: 'flagged',
      annotationId: target.annotationId,
      flaggedBy: actor.id,
      note: valid.note,
      at: ctx.now(),
    });
    return { reviewId: id, created };
  });
}
