/**
 * A real project's economics: reads its current annotations page by page (one pass), maps each to
 * an `AnnotationFact` and hands them to `projectEconomics`, which prices them from the tutor's pay
 * terms, forms consensus with the quality engine's default method (gold tasks clamped to gold) and
 * decides "accepted" (agrees with consensus) and "correct on gold".
 * Task types covered for consensus, gold accuracy, quality-adjusted cost and the tier comparison:
 * preference (the choice) and label (the sorted label set); other types are priced and rolled up only.
 * Also read: the project's verdicts (one per decision, reviewer's pay terms, the reported time or
 * null) and every submitted exam attempt in the project's domains (duration = submitted − started,
 * units = the attempt's questions), priced by `projectEconomics` with the same policy.
 * The economics dashboard shows the result; `tutorloop report` renders it (economics/report/projectReport.ts).
 */
import {
  categoricalLabel,
  projectEconomics,
  type AnnotationFact,
  type ProjectEconomics,
  type ProjectEconomicsOptions,
} from '../../economics/projectEconomics.js';
import type { ExamAttemptFact, ReviewFact } from '../../economics/reviewExamCosts.js';
import { economicsPage, submittedAttemptsForCost, verdictsForCost } from '../../store/repositories/economics.js';
import { getProject } from '../projects/queries.js';
import type { ServiceContext } from '../context.js';

const PAGE = 2000;

export interface MeasuredProjectEconomics {
  project: { id: number; name: string; type: string };
  economics: ProjectEconomics;
  /** Gold judgments and how many matched gold, per tier. */
  goldByTier: Record<string, { judgments: number; correct: number }>;
  /** Tutor id (as in the rollups) → name. */
  tutorNames: Record<string, string>;
}

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  const v: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
}

export async function measureProjectEconomics(
  ctx: ServiceContext,
  projectId: number,
  options: ProjectEconomicsOptions = {},
): Promise<MeasuredProjectEconomics> {
  const project = await getProject(ctx, projectId);
  const facts: AnnotationFact[] = [];
  const goldByTier: Record<string, { judgments: number; correct: number }> = {};
  const tutorNames: Record<string, string> = {};
  let after = 0;
  for (;;) {
    const rows = await economicsPage(ctx.store.db, projectId, after, PAGE);
    for (const r of rows) {
      const label = categoricalLabel(project.type, parse(r.response) ?? {});
      const goldJson = r.isGold ? parse(r.gold) : null;
      const gold = goldJson ? categoricalLabel(project.type, goldJson) : null;
      facts.push({
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
      });
      tutorNames[String(r.userId)] = r.userName;
      if (gold !== null && label !== null) {
        const g = (goldByTier[r.tier] ??= { judgments: 0, correct: 0 });
        g.judgments++;
        if (label === gold) g.correct++;
      }
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
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
  // Per-task tutors without a rate of their own are paid the project's rate (the dashboard and the CLI alike).
  const economics = projectEconomics(
    facts,
    { ...options, project: options.project ?? project.name, projectPayPerTask: options.projectPayPerTask ?? project.payPerTask },
    { reviews, exams },
  );
  return { project: { id: project.id, name: project.name, type: project.type }, economics, goldByTier, tutorNames };
}
