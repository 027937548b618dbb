/**
 * Per tutor × domain reliability of the tutors who worked in a project, in its domains: the gold
 * counts, the batch model's accuracy, the blended reliability, and what routing makes of it under this
 * project's policy (trusted: uncertain items first; below floor: no new work in that domain).
 */
import { NotFoundError } from '../../domain/errors.js';
import { isBelowFloor } from '../../routing/reliabilityFloor.js';
import { hasEvidence, isTrusted } from '../../routing/trust.js';
import { findProject } from '../../store/repositories/projects.js';
import { reliabilityForProject } from '../../store/repositories/reliability.js';
import type { ServiceContext } from '../context.js';
import type { ReliabilityList } from '../../domain/api/consensus.js';

export async function listReliability(ctx: ServiceContext, projectId: number): Promise<ReliabilityList> {
  const project = await findProject(ctx.store.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const quality = project.config.quality;
  const trustedAt = quality?.trustedReliability ?? 0.85;
  const floor = quality?.reliabilityFloor ?? null;
  const rows = await reliabilityForProject(ctx.store.db, projectId, project.config.domains);
  return {
    trustedReliability: trustedAt,
    reliabilityFloor: floor,
    tutors: rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      tier: r.tier,
      domain: r.domain,
      goldTotal: r.goldTotal,
      goldCorrect: r.goldCorrect,
      modelAccuracy: r.modelAccuracy,
      modelLabels: r.modelLabels,
      reliability: r.reliability,
      evidence: hasEvidence(r),
      trusted: isTrusted(r, trustedAt),
      belowFloor: floor !== null && isBelowFloor(r, floor),
      updatedAt: new Date(r.updatedAt).toISOString(),
    })),
  };
}
