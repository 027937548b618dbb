/**
 * Manager dashboards: a project's quality (agreement with intervals, gold accuracy per tutor,
 * stored consensus) and its economics (cost rollups, cost per quality-adjusted label, specialists vs
 * generalists). Manager and above; tutors and reviewers get 403. The schemas below are the contract
 * and the filter: only the keys listed here leave the server.
 */
import { z } from 'zod';
import { projectEconomicsView, projectQuality } from '../../services/index.js';
import { IdParams, withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

const num = z.number().nullable();

const Measure = z.object({ value: num, lower: num, upper: num, note: z.string().nullable() });
const AgreementRow = z.object({
  scope: z.enum(['project', 'domain']),
  domain: z.string().nullable(),
  field: z.string(),
  level: z.enum(['nominal', 'ordinal', 'interval', 'ratio']),
  items: z.number().int(),
  singleRated: z.number().int(),
  ratings: z.number().int(),
  raters: z.number().int(),
  alpha: Measure.describe("Krippendorff's α with a bootstrap 95% interval over items"),
  fleiss: Measure.describe("Fleiss' κ with a bootstrap 95% interval over items, or n/a with the reason"),
  rounds: z.number().int(),
});
const Wilson = z.object({ correct: z.number(), total: z.number(), value: num, lower: z.number(), upper: z.number() });
const TutorGold = z.object({
  userId: z.number().int(),
  tutor: z.string().describe('pseudonymous id, as in the annotations export'),
  name: z.string(),
  tier: z.string(),
  overall: Wilson,
  byDomain: z.array(Wilson.extend({ domain: z.string() })),
});
const ConsensusGroup = z.object({
  domain: z.string().nullable(),
  tasks: z.number().int(),
  withConsensus: z.number().int(),
  meanConfidence: num,
  shareBelow: num,
  shareByReview: num,
});

export const ProjectQualitySchema = z
  .object({
    project: z.object({ id: z.number().int(), name: z.string(), type: z.string(), domains: z.array(z.string()) }),
    agreement: z.object({ note: z.string().nullable(), annotations: z.number().int(), sampledShare: z.number().nullable(), seed: z.number().int(), rows: z.array(AgreementRow) }),
    gold: z.object({ source: z.enum(['gold_results', 'annotations', 'none']), note: z.string().nullable(), tutors: z.array(TutorGold) }),
    consensus: z.object({
      available: z.boolean(), note: z.string().nullable(), threshold: z.number(), methods: z.array(z.string()),
      project: ConsensusGroup, byDomain: z.array(ConsensusGroup),
    }),
  })
  .meta({ id: 'ProjectQuality' });

const Rollup = {
  costCents: z.number(), judgments: z.number().int(), accepted: z.number().int(), timeMs: z.number(),
  throughputPerHour: num, costPerJudgment: num, costPerAccepted: num,
};
const DepthPoint = z.object({ depth: z.number().int(), items: z.number().int(), accuracy: z.number(), costPerItemCents: z.number(), accuracyPerDollar: num });
const Metric = z.enum(['goldAccuracy', 'agreement', 'reliability', 'speedMs', 'costPerQAL']);
const TierStats = z.object({
  tutors: z.number().int(), judgments: z.number().int(), goldJudgments: z.number().int(), goldItems: z.number().int(), costCents: z.number(),
  values: z.record(Metric, num),
});
const Difference = z.object({ estimate: num, lower: num, upper: num });
const int = z.number().int();
const ReviewCosts = z.object({
  reviews: int, withoutDuration: int, costCents: z.number(), timeMs: z.number(),
  byTierDomain: z.array(z.object({ tier: z.string(), domain: z.string(), reviews: int, costCents: z.number(), timeMs: z.number(), costPerReview: num })),
});
const CertificationCosts = z.object({
  attempts: int, passed: int, costCents: z.number(), timeMs: z.number(), costPerPass: num,
  byDomainTier: z.array(z.object({ domain: z.string(), tier: z.string(), attempts: int, passed: int, costCents: z.number(), timeMs: z.number() })),
});

export const ProjectEconomicsSchema = z
  .object({
    project: z.object({ id: z.number().int(), name: z.string(), type: z.string(), domains: z.array(z.string()), payPerTask: z.number() }),
    method: z.string(),
    costCents: z.number(),
    annotationCostCents: z.number(),
    targetAccuracy: z.number(),
    qualityAdjusted: z.object({
      targetConfidence: z.number(), items: z.number().int(), reached: z.number().int(),
      costPerQualityAdjustedLabel: num, meanCostToTarget: num, meanJudgmentsToTarget: num,
      reachedByReview: int, reviewCostCents: z.number(), costPerQualityAdjustedLabelWithoutReviews: num,
    }),
    goldAccuracy: z.object({ targetAccuracy: z.number(), curve: z.array(DepthPoint), reached: DepthPoint.nullable() }).nullable(),
    goldSource: z.enum(['gold_results', 'annotations', 'none']),
    byTier: z.array(z.object({ tier: z.string(), ...Rollup })),
    byTierDomain: z.array(z.object({ tier: z.string(), domain: z.string(), ...Rollup, gold: Wilson, costPerQAL: num })),
    tutors: z.array(z.object({ userId: z.number().int(), tutor: z.string(), name: z.string(), tier: z.string(), ...Rollup })),
    tierComparison: z.array(z.object({
      domain: z.string(),
      specialist: TierStats,
      generalist: TierStats,
      differences: z.record(Metric, Difference),
      verdict: z.string(),
      summary: z.string(),
    })),
    reviews: ReviewCosts,
    certification: CertificationCosts,
  })
  .meta({ id: 'ProjectEconomics' });

export function dashboardRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/projects/:id/quality', {
    config: { access: 'manager' },
    schema: {
      summary: "Agreement (Krippendorff's α, Fleiss' κ) per project and domain, gold accuracy per tutor, consensus summary",
      tags: ['dashboards'],
      params: IdParams,
      response: withErrors({ 200: ProjectQualitySchema }),
    },
    handler: async (request) => projectQuality(ctx, request.params.id),
  });

  app.get('/api/projects/:id/economics', {
    config: { access: 'manager' },
    schema: {
      summary: 'Cost per tier, domain and tutor, cost per quality-adjusted label, specialists vs generalists with intervals and verdicts',
      tags: ['dashboards'],
      params: IdParams,
      response: withErrors({ 200: ProjectEconomicsSchema }),
    },
    handler: async (request) => projectEconomicsView(ctx, request.params.id),
  });
}
