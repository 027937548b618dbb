/**
 * A real project's economics: streams its current annotations page by page (one pass, memory bounded
 * by tutors × domains and gold items) into `StoredEconomicsCollector` with each task's STORED consensus,
 * so the Cost page names the project's consensus method and reads the same stored confidence as the
 * Quality page and the exports (issue 15); no consensus is fitted here (a stale batch is brought up to
 * date first, as the Quality page and exports do). Each annotation is priced from the tutor's pay terms;
 * "accepted" = agrees with the stored consensus (gold tasks: with gold); quality-adjusted items are the
 * production tasks whose stored confidence reached the target (counted in the database).
 * Task types covered for consensus, gold accuracy, quality-adjusted cost and the tier comparison:
 * preference (the choice) and label (the sorted label set); other types are priced and rolled up only.
 * An AI judge's judgment is priced at its model calls' recorded cost (its judge verdict), not pay terms.
 * Also read: the project's verdicts (one per decision, reviewer's pay terms, the reported time or
 * null) and every submitted exam attempt in the project's domains (duration = submitted − started,
 * units = the attempt's questions), priced with the same policy.
 * The economics dashboard shows the result; `tutorloop report` renders it (economics/report/projectReport.ts).
 */
import { categoricalLabel, type ProjectEconomics, type ProjectEconomicsOptions } from '../../economics/projectEconomics.js';
import { StoredEconomicsCollector, type StoredJudgment } from '../../economics/storedEconomics.js';
import type { ExamAttemptFact, ReviewFact } from '../../economics/reviewExamCosts.js';
import {
  economicsPage,
  type EconomicsRow,
  storedItemCounts,
  storedReliabilities,
  submittedAttemptsForCost,
  verdictsForCost,
} from '../../store/repositories/economics.js';
import { DEFAULT_INFERENCE_METHOD } from '../../quality/inference/index.js';
import { refreshConsensusIfStale } from '../consensus/recomputeProjectConsensus.js';
import { isCategorical } from '../consensus/labels.js';
import { getProject } from '../projects/queries.js';
import { economicsFromRollups } from './economicsFromRollups.js';
import type { ServiceContext } from '../context.js';

const PAGE = 2000;

export interface MeasuredProjectEconomics {
  project: { id: number; name: string; type: string };
  economics: ProjectEconomics;
  /** Gold judgments and how many matched gold, per tier. */
  goldByTier: Record<string, { judgments: number; correct: number }>;
  /** Tutor id (as in the rollups) → name. */
  tutorNames: Record<string, string>;
  /** Where the judgments were read: the stored rollups, or one pass over every judgment. */
  source: 'rollups' | 'judgments';
}

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  const v: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
}

/** One current annotation as the collector takes it. */
export function judgmentFact(type: string, r: EconomicsRow): StoredJudgment {
  const label = categoricalLabel(type, parse(r.response) ?? {});
  const goldJson = r.isGold ? parse(r.gold) : null;
  const gold = goldJson ? categoricalLabel(type, goldJson) : null;
  const consensusJson = label !== null && !r.isGold ? parse(r.consensusLabel) : null;
  return {
    task: String(r.taskId),
    domain: r.domain,
    tutor: String(r.userId),
    tier: r.tier,
    payModel: r.payModel,
    payRate: Number(r.payRate),
    durationMs: Number(r.durationMs),
    at: Number(r.createdAt),
    label,
    gold,
    consensus: consensusJson ? categoricalLabel(type, consensusJson) : null,
    confidence: r.consensusConfidence === null ? null : Number(r.consensusConfidence),
    byReview: r.consensusSource === 'review',
    modelCostCents: r.modelCostUsd === null ? null : Number(r.modelCostUsd) * 100,
  };
}

/**
 * `how.fromScratch`: read every judgment (the reference the stored rollups are checked against);
 * otherwise the rollups are read, and the full pass runs only when they cannot answer (pay terms or
 * the target changed since they were priced, or another idle cap is asked for).
 */
export async function measureProjectEconomics(
  ctx: ServiceContext,
  projectId: number,
  options: ProjectEconomicsOptions = {},
  how: { fromScratch?: boolean } = {},
): Promise<MeasuredProjectEconomics> {
  const project = await getProject(ctx, projectId);
  // Projects without live consensus form it in batches: bring it up to date before reading it.
  await refreshConsensusIfStale(ctx, projectId);
  const stored = await storedReliabilities(ctx.store.db, project.domains);
  // Per-task tutors without a rate of their own are paid the project's rate (the dashboard and the CLI alike).
  const projectPayPerTask = options.projectPayPerTask ?? project.payPerTask;
  const collector = new StoredEconomicsCollector({
    ...options,
    project: options.project ?? project.name,
    projectPayPerTask,
    method: project.quality?.consensusMethod ?? DEFAULT_INFERENCE_METHOD,
    reliabilityOf: (tutor, domain) => stored.get(`${tutor}@${domain}`),
  });
  const goldByTier: Record<string, { judgments: number; correct: number }> = {};
  const tutorNames: Record<string, string> = {};
  const feed = (r: EconomicsRow, answeredGoldOnly = false) => {
    const fact = judgmentFact(project.type, r);
    // The rollups hold every other judgment (kinds 1 and 2 of economicsRollupSql.ts are these).
    if (answeredGoldOnly && (fact.gold == null || fact.label === null)) return;
    collector.add(fact);
    tutorNames[String(r.userId)] = r.userName;
    if (fact.gold != null && fact.label !== null) {
      const g = (goldByTier[r.tier] ??= { judgments: 0, correct: 0 });
      g.judgments++;
      if (fact.label === fact.gold) g.correct++;
    }
  };
  const target = options.targetConfidence ?? 0.95;
  const fromRollups =
    !how.fromScratch &&
    (await economicsFromRollups(ctx, project, collector, {
      target,
      idleCapMs: options.idleCapMs,
      projectPayPerTask,
      feedGold: (r) => feed(r, true),
      tutorNames,
    }));
  if (!fromRollups) {
    let after = 0;
    for (;;) {
      const rows = await economicsPage(ctx.store.db, projectId, after, PAGE);
      for (const r of rows) feed(r);
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
  }
  const reviews: ReviewFact[] = (await verdictsForCost(ctx.store.db, projectId)).map((r) => ({
    task: String(r.taskId),
    domain: r.domain,
    reviewer: String(r.reviewerId),
    tier: r.tier,
    payModel: r.payModel,
    payRate: Number(r.payRate),
    durationMs: r.durationMs === null ? null : Number(r.durationMs),
  }));
  const exams: ExamAttemptFact[] = (await submittedAttemptsForCost(ctx.store.db, project.domains)).map((a) => ({
    tutor: String(a.userId),
    tier: a.tier,
    domain: a.domain,
    payModel: a.payModel,
    payRate: Number(a.payRate),
    startedAt: Number(a.startedAt),
    submittedAt: Number(a.submittedAt),
    questions: (JSON.parse(a.taskIds) as unknown[]).length,
    passed: a.passed === 1,
  }));
  const items = isCategorical(project.type)
    ? await storedItemCounts(ctx.store.db, ctx.store.dialect, projectId, target)
    : { items: 0, reached: 0, reachedByReview: 0 };
  const economics: ProjectEconomics = collector.finish(items, { reviews, exams });
  return {
    project: { id: project.id, name: project.name, type: project.type },
    economics,
    goldByTier,
    tutorNames,
    source: fromRollups ? 'rollups' : 'judgments',
  };
}
