/**
 * A project's quality policy: how consensus is formed, when an item has enough judgments, when a
 * tutor loses work or a certification, and what goes to review. Every part is optional; a project
 * without a policy behaves as before (fixed overlap, consensus by the default method).
 */
import { z } from 'zod';

/**
 * A stored consensus below this confidence counts as "low" on the Quality page. Baked into the
 * consensus rollups' triggers (migration 040): changing it needs a migration that re-creates them.
 */
export const CONSENSUS_LOW_CONFIDENCE = 0.8;

/** The categorical inference methods a project may choose (names as in `quality/inference`). */
export const CONSENSUS_METHODS = ['mv', 'wmv', 'wawa', 'ds1', 'ds', 'bds', 'glad', 'mace', 'hds', 'ebcc', 'bwa', 'auto'] as const;
export const ConsensusMethod = z.enum(CONSENSUS_METHODS);
export type ConsensusMethod = z.infer<typeof ConsensusMethod>;

/**
 * Adaptive overlap: an item stops receiving work once its posterior confidence reaches
 * `targetConfidence` (after at least `minJudgments`), and keeps receiving it up to `maxJudgments`.
 */
export const AdaptiveOverlap = z
  .object({
    targetConfidence: z.number().min(0.5).max(0.9999),
    minJudgments: z.number().int().min(1).max(50),
    maxJudgments: z.number().int().min(1).max(50),
  })
  .refine((a) => a.minJudgments <= a.maxJudgments, { message: 'minJudgments must not exceed maxJudgments', path: ['maxJudgments'] });
export type AdaptiveOverlap = z.infer<typeof AdaptiveOverlap>;

/** Live gold: suspend a domain certification when the Wilson lower bound of recent gold accuracy drops below `threshold`. */
export const GoldSuspension = z.object({
  threshold: z.number().min(0).max(1).default(0.6),
  /** Gold judgments in the domain before the rule applies. */
  minGold: z.number().int().min(1).max(1000).default(10),
  /** How many of the most recent gold judgments count. */
  window: z.number().int().min(1).max(10_000).default(50),
});
export type GoldSuspension = z.infer<typeof GoldSuspension>;

export const QualityPolicy = z.object({
  consensusMethod: ConsensusMethod.default('hds'),
  adaptiveOverlap: AdaptiveOverlap.optional(),
  goldSuspension: GoldSuspension.optional(),
  /** Tutors whose reliability in a domain is below this get no new work in that domain. */
  reliabilityFloor: z.number().min(0).max(1).optional(),
  /** Reliability at or above which a tutor is sent uncertain items first. */
  trustedReliability: z.number().min(0).max(1).default(0.85),
  /** A task whose final consensus confidence is below this goes to the review queue. */
  reviewBelowConfidence: z.number().min(0).max(1).optional(),
  /**
   * Keep each task's consensus current after every judgment (one more short transaction per submit).
   * Implied by adaptive overlap, review thresholds and a reliability floor, which act on it; without
   * them consensus is formed in batches when it is read (exports, dashboards, the consensus route).
   */
  liveConsensus: z.boolean().default(false),
});
export type QualityPolicyInput = z.input<typeof QualityPolicy>;
export type QualityPolicy = z.output<typeof QualityPolicy>;

/**
 * What a project's tasks are for. Production tasks are routed as work; `exam` and `practice`
 * projects are question banks: their gold tasks feed certification exams and the practice path,
 * and they are never served by `next` nor exported.
 */
export const PROJECT_PURPOSES = ['production', 'exam', 'practice'] as const;
export const ProjectPurpose = z.enum(PROJECT_PURPOSES);
export type ProjectPurpose = z.infer<typeof ProjectPurpose>;
