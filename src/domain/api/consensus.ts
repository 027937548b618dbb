/**
 * Stored consensus and per tutor × domain reliability of a project, and the on-demand batch
 * (/api/projects/:id/consensus…, /api/projects/:id/reliability).
 */
import { z } from 'zod';

export const RecomputeSummary = z
  .object({
    method: z.string(),
    methodVersion: z.string(),
    annotations: z.number().int(),
    tasks: z.number().int(),
    tutorDomains: z.number().int(),
  })
  .meta({ id: 'ConsensusRecompute' });
export type RecomputeSummary = z.output<typeof RecomputeSummary>;

export const TaskConsensus = z
  .object({
    taskId: z.number().int(),
    externalId: z.string(),
    domain: z.string(),
    label: z.record(z.string(), z.unknown()).describe("the consensus answer in the task type's response shape"),
    confidence: z.number(),
    annotatorCount: z.number().int(),
    method: z.string(),
    methodVersion: z.string(),
    source: z.enum(['model', 'review']),
    reviewId: z.number().int().nullable(),
    computedAt: z.string(),
  })
  .meta({ id: 'TaskConsensus' });
export type TaskConsensus = z.output<typeof TaskConsensus>;

export const ConsensusQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.coerce.number().int().min(0).default(0),
});
export const ConsensusPage = z.object({ consensus: z.array(TaskConsensus), next: z.number().int().nullable() });
export type ConsensusPage = z.output<typeof ConsensusPage>;

export const TutorReliability = z
  .object({
    userId: z.number().int(),
    name: z.string(),
    tier: z.string(),
    domain: z.string(),
    goldTotal: z.number().int(),
    goldCorrect: z.number().int(),
    modelAccuracy: z.number().nullable(),
    modelLabels: z.number().int(),
    reliability: z.number(),
    /** Enough evidence for routing to act on it (routing/trust.ts). */
    evidence: z.boolean(),
    trusted: z.boolean(),
    belowFloor: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TutorReliability' });
export type TutorReliability = z.output<typeof TutorReliability>;

export const ReliabilityList = z.object({
  trustedReliability: z.number(),
  reliabilityFloor: z.number().nullable(),
  tutors: z.array(TutorReliability),
});
export type ReliabilityList = z.output<typeof ReliabilityList>;
