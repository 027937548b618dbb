/**
 * `next` in a rubric authoring project never hands an author the review of their own version: such a
 * lease is skipped at once (routing then never offers that task to them again) and the next one taken.
 * The submit refuses it too (advanceRubric.ts `assertNotOwnRubric`), whatever path leased it.
 */
import type { RubricPayload } from '../../domain/rubric.js';
import { completeLease, leaseNextTask, type LeasedTask, type LeaseRequest } from '../../store/repositories/routing.js';
import { rubricVersion } from '../../store/repositories/rubrics.js';
import type { Actor, ServiceContext } from '../context.js';

async function isOwnReview(ctx: ServiceContext, actor: Actor, projectId: number, leased: LeasedTask): Promise<boolean> {
  const payload = JSON.parse(leased.payload) as RubricPayload;
  if (payload.stage !== 'review') return false;
  const version = await rubricVersion(ctx.store.db, projectId, payload.rubric.item, payload.rubric.version);
  return version?.author_id === actor.id;
}

export async function passOwnRubricReviews(
  ctx: ServiceContext,
  actor: Actor,
  req: LeaseRequest,
  first: LeasedTask | null,
): Promise<LeasedTask | null> {
  let leased = first;
  while (leased && (await isOwnReview(ctx, actor, req.projectId, leased))) {
    const skipped = await completeLease(ctx.store, { assignmentId: leased.assignmentId, userId: actor.id, now: ctx.now(), action: 'skip' });
    if (skipped.status !== 'ok') return null;
    leased = await leaseNextTask(ctx.store, { ...req, now: ctx.now() });
  }
  return leased;
}
