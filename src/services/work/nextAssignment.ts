/**
 * Lease the next task for a tutor, or null when nothing is left for them (HTTP 204).
 * Eligibility and gold mixing are decided by `routing/`; the lease itself is one write transaction
 * in the store (BEGIN IMMEDIATE on SQLite, SKIP LOCKED on PostgreSQL), exact under concurrency.
 * Projects with a reliability floor or adaptive overlap read the tutor's per-domain reliability (one
 * primary-key probe): domains below the floor are dropped (403 when none is left: the project is
 * theirs, so saying why is safe), and domains where
 * the tutor is trusted get the uncertain pool first. Other projects skip that read. A person holds
 * one live lease (`next` hands it back); an AI judge (tier model) up to its endpoint's concurrency.
 */
import type { z } from 'zod';
import type { NextLease } from '../../domain/api/work.js';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { drawGold, poolOrder } from '../../routing/goldMixing.js';
import { leaseExpiry, SWEEP_BATCH } from '../../routing/leases.js';
import { applyReliabilityFloor } from '../../routing/reliabilityFloor.js';
import { trustedDomains } from '../../routing/trust.js';
import type { Admission } from '../../routing/eligibility.js';
import { routingOverlap, type ProjectRecord } from '../../store/repositories/projects.js';
import { judgeLeaseCap } from '../../store/repositories/judges.js';
import { reliabilityOfTutor } from '../../store/repositories/reliability.js';
import { leaseNextTask, type LeasedTask, type LeaseRequest } from '../../store/repositories/routing.js';
import { databaseSecret } from '../../store/repositories/settings.js';
import type { Actor, ServiceContext } from '../context.js';
import { projectAndAdmission } from './admission.js';
import { tutorTask } from './tutorTask.js';
import { tutorWorkPlan } from './workPlan.js';
import { passOwnRubricReviews } from '../rubrics/ownReviews.js';

/** What `next` answers (src/domain/api/work.ts). */
export type NextAssignment = z.output<typeof NextLease>;

export async function nextAssignment(ctx: ServiceContext, actor: Actor, projectId: number): Promise<NextAssignment | null> {
  const { project, admission } = await projectAndAdmission(ctx.store, actor, projectId);
  const req = await planLease(ctx, actor, project, admission);
  const leased = await leaseNextTask(ctx.store, req);
  return leasedAssignment(project, project.config.type === 'rubric' ? await passOwnRubricReviews(ctx, actor, req, leased) : leased);
}

/**
 * Everything `next` decides before its write transaction: admission (404 when refused, the very
 * answer for a project that does not exist, so the refusal confirms nothing about it), the
 * reliability floor and trusted domains, the gold draw (workPlan.ts). Shared with submit-and-next, which runs the
 * same plan after its submit.
 */
export async function planLease(ctx: ServiceContext, actor: Actor, project: ProjectRecord, admission: Admission): Promise<LeaseRequest> {
  if (!admission.admitted) throw new NotFoundError(`project ${project.id}`);
  const db = ctx.store.db;
  const projectId = project.id;
  const now = ctx.now();
  const config = project.config;
  let domains = admission.domains;
  let uncertainDomains: string[] | undefined;
  const quality = config.quality;
  if (quality && (quality.reliabilityFloor !== undefined || quality.adaptiveOverlap !== undefined)) {
    const reliability = await reliabilityOfTutor(db, actor.id);
    if (quality.reliabilityFloor !== undefined) {
      const floor = applyReliabilityFloor(domains, reliability, quality.reliabilityFloor);
      if (floor.kept.length === 0) {
        throw new ForbiddenError(
          `your reliability in ${floor.removed.join(', ')} is below this project's floor (${quality.reliabilityFloor}); no new work there for now`,
        );
      }
      domains = floor.kept;
    }
    // Only adaptive overlap marks tasks uncertain, so only then is there an uncertain pool to try.
    if (quality.adaptiveOverlap) uncertainDomains = trustedDomains(reliability, domains, quality.trustedReliability);
  }
  const leaseDomains = domains.length === config.domains.length ? null : domains;
  // Gold projects only: the draw follows the tutor's readable count (goldMixing.ts), one extra read.
  // A cascade serves the tutor only the tasks at their tier's level (routing/cascade.ts).
  const cascadeTier = config.cascade ? actor.tier : undefined;
  const plan = config.goldRate > 0 ? await tutorWorkPlan(db, projectId, actor.id, config.goldRate, leaseDomains, cascadeTier) : undefined;
  const wantGold = plan !== undefined && drawGold(await databaseSecret(db), plan.goldChance, projectId, actor.id, now);
  // An AI judge works as many tasks at once as its endpoint takes calls; a person holds one lease.
  const maxLiveLeases = actor.tier === 'model' ? await judgeLeaseCap(db, actor.id) : 1;
  return {
    projectId,
    userId: actor.id,
    now,
    expiresAt: leaseExpiry(now, config.leaseSeconds),
    overlap: routingOverlap(config),
    domains: leaseDomains,
    pools: poolOrder(wantGold, plan?.goldInCount),
    uncertainDomains,
    ...(cascadeTier ? { cascadeTier } : {}),
    maxLiveLeases,
    sweepBatch: SWEEP_BATCH,
  };
}

/** The store's lease as the tutor receives it (null: nothing left, HTTP 204). */
export function leasedAssignment(project: ProjectRecord, leased: LeasedTask | null): NextAssignment | null {
  if (!leased) return null;
  return {
    assignment: { id: leased.assignmentId, expiresAt: new Date(leased.expiresAt).toISOString() },
    task: tutorTask(leased.taskId, project.config.type, leased.domain, leased.payload),
  };
}
