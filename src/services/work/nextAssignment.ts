/**
 * Lease the next task for a tutor, or null when nothing is left for them (HTTP 204).
 * Eligibility and gold mixing are decided by `routing/`; the lease itself is one write transaction
 * in the store (BEGIN IMMEDIATE on SQLite, SKIP LOCKED on PostgreSQL), exact under concurrency.
 */
import { ForbiddenError } from '../../domain/errors.js';
import { drawGold, poolOrder } from '../../routing/goldMixing.js';
import { leaseExpiry, SWEEP_BATCH } from '../../routing/leases.js';
import { leaseNextTask } from '../../store/repositories/routing.js';
import { databaseSecret } from '../../store/repositories/settings.js';
import type { Actor, ServiceContext } from '../context.js';
import { projectAndAdmission } from './admission.js';
import { tutorTask, type TutorTask } from './tutorTask.js';

export interface NextAssignment {
  assignment: { id: number; expiresAt: string };
  task: TutorTask;
}

export async function nextAssignment(ctx: ServiceContext, actor: Actor, projectId: number): Promise<NextAssignment | null> {
  const db = ctx.store.db;
  const { project, admission } = await projectAndAdmission(ctx.store, actor, projectId);
  if (!admission.admitted) throw new ForbiddenError(admission.reason);
  const now = ctx.now();
  const config = project.config;
  const wantGold = config.goldRate > 0 && drawGold(await databaseSecret(db), config.goldRate, projectId, actor.id, now);
  const leased = await leaseNextTask(ctx.store, {
    projectId,
    userId: actor.id,
    now,
    expiresAt: leaseExpiry(now, config.leaseSeconds),
    overlap: config.overlap,
    domains: admission.allDomains ? null : admission.domains,
    pools: poolOrder(wantGold),
    sweepBatch: SWEEP_BATCH,
  });
  if (!leased) return null;
  return {
    assignment: { id: leased.assignmentId, expiresAt: new Date(leased.expiresAt).toISOString() },
    task: tutorTask(leased.taskId, config.type, leased.domain, leased.payload),
  };
}
