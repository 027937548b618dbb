/**
 * A project's economics for the Cost panel (GET /api/projects/:id/economics): the projectReport
 * service's rollups, quality-adjusted cost and specialist-vs-generalist comparison, priced with the
 * project's own per-task rate for tutors without one, plus
 * - per tier × domain: gold accuracy (Wilson interval) and cost per quality-adjusted label by the
 *   tier comparison's rule (judgments of that pool needed for a majority to reach TARGET_ACCURACY,
 *   times its mean cost per judgment; null when unreachable or without gold), so domains where only
 *   one tier worked are priced too;
 * - per tutor: name and pseudonymous id next to the rollup;
 * - reviews (verdicts priced from the reviewer's terms, per tier × domain) and certification (exam
 *   attempts in the project's domains); `costCents` is annotations + reviews, certification apart
 *   (see src/economics/projectEconomics.ts for how reviews enter the cost per quality-adjusted label).
 */
import { measureProjectEconomics } from '../economics/measureProjectEconomics.js';
import { getProject } from '../projects/queries.js';
import { poolCostPerQAL } from '../../economics/qualityAdjusted.js';
import type { RollupRow } from '../../economics/rollup.js';
import { databaseSecret } from '../../store/repositories/settings.js';
import { pseudonym } from '../export/annotations.js';
import type { ServiceContext } from '../context.js';
import { goldAccuracyByTutor, wilson } from './goldAccuracy.js';
import type { ProjectEconomicsView, TierDomainRow, TutorRow } from '../../domain/api/economics.js';
import { tutorsByIds } from '../../store/repositories/dashboards.js';

/** The tier comparison's default target accuracy and judgment cap (tierComparison.ts). */
export const TARGET_ACCURACY = 0.95;
const MAX_JUDGMENTS = 51;

type Rollup = Omit<RollupRow, 'key'>;

const strip = ({ key: _key, ...rest }: RollupRow): Rollup => rest;

/** `how.fromScratch`: from every judgment, not the stored rollups (the reference a test compares with). */
export async function projectEconomicsView(
  ctx: ServiceContext,
  projectId: number,
  how: { fromScratch?: boolean } = {},
): Promise<ProjectEconomicsView> {
  const project = await getProject(ctx, projectId);
  const target = project.quality?.adaptiveOverlap?.targetConfidence;
  const data = await measureProjectEconomics(
    ctx,
    projectId,
    {
      projectPayPerTask: project.payPerTask,
      ...(target !== undefined ? { targetConfidence: target } : {}),
      comparison: { targetAccuracy: TARGET_ACCURACY, maxJudgments: MAX_JUDGMENTS },
    },
    how,
  );
  const e = data.economics;
  const gold = await goldAccuracyByTutor(ctx, projectId, project.type);
  const goldTD = new Map<string, { correct: number; total: number }>();
  for (const t of gold.tutors) {
    for (const d of t.byDomain) {
      const key = `${t.tier}\u0000${d.domain}`;
      const g = goldTD.get(key) ?? { correct: 0, total: 0 };
      g.correct += d.correct;
      g.total += d.total;
      goldTD.set(key, g);
    }
  }
  const byTierDomain = [...e.rollups.byTierDomain]
    .sort((a, b) => (a.key.domain ?? '').localeCompare(b.key.domain ?? '') || (b.key.tier ?? '').localeCompare(a.key.tier ?? ''))
    .map((r): TierDomainRow => {
      const g = goldTD.get(`${r.key.tier}\u0000${r.key.domain}`) ?? { correct: 0, total: 0 };
      const w = wilson(g.correct, g.total);
      return {
        tier: r.key.tier ?? '',
        domain: r.key.domain ?? '',
        ...strip(r),
        gold: w,
        costPerQAL:
          w.value === null || r.costPerJudgment === null
            ? null
            : poolCostPerQAL(w.value, r.costPerJudgment, TARGET_ACCURACY, MAX_JUDGMENTS),
      };
    });
  const ids = e.rollups.byTutor.map((r) => Number(r.key.tutor));
  const info = await tutorsByIds(ctx.store.db, ids);
  const secret = await databaseSecret(ctx.store.db);
  const tutors = e.rollups.byTutor
    .map((r): TutorRow => {
      const id = Number(r.key.tutor);
      return {
        userId: id,
        tutor: pseudonym(secret, id),
        name: info.get(id)?.name ?? data.tutorNames[r.key.tutor ?? ''] ?? `user ${id}`,
        tier: info.get(id)?.tier ?? '',
        ...strip(r),
      };
    })
    .sort((a, b) => b.costCents - a.costCents || a.name.localeCompare(b.name));
  return {
    project: { id: project.id, name: project.name, type: project.type, domains: project.domains, payPerTask: project.payPerTask },
    method: e.method,
    costCents: e.costCents,
    annotationCostCents: e.annotationCostCents,
    targetAccuracy: TARGET_ACCURACY,
    qualityAdjusted: e.qualityAdjusted,
    goldAccuracy: e.goldAccuracy,
    goldSource: gold.source,
    byTier: e.rollups.byTier.map((r) => ({ tier: r.key.tier ?? '', ...strip(r) })),
    byTierDomain,
    tutors,
    tierComparison: e.tierComparison,
    reviews: e.reviews,
    certification: e.certification,
  };
}
