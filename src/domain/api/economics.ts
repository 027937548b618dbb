/**
 * A project's economics dashboard: GET /api/projects/:id/economics (manager+). Cost rollups, cost per
 * quality-adjusted label, specialists vs generalists. Only the keys listed here leave the server.
 */
import { z } from 'zod';
import { Wilson } from './dashboards.js';

const num = z.number().nullable();

export const Rollup = {
  costCents: z.number(),
  judgments: z.number().int(),
  accepted: z.number().int(),
  timeMs: z.number(),
  throughputPerHour: num,
  costPerJudgment: num,
  costPerAccepted: num,
};
export const DepthPoint = z.object({
  depth: z.number().int(),
  items: z.number().int(),
  accuracy: z.number(),
  costPerItemCents: z.number(),
  accuracyPerDollar: num,
});
export const Metric = z.enum(['goldAccuracy', 'agreement', 'reliability', 'speedMs', 'costPerQAL']);
export const TierStats = z.object({
  tutors: z.number().int(),
  judgments: z.number().int(),
  goldJudgments: z.number().int(),
  goldItems: z.number().int(),
  costCents: z.number(),
  values: z.record(Metric, num),
});
export const Difference = z.object({ estimate: num, lower: num, upper: num });
const int = z.number().int();
export const ReviewCosts = z.object({
  reviews: int,
  withoutDuration: int,
  costCents: z.number(),
  timeMs: z.number(),
  byTierDomain: z.array(
    z.object({ tier: z.string(), domain: z.string(), reviews: int, costCents: z.number(), timeMs: z.number(), costPerReview: num }),
  ),
});
export const CertificationCosts = z.object({
  attempts: int,
  passed: int,
  costCents: z.number(),
  timeMs: z.number(),
  costPerPass: num,
  byDomainTier: z.array(
    z.object({ domain: z.string(), tier: z.string(), attempts: int, passed: int, costCents: z.number(), timeMs: z.number() }),
  ),
});

export const TierDomainRow = z.object({
  tier: z.string(),
  domain: z.string(),
  ...Rollup,
  gold: Wilson,
  /** Cost per quality-adjusted label (cents) at the target accuracy; null without gold or when unreachable. */
  costPerQAL: num,
});
export const TutorRow = z.object({ userId: z.number().int(), tutor: z.string(), name: z.string(), tier: z.string(), ...Rollup });
export const DomainComparison = z.object({
  domain: z.string(),
  specialist: TierStats,
  generalist: TierStats,
  differences: z.record(Metric, Difference),
  verdict: z.string(),
  summary: z.string(),
});

export const ProjectEconomicsSchema = z
  .object({
    project: z.object({ id: z.number().int(), name: z.string(), type: z.string(), domains: z.array(z.string()), payPerTask: z.number() }),
    method: z.string(),
    costCents: z.number(),
    annotationCostCents: z.number(),
    targetAccuracy: z.number(),
    qualityAdjusted: z.object({
      targetConfidence: z.number(),
      items: z.number().int(),
      reached: z.number().int(),
      costPerQualityAdjustedLabel: num,
      meanCostToTarget: num,
      meanJudgmentsToTarget: num,
      reachedByReview: int,
      reviewCostCents: z.number(),
      costPerQualityAdjustedLabelWithoutReviews: num,
    }),
    goldAccuracy: z.object({ targetAccuracy: z.number(), curve: z.array(DepthPoint), reached: DepthPoint.nullable() }).nullable(),
    goldSource: z.enum(['gold_results', 'annotations', 'none']),
    byTier: z.array(z.object({ tier: z.string(), ...Rollup })),
    byTierDomain: z.array(TierDomainRow),
    tutors: z.array(TutorRow),
    tierComparison: z.array(DomainComparison),
    reviews: ReviewCosts,
    certification: CertificationCosts,
  })
  .meta({ id: 'ProjectEconomics' });

export type Metric = z.output<typeof Metric>;
export type TierStats = z.output<typeof TierStats>;
export type Difference = z.output<typeof Difference>;
export type TierDomainRow = z.output<typeof TierDomainRow>;
export type TutorRow = z.output<typeof TutorRow>;
export type DomainComparison = z.output<typeof DomainComparison>;
export type ProjectEconomicsView = z.output<typeof ProjectEconomicsSchema>;
