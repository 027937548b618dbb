/**
 * AI judges (/api/judges, admin), judge runs (/api/projects/:id/judge-runs, manager) and the tiers
 * measured side by side (/api/projects/:id/tier-measures, manager).
 */
import { z } from 'zod';

export { JudgeInput, JudgePromptInput, JudgeRunInput } from '../judges.js';

export const JudgeView = z
  .object({
    id: z.number().int().describe("the judge's user id (tier model)"),
    name: z.string(),
    endpoint: z.string(),
    domains: z.array(z.string()),
    disabled: z.boolean(),
    prompts: z
      .array(z.object({ taskType: z.string(), version: z.number().int(), template: z.string() }))
      .describe('the current version per task type'),
    createdAt: z.string(),
  })
  .meta({ id: 'Judge' });
export const JudgeOk = z.object({ judge: JudgeView });
export const JudgeList = z.object({ judges: z.array(JudgeView) });

export const JudgeRun = z
  .object({
    runId: z.number().int(),
    projectId: z.number().int(),
    judgeId: z.number().int(),
    state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    judged: z.number().int(),
    failed: z.number().int(),
    toHumans: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'JudgeRun' });
export const JudgeRunList = z.object({ runs: z.array(JudgeRun) });

const Interval = { value: z.number().nullable(), lower: z.number(), upper: z.number() };
const TierMeasure = z.object({
  tier: z.string(),
  judgments: z.number().int(),
  gold: z.object({ correct: z.number().int(), total: z.number().int(), ...Interval }),
  agreement: z.object({
    kappa: z.number().nullable(),
    lower: z.number().nullable(),
    upper: z.number().nullable(),
    pairs: z.number().int(),
  }),
  calibration: z.object({
    ece: z.number().nullable(),
    judgments: z.number().int(),
    bins: z.array(
      z.object({
        lower: z.number(),
        upper: z.number(),
        count: z.number().int(),
        meanConfidence: z.number().nullable(),
        accuracy: z.number().nullable(),
      }),
    ),
  }),
  costPerJudgmentCents: z.number(),
  costPerQALCents: z.number().nullable(),
});

const Who = z.enum(['cascade', 'model', 'generalist', 'specialist']);

/** The cascade against each tier alone (economics/cascadeVsTiers.ts). */
const CascadeComparison = z.object({
  targetConfidence: z.number(),
  /** Gold items judged by every tier of their domain's order: each tier alone and the cascade replayed on them. */
  gold: z.object({
    items: z.number().int(),
    rows: z.array(
      z.object({
        who: Who,
        items: z.number().int(),
        correct: z.number().int(),
        accuracy: z.object(Interval),
        costCents: z.number(),
        costPerItemCents: z.number().nullable(),
        costPerQALCents: z.number().nullable(),
      }),
    ),
  }),
  /** Production items as the cascade ran: each tier on the items it judged, the cascade on all. */
  production: z.object({
    rows: z.array(
      z.object({
        who: Who,
        items: z.number().int(),
        agreed: z.number().int().nullable(),
        costCents: z.number(),
        costPerItemCents: z.number().nullable(),
        reached: z.number().int().nullable(),
        costPerQALCents: z.number().nullable(),
      }),
    ),
  }),
});

export const TierMeasures = z
  .object({
    projectId: z.number().int(),
    targetAccuracy: z.number(),
    domains: z.array(z.object({ domain: z.string(), tiers: z.array(TierMeasure) })),
    judges: z.array(
      z.object({
        judgeId: z.number().int(),
        verdicts: z.number().int(),
        failed: z.number().int(),
        toHumans: z.number().int(),
        bothOrders: z.number().int(),
        consistent: z.number().int(),
        meanLengthDifference: z.number().nullable(),
        longerChosenShare: z.number().nullable(),
        selfPreferred: z.number().int(),
        costUsd: z.number(),
      }),
    ),
    /** Null unless the project runs a cascade. */
    cascade: CascadeComparison.nullable(),
  })
  .meta({ id: 'TierMeasures' });
export type TierMeasures = z.output<typeof TierMeasures>;
