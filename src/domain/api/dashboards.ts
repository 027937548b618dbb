/**
 * A project's quality dashboard: GET /api/projects/:id/quality (manager+). Agreement with intervals,
 * gold accuracy per tutor, stored consensus. Only the keys listed here leave the server.
 */
import { z } from 'zod';

const num = z.number().nullable();

export const Measure = z.object({ value: num, lower: num, upper: num, note: z.string().nullable() });
export const AgreementRow = z.object({
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
export const Wilson = z.object({ correct: z.number(), total: z.number(), value: num, lower: z.number(), upper: z.number() });
export const TutorGold = z.object({
  userId: z.number().int(),
  tutor: z.string().describe('pseudonymous id, as in the annotations export'),
  name: z.string(),
  tier: z.string(),
  overall: Wilson,
  byDomain: z.array(Wilson.extend({ domain: z.string() })),
});
export const ConsensusGroup = z.object({
  domain: z.string().nullable(),
  tasks: z.number().int(),
  withConsensus: z.number().int(),
  meanConfidence: num,
  shareBelow: num,
  shareByReview: num,
});

/** Where the gold counts come from; 'none' when the task type has no comparable answer and no gold results exist. */
export const GoldAccuracy = z.object({
  source: z.enum(['gold_results', 'annotations', 'none']),
  note: z.string().nullable(),
  tutors: z.array(TutorGold),
});
export const ConsensusSummary = z.object({
  available: z.boolean(),
  note: z.string().nullable(),
  threshold: z.number(),
  methods: z.array(z.string()),
  project: ConsensusGroup,
  byDomain: z.array(ConsensusGroup),
});

export const ProjectQualitySchema = z
  .object({
    project: z.object({ id: z.number().int(), name: z.string(), type: z.string(), domains: z.array(z.string()) }),
    agreement: z.object({
      note: z.string().nullable(),
      annotations: z.number().int(),
      sampledShare: z.number().nullable(),
      seed: z.number().int(),
      rows: z.array(AgreementRow),
    }),
    gold: GoldAccuracy,
    consensus: ConsensusSummary,
  })
  .meta({ id: 'ProjectQuality' });

export type Measure = z.output<typeof Measure>;
export type AgreementRow = z.output<typeof AgreementRow>;
export type Wilson = z.output<typeof Wilson>;
export type TutorGold = z.output<typeof TutorGold>;
export type GoldAccuracy = z.output<typeof GoldAccuracy>;
export type ConsensusGroup = z.output<typeof ConsensusGroup>;
export type ConsensusSummary = z.output<typeof ConsensusSummary>;
export type ProjectQuality = z.output<typeof ProjectQualitySchema>;
