/**
 * Projects: what work is asked, of whom, how many times, and for how much.
 */
import { z } from 'zod';
import { DomainName, TaskType } from './tasks.js';
import { ProjectPurpose, QualityPolicy } from './quality.js';
import { Tier } from './users.js';

export const RubricAxis = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'an identifier such as "helpfulness"'),
  description: z.string().max(2000).optional(),
  /** Scores run 1..scale. */
  scale: z.number().int().min(2).max(10).default(5),
});
export type RubricAxis = z.infer<typeof RubricAxis>;

/** Who may work on a project's tasks. Certification is checked per task domain. */
export const Eligibility = z.object({
  tiers: z.array(Tier).min(1).default(['generalist', 'specialist']),
  requireCertification: z.boolean().default(false),
});
export type Eligibility = z.infer<typeof Eligibility>;

export const PROJECT_STATUSES = ['active', 'paused', 'archived'] as const;
export const ProjectStatus = z.enum(PROJECT_STATUSES);
export type ProjectStatus = z.infer<typeof ProjectStatus>;

export const ProjectInput = z
  .object({
    name: z.string().min(1).max(200),
    type: TaskType,
    domains: z.array(DomainName).min(1),
    /** k: how many judgments each task should receive. */
    overlap: z.number().int().min(1).max(50).default(3),
    /** Share of served tasks that are gold (honeypots), 0..1. */
    goldRate: z.number().min(0).max(1).default(0),
    eligibility: Eligibility.default({ tiers: ['generalist', 'specialist'], requireCertification: false }),
    /** Pay per submitted task, in cents, for tutors paid per task. */
    payPerTask: z.number().int().min(0).default(0),
    instructions: z.string().max(50_000).default(''),
    /** Rating projects: the axes scored. */
    rubric: z.array(RubricAxis).optional(),
    /** Label projects: the allowed labels. */
    labels: z.array(z.string().min(1).max(100)).optional(),
    /** Label projects: may a tutor pick more than one label? */
    multiLabel: z.boolean().default(false),
    requireRationale: z.boolean().default(false),
    /** Lease length in seconds. */
    leaseSeconds: z
      .number()
      .int()
      .min(30)
      .max(24 * 3600)
      .default(1800),
    /** Production work, or a question bank for exams / practice (never routed, never exported). */
    purpose: ProjectPurpose.default('production'),
    /** Consensus method, adaptive overlap, live gold, reliability floor, review thresholds. */
    quality: QualityPolicy.default({ consensusMethod: 'hds', trustedReliability: 0.85, liveConsensus: false }),
  })
  .superRefine((p, ctx) => {
    if (p.type === 'rating' && (!p.rubric || p.rubric.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['rubric'], message: 'a rating project needs at least one rubric axis' });
    }
    if (p.type === 'label' && (!p.labels || p.labels.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'a label project needs its label set' });
    }
    if (p.type === 'conversation' && !p.rubric?.length && !p.labels?.length) {
      ctx.addIssue({ code: 'custom', path: ['rubric'], message: 'a conversation project needs rubric axes, a label set, or both' });
    }
    if (p.labels && new Set(p.labels).size !== p.labels.length) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'labels must be distinct' });
    }
  });
export type ProjectInput = z.input<typeof ProjectInput>;
export type ProjectConfig = z.output<typeof ProjectInput>;

/**
 * A tutor's "left for you" count stops here (routing/goldMixing.ts `workPlan`): above it the number
 * does not move whatever is leased; below it, it moves the same way for gold and real leases.
 */
export const AVAILABLE_CAP = 100;
