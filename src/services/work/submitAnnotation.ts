/**
 * Submit a tutor's response for a leased task. The response is validated against the task type and
 * the project's rules (400 names the wrong field); the annotation is appended and the task's counters
 * move in the same transaction. 409 when the lease expired or was already used; 403 when not theirs.
 *
 * A retry of a submit that was stored (the client lost the answer to a dropped connection) gets the
 * original annotation back, marked `replayed`, when it is the same tutor with the same response;
 * only a different response to a used assignment is a 409.
 */
import type { z } from 'zod';
import { SubmitBody } from '../../domain/api/work.js';
import { ForbiddenError, NotFoundError, UserInputError } from '../../domain/errors.js';
import { describeIssues } from '../../domain/validation.js';
import type { TaskPayload } from '../../domain/tasks.js';
import { completeLease, type CompleteRequest } from '../../store/repositories/routing.js';
import { leaseById, projectById, type LeaseLookup } from '../../store/repositories/lookups.js';
import { annotationOfAssignment } from '../../store/repositories/idempotency.js';
import type { ProjectRecord } from '../../store/repositories/projects.js';
import { reportFollowUpError, type Actor, type ServiceContext } from '../context.js';
import { applyGoldSuspension, recordLiveGold } from '../gold/recordLiveGold.js';
import { keepsConsensusLive, updateConsensusAfterSubmit } from '../consensus/updateConsensusAfterSubmit.js';
import { conflictFor } from './leaseErrors.js';
import { cachedResponseSchema } from './responseSchemas.js';
import { advanceRubric, assertNotOwnRubric } from '../rubrics/advanceRubric.js';
import type { RubricPayload, RubricResponse } from '../../domain/rubric.js';

function invalid(error: z.ZodError, prefix: string): UserInputError {
  const problems = describeIssues(error).map((p) => ({ ...p, field: p.field ? `${prefix}${p.field}` : prefix.replace(/\.$/, '') }));
  return new UserInputError(problems[0].message, { field: problems[0].field }, problems);
}

/** A submit checked and ready for its write transaction: the lease, its project, the validated response. */
export interface PreparedSubmit {
  assignmentId: number;
  lease: LeaseLookup;
  project: ProjectRecord;
  response: Record<string, unknown>;
  durationMs: number;
}

/**
 * Hands work to run after the reply has gone (the server passes one; in-process callers await it all).
 * Gold-only bookkeeping goes through it, so a gold submit answers after the same statements as a real one.
 */
export type AfterReply = (work: () => Promise<void>) => void;

export async function submitAnnotation(
  ctx: ServiceContext,
  actor: Actor,
  assignmentId: number,
  body: unknown,
  afterReply?: AfterReply,
): Promise<{ annotationId: number; replayed?: true }> {
  const prepared = await prepareSubmit(ctx, actor, assignmentId, body);
  const result = await completeLease(ctx.store, submitRequest(ctx, actor, prepared));
  if (result.status === 'used') {
    const original = await storedSubmitOf(ctx, actor, prepared);
    if (original !== null) return { annotationId: original, replayed: true };
  }
  if (result.status !== 'ok') throw conflictFor(result.status, assignmentId);
  const annotationId = result.annotationId!;
  await afterSubmit(ctx, actor, prepared, annotationId, afterReply);
  return { annotationId };
}

/** The annotation this very submit already stored (same tutor, same response), or null. */
export async function storedSubmitOf(ctx: ServiceContext, actor: Actor, p: PreparedSubmit): Promise<number | null> {
  const stored = await annotationOfAssignment(ctx.store.db, p.assignmentId);
  return stored && stored.userId === actor.id && stored.response === JSON.stringify(p.response) ? stored.id : null;
}

/** Validation and the reads before the write: 400 names the wrong field, 404 unknown lease, 403 someone else's. */
export async function prepareSubmit(ctx: ServiceContext, actor: Actor, assignmentId: number, body: unknown): Promise<PreparedSubmit> {
  const parsedBody = SubmitBody.safeParse(body);
  if (!parsedBody.success) throw invalid(parsedBody.error, '');
  const lease = await leaseById(ctx.store, assignmentId);
  if (!lease) throw new NotFoundError(`assignment ${assignmentId}`);
  if (lease.userId !== actor.id) throw new ForbiddenError('this assignment belongs to someone else');
  const project = await projectById(ctx.store, lease.projectId);
  if (!project) throw new NotFoundError(`project ${lease.projectId}`);
  const schema = cachedResponseSchema(project.config.type, JSON.parse(lease.payload) as TaskPayload, project.config, project.configJson);
  const response = schema.safeParse(parsedBody.data.response);
  if (!response.success) throw invalid(response.error, 'response.');
  if (project.config.type === 'rubric') await assertNotOwnRubric(ctx, actor, project.id, JSON.parse(lease.payload) as RubricPayload);
  return { assignmentId, lease, project, response: response.data as Record<string, unknown>, durationMs: parsedBody.data.durationMs };
}

export function submitRequest(ctx: ServiceContext, actor: Actor, p: PreparedSubmit): CompleteRequest {
  return {
    assignmentId: p.assignmentId,
    userId: actor.id,
    now: ctx.now(),
    action: 'submit',
    annotation: { response: JSON.stringify(p.response), durationMs: p.durationMs },
  };
}

/**
 * True when this submit's follow-ups change nothing routing reads: a project that forms consensus in
 * batches only and has no suspension rule. Then a lease may be taken in the submit's own transaction.
 * Gold or not does not matter (live gold feeds figures released in batches, not routing), and must
 * not: a gold submit-and-next taking another path than a real one would be told apart by its work.
 */
export function followUpsAreNoOps(p: PreparedSubmit): boolean {
  const config = p.project.config;
  const production = (config.purpose ?? 'production') === 'production';
  // A suspension rule is applied after every submit (it changes admission, which `next` reads).
  if (config.type === 'rubric') return false; // the next stage's tasks are written after the submit
  return !production || (!keepsConsensusLive(config) && !config.quality?.goldSuspension);
}

/**
 * The annotation is committed. What follows is derived state in its own short transactions; a
 * failure there is reported, not returned: answering 500 would make the client retry a submit
 * that cannot be repeated (409). The next batch recompute repairs consensus and reliability.
 * Live gold is work only gold submits do, so with `afterReply` it runs once the answer has gone
 * (#12: no timing a tutor can read may differ for gold); a crash before it leaves an annotation
 * without its gold result, which `recordMissingGold` (run when the server starts) fills in.
 */
export async function afterSubmit(
  ctx: ServiceContext,
  actor: Actor,
  p: PreparedSubmit,
  annotationId: number,
  afterReply?: AfterReply,
): Promise<void> {
  const { lease, project } = p;
  const suspension = () => followUp(ctx, 'gold suspension', () => applyGoldSuspension(ctx, project, actor.id));
  if (lease.isGold === 1) {
    const liveGold = () => followUp(ctx, 'live gold', () => recordLiveGold(ctx, project, actor.id, annotationId, p.response));
    // Deferred, the suspension rule is applied again once the gold result it reads is stored.
    if (afterReply)
      afterReply(async () => {
        await liveGold();
        await suspension();
      });
    else await liveGold();
  }
  await suspension();
  if (project.config.type === 'rubric' && lease.isGold !== 1) {
    const task = { taskId: lease.taskId, domain: lease.domain, payload: JSON.parse(lease.payload) as RubricPayload };
    await followUp(ctx, 'rubric stage', () => advanceRubric(ctx, actor, project, task, annotationId, p.response as RubricResponse));
  }
  // Consensus, adaptive overlap and review triggers; a batch when one is due (after gold, which it reads).
  await followUp(ctx, 'consensus', () =>
    updateConsensusAfterSubmit(ctx, project, annotationId, {
      taskId: lease.taskId,
      isGold: lease.isGold === 1,
      domain: lease.domain,
      userId: actor.id,
    }),
  );
}

async function followUp(ctx: ServiceContext, what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    reportFollowUpError(ctx, error, `after submit: ${what}`);
  }
}
