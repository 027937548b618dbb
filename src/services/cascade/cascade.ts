/**
 * The cascade in the platform (issue 13 §4): where a project's tasks start, and moving a task up once
 * the tier at its level has judged it. The rule is routing/cascade.ts; the rows are store/repositories/cascade.ts.
 * Applied live after each submit (updateConsensusAfterSubmit.ts) and by the consensus batch
 * (recomputeProjectConsensus.ts), which re-decides with the reliabilities it has just measured.
 * Tutors never see any of it: the level only decides which tasks routing offers a tier.
 */
import type { ProjectConfig } from '../../domain/projects.js';
import { DEFAULT_IDLE_CAP_MS, workCost } from '../../economics/cost.js';
import { decideCascade, judgmentsAt, startTier, type CascadeDecision } from '../../routing/cascade.js';
import {
  judgeSpendUsd,
  judgmentsByPayTerms,
  moveUp,
  placeInCascade,
  tiersOfUsers,
  type CascadeTask,
  type Placement,
} from '../../store/repositories/cascade.js';
import { flaggedTasks } from '../../store/repositories/judges.js';
import type { Db } from '../../store/transaction.js';
import type { Tier } from '../../domain/users.js';

/** Each domain's start tier and the judgments it gives. */
export function cascadePlacements(config: ProjectConfig): Placement[] {
  const cascade = config.cascade;
  if (!cascade) return [];
  return config.domains.map((domain) => {
    const tier = startTier(cascade, domain);
    return { domain, tier, target: judgmentsAt(cascade, tier, config.overlap) };
  });
}

/** New tasks (an import, a cascade switched on) join the cascade at their start tier. */
export async function placeNewTasks(db: Db, projectId: number, config: ProjectConfig): Promise<void> {
  if (config.cascade) await placeInCascade(db, projectId, cascadePlacements(config));
}

/**
 * What the project has spent on judgments, cents: people's priced as economics/cost.ts prices each
 * one, AI judges' at what their model calls cost.
 */
export async function spentCents(db: Db, projectId: number, config: ProjectConfig): Promise<number> {
  let cents = (await judgeSpendUsd(db, projectId)) * 100;
  for (const g of await judgmentsByPayTerms(db, projectId, DEFAULT_IDLE_CAP_MS)) {
    const terms = { payModel: g.payModel, payRate: g.payRate };
    cents +=
      g.payModel === 'per_task'
        ? workCost(terms, { kind: 'annotation', durationMs: 0, units: g.judgments }, { projectPayPerTask: config.payPerTask })
        : workCost(terms, { kind: 'annotation', durationMs: g.billableMs }, { idleCapMs: Number.POSITIVE_INFINITY });
  }
  return cents;
}

export interface JudgedTask extends CascadeTask {
  /** Its current judgments' classes, by annotator. */
  judgments: readonly { userId: number; label: string }[];
  classes: readonly string[];
  /** A judge flagged it (store/repositories/judges.ts flaggedTasks); read when the caller does not say. */
  flagged?: boolean;
}

/**
 * A task that has all its judgments at its level, or that a judge has just flagged: decide, and move
 * it up when the rule says so. The posterior weights each judgment by its annotator's measured
 * reliability in the domain; the budget is read only when the rule wants to escalate.
 */
export async function escalateIfDue(
  db: Db,
  projectId: number,
  config: ProjectConfig,
  task: JudgedTask,
  accuracyOf: (userId: number) => number,
  /** The annotators' tiers when the caller has them (the batch); else read. */
  known?: ReadonlyMap<number, Tier>,
): Promise<CascadeDecision | null> {
  const cascade = config.cascade;
  if (!cascade) return null;
  const flagged = task.flagged ?? (await flaggedTasks(db, [task.id])).has(task.id);
  // A judge that sent the pair to humans left no judgment: the flag alone moves the task.
  if (task.judgments.length === 0 && !flagged) return null;
  const tiers = known ?? (await tiersOfUsers(db, [...new Set(task.judgments.map((j) => j.userId))]));
  const item = {
    domain: task.domain,
    tier: task.tier,
    judgments: task.judgments.map((j) => ({ worker: String(j.userId), tier: tiers.get(j.userId) ?? task.tier, label: j.label })),
    classes: task.classes,
    accuracyOf: (worker: string) => accuracyOf(Number(worker)),
    flagged,
    spentCents: 0,
  };
  let decision = decideCascade(cascade, item);
  if (decision.escalate && cascade.budgetCents !== undefined)
    decision = decideCascade(cascade, { ...item, spentCents: await spentCents(db, projectId, config) });
  if (decision.escalate)
    await moveUp(db, task.id, task.tier, decision.to, task.submitted + judgmentsAt(cascade, decision.to, config.overlap));
  return decision;
}
