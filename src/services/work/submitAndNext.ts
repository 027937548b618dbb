/**
 * Submit, then lease the next task in the same project: the tutor's loop in one request instead of
 * two. Same rules as `submit` followed by `next`: the submit's checks and errors (400, 403, 404,
 * 409) come first, and nothing is leased when it fails; the lease follows the same eligibility,
 * overlap and gold rules.
 *
 * When the submit's follow-ups change nothing routing reads (a project that forms consensus in
 * batches, gold or not), `next`'s plan is made before the write and the submit and the lease share one write
 * transaction on SQLite (two back to back on PostgreSQL). Otherwise the submit commits, its
 * follow-ups run (live gold, consensus, adaptive overlap, which `next` must see), then `next` runs.
 *
 * Once the annotation is stored, the answer is 201 whatever happens to the lease: `next` null with
 * `nextError` saying why (403: `next` would have refused, e.g. below a reliability floor; 404: the project no longer
 * admits them, e.g. a suspended certification; 500: it failed). A retried submit that was already stored (same tutor,
 * same response) answers with the original annotation and the tutor's live lease, marked `replayed`, as `next` would.
 */
import type { z } from 'zod';
import type { SubmitAndNextResult } from '../../domain/api/work.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { completeLease, completeThenLease, type LeaseRequest } from '../../store/repositories/routing.js';
import { reportFollowUpError, type Actor, type ServiceContext } from '../context.js';
import { admissionFor } from './admission.js';
import { conflictFor } from './leaseErrors.js';
import { leasedAssignment, nextAssignment, planLease } from './nextAssignment.js';
import {
  afterSubmit,
  followUpsAreNoOps,
  prepareSubmit,
  storedSubmitOf,
  submitRequest,
  type AfterReply,
  type PreparedSubmit,
} from './submitAnnotation.js';

/** The submit's annotation, and the next lease or why there is none (src/domain/api/work.ts); `replayed` when an earlier attempt had stored it. */
export type SubmitAndNext = z.output<typeof SubmitAndNextResult> & { replayed?: true };

export async function submitAndNext(
  ctx: ServiceContext,
  actor: Actor,
  assignmentId: number,
  body: unknown,
  afterReply?: AfterReply,
): Promise<SubmitAndNext> {
  const prepared = await prepareSubmit(ctx, actor, assignmentId, body);
  const { project } = prepared;
  let refusal: { status: 403 | 404; error: string } | undefined;
  if (followUpsAreNoOps(prepared)) {
    let plan: LeaseRequest | undefined;
    try {
      plan = await planLease(ctx, actor, project, await admissionFor(ctx.store.db, actor, project));
    } catch (error) {
      const status = error instanceof ForbiddenError ? 403 : error instanceof NotFoundError ? 404 : null;
      if (status === null) throw error;
      refusal = { status, error: (error as Error).message };
    }
    if (plan) {
      const { completed, leased } = await completeThenLease(ctx.store, submitRequest(ctx, actor, prepared), plan);
      if (completed.status === 'used') return replayOrConflict(ctx, actor, prepared);
      if (completed.status !== 'ok') throw conflictFor(completed.status, assignmentId);
      await afterSubmit(ctx, actor, prepared, completed.annotationId!, afterReply);
      return { annotationId: completed.annotationId!, next: leasedAssignment(project, leased) };
    }
  }
  const completed = await completeLease(ctx.store, submitRequest(ctx, actor, prepared));
  if (completed.status === 'used') return replayOrConflict(ctx, actor, prepared);
  if (completed.status !== 'ok') throw conflictFor(completed.status, assignmentId);
  const annotationId = completed.annotationId!;
  await afterSubmit(ctx, actor, prepared, annotationId, afterReply);
  if (refusal) return { annotationId, next: null, nextError: refusal };
  return withNext(ctx, actor, project.id, annotationId);
}

/** A used assignment: the original answer when this submit stored it (with the live or a new lease), else 409. */
async function replayOrConflict(ctx: ServiceContext, actor: Actor, prepared: PreparedSubmit): Promise<SubmitAndNext> {
  const original = await storedSubmitOf(ctx, actor, prepared);
  if (original === null) throw conflictFor('used', prepared.assignmentId);
  return { ...(await withNext(ctx, actor, prepared.project.id, original)), replayed: true };
}

async function withNext(ctx: ServiceContext, actor: Actor, projectId: number, annotationId: number): Promise<SubmitAndNext> {
  try {
    return { annotationId, next: await nextAssignment(ctx, actor, projectId) };
  } catch (error) {
    if (error instanceof ForbiddenError) return { annotationId, next: null, nextError: { status: 403, error: error.message } };
    if (error instanceof NotFoundError) return { annotationId, next: null, nextError: { status: 404, error: error.message } };
    reportFollowUpError(ctx, error, 'submit-and-next: next after a stored submit');
    return {
      annotationId,
      next: null,
      nextError: { status: 500, error: 'the submit was stored; leasing the next task failed, ask for it with next' },
    };
  }
}
