/**
 * The project's judgments by tier and domain, measured alike (economics/tierMeasures.ts): people are
 * priced from their pay terms (project rate for per-task tutors without their own), a judge from its
 * verdicts' model calls (dollars → cents), with its stated confidence. Also the judges' bias figures:
 * position consistency, mean length difference of the chosen response, self-preference count.
 */
import { categoricalLabel } from '../../domain/answers.js';
import { workCost } from '../../economics/cost.js';
import { measureTiersByDomain, type DomainTierMeasures, type TierJudgmentFact } from '../../economics/tierMeasures.js';
import { economicsPage } from '../../store/repositories/economics.js';
import { judgeUserIds, projectVerdicts } from '../../store/repositories/judges.js';
import type { CascadeComparison } from '../../economics/cascadeVsTiers.js';
import { findProject } from '../../store/repositories/projects.js';
import type { ServiceContext } from '../context.js';
import { type CascadeRowFact, measureCascade } from './cascadeMeasure.js';
import { getProject } from '../projects/queries.js';

export interface JudgeBias {
  judgeId: number;
  verdicts: number;
  failed: number;
  toHumans: number;
  /** Pairs judged in both orders, and how many agreed. */
  bothOrders: number;
  consistent: number;
  /** Mean characters of the chosen response minus the other's; positive: the judge leans to longer answers. */
  meanLengthDifference: number | null;
  /** Share of non-tie verdicts that chose the longer response. */
  longerChosenShare: number | null;
  /** Verdicts that chose a response written by the judge's own model. */
  selfPreferred: number;
  costUsd: number;
}

export interface TierMeasuresView {
  projectId: number;
  targetAccuracy: number;
  domains: DomainTierMeasures[];
  judges: JudgeBias[];
  /** A cascade project: the cascade against each tier alone (economics/cascadeVsTiers.ts); else null. */
  cascade: CascadeComparison | null;
}

/** A production item is quality-adjusted when its stored confidence reaches this (as on the Cost page). */
const CASCADE_TARGET_CONFIDENCE = 0.95;

const json = (v: unknown): Record<string, unknown> | null => {
  const x = typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
  return x !== null && typeof x === 'object' ? (x as Record<string, unknown>) : null;
};

export async function measureTiers(ctx: ServiceContext, projectId: number, options: { rounds?: number } = {}): Promise<TierMeasuresView> {
  const project = await getProject(ctx, projectId);
  const verdicts = await projectVerdicts(ctx.store.db, projectId);
  const byAnnotation = new Map(verdicts.filter((v) => v.annotation_id !== null).map((v) => [Number(v.annotation_id), v]));
  const facts: TierJudgmentFact[] = [];
  const cascadeFacts: CascadeRowFact[] = [];
  const record = await findProject(ctx.store.db, projectId);
  for (let after = 0; ; ) {
    const rows = await economicsPage(ctx.store.db, projectId, after, 2000);
    for (const r of rows) {
      const verdict = byAnnotation.get(Number(r.id));
      const goldJson = r.isGold ? json(r.gold) : null;
      const fact: TierJudgmentFact = {
        tier: r.tier,
        domain: r.domain,
        task: String(r.taskId),
        tutor: String(r.userId),
        label: categoricalLabel(project.type, json(r.response) ?? {}),
        gold: goldJson ? categoricalLabel(project.type, goldJson) : null,
        confidence: verdict?.confidence ?? null,
        costCents: verdict
          ? verdict.cost_usd * 100
          : workCost(
              { payModel: r.payModel, payRate: Number(r.payRate) },
              { kind: 'annotation', durationMs: Number(r.durationMs) },
              { projectPayPerTask: project.payPerTask },
            ),
      };
      facts.push(fact);
      if (record?.config.cascade && fact.label !== null)
        cascadeFacts.push({
          task: fact.task,
          domain: fact.domain,
          tier: r.tier,
          worker: fact.tutor,
          label: fact.label,
          costCents: fact.costCents,
          gold: fact.gold,
          consensus: r.consensusLabel,
          confidence: r.consensusConfidence === null ? null : Number(r.consensusConfidence),
        });
    }
    if (rows.length < 2000) break;
    after = Number(rows[rows.length - 1].id);
  }
  return {
    projectId,
    targetAccuracy: 0.95,
    domains: measureTiersByDomain(facts, { rounds: options.rounds }),
    judges: await biasByJudge(ctx, verdicts),
    cascade: record ? await measureCascade(ctx, record, cascadeFacts, CASCADE_TARGET_CONFIDENCE) : null,
  };
}

async function biasByJudge(ctx: ServiceContext, verdicts: Awaited<ReturnType<typeof projectVerdicts>>): Promise<JudgeBias[]> {
  const users = await judgeUserIds(ctx.store.db);
  const out = new Map<number, JudgeBias & { lengths: number[] }>();
  for (const v of verdicts) {
    let b = out.get(v.judge_id);
    if (!b) {
      b = {
        judgeId: users.get(v.judge_id) ?? v.judge_id,
        verdicts: 0,
        failed: 0,
        toHumans: 0,
        bothOrders: 0,
        consistent: 0,
        meanLengthDifference: null,
        longerChosenShare: null,
        selfPreferred: 0,
        costUsd: 0,
        lengths: [],
      };
      out.set(v.judge_id, b);
    }
    b.costUsd += v.cost_usd;
    if (v.status === 'failed') b.failed++;
    else if (v.status === 'to_humans') b.toHumans++;
    else b.verdicts++;
    if (v.consistent !== null) {
      b.bothOrders++;
      b.consistent += v.consistent;
    }
    if (v.length_difference !== null) b.lengths.push(v.length_difference);
    b.selfPreferred += v.self_preference;
  }
  return [...out.values()].map(({ lengths, ...b }) => ({
    ...b,
    meanLengthDifference: lengths.length ? lengths.reduce((s, x) => s + x, 0) / lengths.length : null,
    longerChosenShare: lengths.length ? lengths.filter((x) => x > 0).length / lengths.length : null,
  }));
}
