/**
 * Submit a tutor's response for a leased task. The response is validated against the task type and
 * the project's rules (400 names the wrong field); the annotation is appended and the task's counters
 * move in the same transaction. 409 when the lease expired or was already used; 403 when not theirs.
 */
import { z } from 'zod';
import { ForbiddenError, NotFoundError, UserInputError } from '../../domain/errors.js';
import { describeIssues } from '../../domain/responses.js';
import type { TaskPayload } from '../../domain/tasks.js';
import { completeLease } from '../../store/repositories/routing.js';
import { leaseById, projectById } from '../../store/repositories/lookups.js';
import type { Actor, ServiceContext } from '../context.js';
import { recordLiveGold } from '../gold/recordLiveGold.js';
import { updateConsensusAfterSubmit } from '../consensus/updateConsensusAfterSubmit.js';
import { conflictFor } from './leaseErrors.js';
import { cachedResponseSchema } from './responseSchemas.js';

export const SubmitBody = z.object({
  response: z.record(z.string(), z.unknown()),
  durationMs: z.number().int().min(0).max(7 * 24 * 3600 * 1000),
});

function invalid(error: z.ZodError, prefix: string): UserInputError {
  const problems = describeIssues(error).map((p) => ({ ...p, field: p.field ? `${prefix}${p.field}` : prefix.replace(/\.$/, '') }));
  return new UserInputError(problems[0].message, { field: problems[0].field }, problems);
}

export async function submitAnnotation(ctx: ServiceContext, actor: Actor, assignmentId: number, body: unknown): Promise<{ annotationId: number }> {
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

  const result = await completeLease(ctx.store, {
    assignmentId,
    userId: actor.id,
    now: ctx.now(),
    action: 'submit',
    annotation: { response: JSON.stringify(response.data), durationMs: parsedBody.data.durationMs },
  });
  if (result.status === 'ok') {
    const annotationId = result.annotationId!;
    // The annotation is committed. What follows is derived state in its own short transactions; a
    // failure there is reported, not returned: answering 500 would make the client retry a submit
    // that cannot be repeated (409). The next batch recompute repairs consensus and reliability.
    if (lease.isGold === 1) await followUp(ctx, 'live gold', () => recordLiveGold(ctx, project, actor.id, annotationId, response.data as Record<string, unknown>));
    // Consensus, adaptive overlap and review triggers; a batch when one is due (after gold, which it reads).
    await followUp(ctx, 'consensus', () => updateConsensusAfterSubmit(ctx, project, annotationId, { taskId: lease.taskId, isGold: lease.isGold === 1, domain: lease.domain, userId: actor.id }));
    return { annotationId };
  }
  throw conflictFor(result.status, assignmentId);
}

async function followUp(ctx: ServiceContext, what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (ctx.reportError) ctx.reportError(error, `after submit: ${what}`);
    else console.error(`after submit: ${what} failed`, error);
  }
}
