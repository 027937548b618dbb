/**
 * The review queue of a project at a glance, for the quality dashboard: open and decided reviews by
 * reason, the median time from opening to decision, and how often a verdict overturned the model's
 * consensus. Whether a verdict overturned it is read from the decision's audit event, which records
 * the consensus the verdict replaced (the consensus row itself now holds the verdict).
 */
import { NotFoundError } from '../../domain/errors.js';
import { findProject } from '../../store/repositories/projects.js';
import { decisionDetails, medianDecisionMs, REVIEW_REASONS, reviewCounts } from '../../store/repositories/reviews.js';
import type { Actor, ServiceContext } from '../context.js';
import type { ReasonCounts, ReviewSummary } from '../../domain/api/reviews.js';
import { atLeast } from '../../domain/users.js';
import { admissionFor } from '../work/admission.js';

const zero = (): ReasonCounts => ({ low_confidence: 0, disagreement: 0, flagged: 0, total: 0 });

/**
 * With an actor below manager: only a project that admits them (the projects they can see at all);
 * any other is 404, as if it did not exist.
 */
export async function reviewSummary(ctx: ServiceContext, projectId: number, actor?: Actor): Promise<ReviewSummary> {
  const db = ctx.store.db;
  const project = await findProject(db, projectId);
  const hidden = project && actor && !atLeast(actor.role, 'manager') && !(await admissionFor(db, actor, project)).admitted;
  if (!project || hidden) throw new NotFoundError(`project ${projectId}`);
  const open = zero();
  const decided = zero();
  for (const row of await reviewCounts(db, projectId)) {
    const into = row.state === 'open' ? open : decided;
    if (!REVIEW_REASONS.includes(row.reason)) continue;
    into[row.reason] += Number(row.n);
    into.total += Number(row.n);
  }
  let withModelConsensus = 0;
  let overturned = 0;
  const details = await decisionDetails(db, projectId);
  for (const d of details) {
    const o = (JSON.parse(d) as { overturned?: boolean | null }).overturned;
    if (typeof o !== 'boolean') continue;
    withModelConsensus++;
    if (o) overturned++;
  }
  return {
    projectId,
    open,
    decided,
    medianDecisionMs: await medianDecisionMs(db, projectId, decided.total),
    verdicts: details.length,
    withModelConsensus,
    overturned,
    overturnShare: withModelConsensus === 0 ? null : overturned / withModelConsensus,
  };
}
