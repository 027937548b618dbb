/**
 * Projects: what work is asked, of whom, how many times, and for how much.
 */
import { z } from 'zod';
import { DomainName, TaskType } from './tasks.js';
import { ProjectPurpose, QualityPolicy } from './quality.js';
import { Tier } from './users.js';
import { JudgingPolicy } from './judging.js';

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

/**
 * The cascade (issue 13 §4): tiers in order, cheapest first. Every regular item starts at the first tier of
 * its domain (the last, for expert-only domains) and moves up while the rule in routing/cascade.ts says so;
 * routing serves each tier only the items at its level. Gold is outside the cascade (every tier is measured).
 */
export const CascadePolicy = z
  .object({
    tiers: z.array(Tier).min(1),
    /** A domain's own order, instead of `tiers`. */
    domains: z.record(DomainName, z.array(Tier).min(1)).optional(),
    /** An item moves up while its posterior confidence after a tier is below this. */
    targetConfidence: z.number().gt(0.5).lt(1),
    /** Domains that need experts: their items start at (and stay at) the last tier. */
    expertOnly: z.array(DomainName).default([]),
    /** Judgments each tier gives an item at its level; a tier not named gives the project's overlap. */
    judgments: z.partialRecord(Tier, z.number().int().min(1).max(50)).default({}),
    /** No item moves up once the project has spent this much (cents). */
    budgetCents: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const orders: [string, Tier[]][] = [
      ['tiers', c.tiers],
      ...Object.entries(c.domains ?? {}).map(([d, t]) => [`domains.${d}`, t] as [string, Tier[]]),
    ];
    for (const [path, order] of orders) {
      if (new Set(order).size !== order.length)
        ctx.addIssue({ code: 'custom', path: path.split('.'), message: 'a tier appears only once in a cascade' });
    }
  });
export type CascadePolicyInput = z.input<typeof CascadePolicy>;
export type CascadePolicy = z.output<typeof CascadePolicy>;

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
    /** Rubric authoring projects: where approved rubric versions become grading tasks (domain/rubric.ts). */
    rubricGradingProject: z.number().int().positive().optional(),
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
    /** Model → generalist → specialist escalation (absent: every admitted tier sees every item). */
    cascade: CascadePolicy.optional(),
    /** AI judges: position-bias check for preference pairs (judge both orders) and what an inconsistent pair becomes. */
    judging: JudgingPolicy.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.type === 'rating' && (!p.rubric || p.rubric.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['rubric'], message: 'a rating project needs at least one rubric axis' });
    }
    if (p.type === 'label' && (!p.labels || p.labels.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'a label project needs its label set' });
    }
    if (p.rubricGradingProject !== undefined && p.type !== 'rubric') {
      ctx.addIssue({ code: 'custom', path: ['rubricGradingProject'], message: 'only a rubric project sends approved rubrics to grading' });
    }
    // The cascade decides on a class posterior: preference and label answers only.
    if (p.cascade && p.type !== 'preference' && p.type !== 'label') {
      ctx.addIssue({ code: 'custom', path: ['cascade'], message: 'a cascade needs a preference or label project' });
    }
    if (p.cascade && p.quality?.adaptiveOverlap) {
      ctx.addIssue({
        code: 'custom',
        path: ['cascade'],
        message: "a cascade sets each item's judgments per tier: turn adaptive overlap off first",
      });
    }
    for (const tier of new Set([...(p.cascade?.tiers ?? []), ...Object.values(p.cascade?.domains ?? {}).flat()])) {
      if (!p.eligibility.tiers.includes(tier))
        ctx.addIssue({
          code: 'custom',
          path: ['cascade'],
          message: `the cascade names tier "${tier}", which the project's eligibility does not admit`,
        });
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
