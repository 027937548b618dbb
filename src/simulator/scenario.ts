/**
 * A simulation scenario (YAML): the task mix, the workforce, the project settings and a budget or
 * deadline. Parsed with zod so a bad file is refused with the line and field that are wrong.
 *
 * Models the fields stand for (crowd.ts draws them, engine.ts runs them):
 * - accuracy per domain: each tutor's probability of answering an item of difficulty 0 correctly,
 *   drawn once per tutor from Beta(a, b) or from the Beta with the given mean/sd. On an item of
 *   difficulty d ∈ [0, 1] the probability is 1/K + (acc − 1/K)(1 − d): d = 0 is the tutor's
 *   accuracy, d = 1 is a coin toss. Wrong answers are uniform over the other K − 1 classes.
 * - speed: log-normal seconds per judgment, by median and log-scale σ (drawn per judgment, scaled
 *   by a per-tutor factor, also log-normal with σ = `tutorSigma`, so some tutors are just slower).
 * - availability: each tutor works one shift of `hoursPerDay` hours a day, starting at a seeded
 *   offset within `windowHours` (default 24) of the start of each day.
 * - dropout: a per-hour-of-work hazard; each tutor's working life is exponential with that rate,
 *   and a tutor who runs out walks away mid-task (the lease then expires).
 * - a `model` group (tier `model`, issue 13 §5) is an AI judge: per-domain accuracy as above, its
 *   latency as `speed`, its price per judgment as `pay` (per task), and `positionBias`: the share of
 *   its preference judgments decided by position alone (it picks the response shown first, `a`,
 *   whatever the content). Each member is one concurrent instance of the judge.
 * - cascade: the project's cascade policy (domain/projects.ts), run by the platform's own routing.
 */
import type { QualityPolicyInput } from '../domain/quality.js';
import { parseDocument, LineCounter, isMap, isSeq, type Node } from 'yaml';
import { z } from 'zod';
import { UserInputError } from '../domain/errors.js';
import { DomainName } from '../domain/tasks.js';
import { CascadePolicy } from '../domain/projects.js';
import { Tier } from '../domain/users.js';

const Probability = z.number().min(0).max(1);

export const AccuracySpec = z.union([
  z.object({ a: z.number().positive(), b: z.number().positive() }).strict(),
  z
    .object({ mean: z.number().gt(0).lt(1), sd: z.number().positive() })
    .strict()
    .refine((x) => x.sd * x.sd < x.mean * (1 - x.mean), {
      message: 'sd too large for a Beta with this mean (need sd² < mean·(1 − mean))',
      path: ['sd'],
    }),
]);
export type AccuracySpec = z.infer<typeof AccuracySpec>;

export const DifficultySpec = z.union([Probability, z.object({ mean: z.number().gt(0).lt(1), sd: z.number().positive() }).strict()]);

export const TaskMixEntry = z
  .object({
    /** `preference` (choose a or b) or `label` (one label from `labels`). */
    type: z.enum(['preference', 'label']),
    domain: DomainName,
    count: z.number().int().min(1).max(200_000),
    /** Label tasks: the label set (K = its size). Preference: K = 2. */
    labels: z.array(z.string().min(1)).min(2).optional(),
    /** A fixed difficulty in [0, 1], or a Beta by mean/sd drawn per item. Default 0. */
    difficulty: DifficultySpec.default(0),
    /** Extra gold items (known answers) for this domain, served by routing at the project's gold rate. */
    goldItems: z.number().int().min(0).default(0),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.type === 'label' && !t.labels)
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'a label task mix needs its label set' });
  });
export type TaskMixEntry = z.infer<typeof TaskMixEntry>;

export const WorkforceGroup = z
  .object({
    name: z
      .string()
      .min(1)
      .max(60)
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _'),
    tier: Tier,
    count: z.number().int().min(1).max(20_000),
    /** Accuracy per domain; `default` applies to domains not listed. */
    accuracy: z.record(z.string(), AccuracySpec).refine((r) => Object.keys(r).length > 0, 'give at least one domain or "default"'),
    speed: z
      .object({
        medianSeconds: z.number().positive(),
        sigma: z.number().min(0).max(3).default(0.5),
        tutorSigma: z.number().min(0).max(3).default(0.3),
      })
      .strict(),
    pay: z.object({ model: z.enum(['per_task', 'hourly']), rate: z.number().int().min(0) }).strict(),
    availability: z
      .object({
        hoursPerDay: z.number().gt(0).max(24).default(8),
        windowHours: z.number().gt(0).max(24).default(24),
      })
      .strict()
      .default({ hoursPerDay: 8, windowHours: 24 }),
    /** Hazard of quitting per hour worked (0 = nobody leaves). */
    dropout: z.number().min(0).max(10).default(0),
    /** Domains this group is certified in (matters when the project requires certification). */
    certified: z.array(DomainName).default([]),
    /** The tutors' declared domains: routing gives a specialist with domains only tasks in them. */
    domains: z.array(DomainName).default([]),
    /** Share of preference judgments decided by position alone (the first-shown response): LLM judges' position bias. */
    positionBias: Probability.default(0),
  })
  .strict()
  .refine((g) => g.tier !== 'model' || g.pay.model === 'per_task', {
    message: 'a model group is priced per judgment: pay.model must be per_task',
    path: ['pay', 'model'],
  });
export type WorkforceGroup = z.infer<typeof WorkforceGroup>;

export const ProjectSettings = z
  .object({
    overlap: z.number().int().min(1).max(50).default(3),
    goldRate: Probability.default(0),
    requireCertification: z.boolean().default(false),
    tiers: z.array(Tier).min(1).default(['generalist', 'specialist']),
    /** Per-task project rate (cents) for per-task tutors without their own rate. */
    payPerTask: z.number().int().min(0).default(0),
    /** Stop judging an item once its posterior reaches `targetConfidence` (after ≥ min, at most max judgments). */
    adaptive: z
      .object({
        targetConfidence: z.number().gt(0.5).lt(1),
        min: z.number().int().min(1).default(1),
        max: z.number().int().min(1).max(50),
      })
      .strict()
      .refine((a) => a.min <= a.max, { message: 'min must be ≤ max', path: ['min'] })
      .optional(),
    leaseSeconds: z.number().int().min(30).max(86_400).default(1800),
    /** The platform's reliability floor: tutors below it in a domain (once measured) get no more work there. */
    reliabilityFloor: Probability.optional(),
    /** Reliability at which a tutor is sent uncertain items first (the platform's default when absent). */
    trustedReliability: Probability.optional(),
    /** The platform's cascade (model → generalist → specialist); its tiers must be in `tiers`. */
    cascade: CascadePolicy.optional(),
  })
  .strict();
export type ProjectSettings = z.infer<typeof ProjectSettings>;

/** The project's quality policy on the platform for these settings (undefined: the platform's defaults). */
export function qualityPolicyOf(p: ProjectSettings): QualityPolicyInput | undefined {
  const policy: QualityPolicyInput = {
    ...(p.adaptive
      ? { adaptiveOverlap: { targetConfidence: p.adaptive.targetConfidence, minJudgments: p.adaptive.min, maxJudgments: p.adaptive.max } }
      : {}),
    ...(p.reliabilityFloor !== undefined ? { reliabilityFloor: p.reliabilityFloor } : {}),
    ...(p.trustedReliability !== undefined ? { trustedReliability: p.trustedReliability } : {}),
  };
  return Object.keys(policy).length > 0 ? policy : undefined;
}

export const Scenario = z
  .object({
    name: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    seed: z.number().int().default(1),
    tasks: z.array(TaskMixEntry).min(1),
    workforce: z.array(WorkforceGroup).min(1),
    project: ProjectSettings.default(ProjectSettings.parse({})),
    /** Stop starting new work once this much is spent (cents). */
    budgetCents: z.number().int().positive().optional(),
    /** Stop starting new work after this many (virtual) hours. */
    deadlineHours: z
      .number()
      .positive()
      .max(24 * 365)
      .optional(),
    /** Accuracy-vs-cost curve points to record. */
    checkpoints: z.number().int().min(2).max(500).default(20),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = s.workforce.map((g) => g.name);
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', path: ['workforce'], message: 'group names must be distinct' });
    s.workforce.forEach((g, i) => {
      for (const t of s.tasks) {
        if (!(t.domain in g.accuracy) && !('default' in g.accuracy)) {
          ctx.addIssue({
            code: 'custom',
            path: ['workforce', i, 'accuracy'],
            message: `no accuracy for domain "${t.domain}" (add it or "default")`,
          });
        }
      }
    });
    const cascadeTiers = [...(s.project.cascade?.tiers ?? []), ...Object.values(s.project.cascade?.domains ?? {}).flat()];
    for (const tier of new Set(cascadeTiers)) {
      if (!s.project.tiers.includes(tier))
        ctx.addIssue({
          code: 'custom',
          path: ['project', 'cascade'],
          message: `the cascade names tier "${tier}": add it to project.tiers`,
        });
    }
    s.tasks.forEach((t, i) => {
      const first = s.tasks[0];
      if (t.type !== first.type || (t.labels ?? []).join('|') !== (first.labels ?? []).join('|')) {
        ctx.addIssue({
          code: 'custom',
          path: ['tasks', i, 'type'],
          message: 'every task mix entry must share one type (and label set): a simulation runs one project',
        });
      }
      if (t.goldItems > 0 && s.project.goldRate === 0)
        ctx.addIssue({ code: 'custom', path: ['tasks', i, 'goldItems'], message: 'gold items need project.goldRate > 0 to be served' });
    });
  });
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** Parses scenario YAML; errors name the file, line and field. */
export function parseScenario(text: string, file?: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
    throw new UserInputError(`invalid YAML: ${e.message.split('\n')[0]}`, { file, line });
  }
  const result = Scenario.safeParse(doc.toJS());
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const node = nodeAt(doc.contents as Node | null, issue.path as (string | number)[]);
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    return { file, line, field: issue.path.map(String).join('.'), message: issue.message };
  });
  const first = problems[0];
  throw new UserInputError(first.message, { file, line: first.line, field: first.field }, problems);
}

/** The deepest YAML node along `path` (for the line of an error). */
function nodeAt(root: Node | null, path: (string | number)[]): Node | null {
  let node = root;
  for (const key of path) {
    let next: Node | null = null;
    if (isMap(node)) next = (node.get(key, true) as Node | undefined) ?? null;
    else if (isSeq(node) && typeof key === 'number') next = (node.get(key, true) as Node | undefined) ?? null;
    if (!next) break;
    node = next;
  }
  return node;
}
