/** A tutor gives a leased task back: it returns to the pool for others and is never offered to them again. */
import type { Actor, ServiceContext } from '../context.js';
import { completeLease } from '../../store/repositories/routing.js';
import { conflictFor } from './leaseErrors.js';

export async function skipAssignment(ctx: ServiceContext, actor: Actor, assignmentId: number): Promise<void> {
  const result = await completeLease(ctx.store, { assignmentId, userId: actor.id, now: ctx.now(), action: 'skip' });
  if (result.status !== 'ok') throw conflictFor(result.status, assignmentId);
}
