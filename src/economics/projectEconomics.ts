/**
 * A project's economics in one call, from plain annotation facts (what the dashboard panel and
 * `tutorloop report --project` need; the caller maps database rows to facts):
 * 1. each annotation priced from its tutor's pay model (cost.ts);
 * 2. consensus per task by the quality engine's default method over the categorical label of each
 *    annotation (gold tasks clamped to gold), and "accepted" = the annotation agrees with it;
 * 3. rollups per tier, tier × domain and tutor (rollup.ts);
 * 4. cost per quality-adjusted label: to the target confidence in arrival order, with each tutor's
 *    reliability per domain taken from gold (smoothed: prior 0.7 worth 4 answers) — or the method's
 *    reliability where a tutor has no gold — and, on gold tasks, cost per item to the target accuracy;
 * 5. the specialist-vs-generalist comparison per domain (tierComparison.ts);
 * 6. reviews and certification exams (reviewExamCosts.ts), when the caller passes their facts.
 *
 * Totals. `costCents` = annotation cost + review cost: reviews are part of producing the project's
 * labels. Certification exams are per domain, not per project, so their cost is reported on its own
 * (`certification`) and is in neither the total nor the cost per quality-adjusted label.
 * Cost per quality-adjusted label with reviews (reviews buy quality too): a verdict sets the task's
 * consensus with confidence 1, so an item with a verdict counts as reached, and the verdicts' cost
 * joins the money spent:
 *     costPerQAL = (annotation money + Σ verdict cost on the QAL items) / #items reached,
 *     reached   = posterior reached the target, or a reviewer decided the item,
 * where "annotation money" is qualityAdjusted.ts's: each item's judgments up to the crossing, all of
 * them for items that did not cross. meanCostToTarget and meanJudgmentsToTarget stay posterior-only.
 * QAL items are the production (non-gold) tasks with categorical judgments; verdicts on other tasks
 * (gold, free-form types) are in the review cost and the total but not in this ratio. The
 * annotations-only figure is kept as `costPerQualityAdjustedLabelWithoutReviews`. Rollups, the
 * gold-accuracy curve and the tier comparison are about annotators and leave reviews out.
 * Task types without a categorical answer (rewrite, demonstration, rating, ranking, steps) are
 * priced and rolled up but take no part in 2, 4 and 5.
 */
import { categoricalLabel } from '../domain/answers.js';
import type { Tier, PayModel } from '../domain/users.js';
import { encodeLabels, type LabelRow } from '../quality/encoded.js';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods } from '../quality/inference/index.js';
import { annotationCost, type CostPolicy } from './cost.js';
import { costToAccuracy, costToConfidence, type CostToAccuracy, type CostToConfidence, type ItemJudgment } from './qualityAdjusted.js';
import {
  certificationCosts,
  reviewCosts,
  reviewFactCost,
  type CertificationCosts,
  type ExamAttemptFact,
  type ReviewCosts,
  type ReviewFact,
} from './reviewExamCosts.js';
import { rollup, type JudgmentRecord, type RollupRow } from './rollup.js';
import { compareTiers, type DomainComparison, type TierComparisonOptions } from './tierComparison.js';

/** Re-exported: it lives in the domain now (consensus and gold checks use it too). */
export { categoricalLabel };

export interface AnnotationFact {
  task: string;
  domain: string;
  tutor: string;
  tier: Tier;
  payModel: PayModel;
  /** Cents per task or per hour. */
  payRate: number;
  durationMs: number;
  /** Submission time, ms (arrival order). */
  at: number;
  /** The categorical answer (see `categoricalLabel`), or null for free-form task types. */
  label: string | null;
  /** The task's gold answer in the same encoding, when it is a gold task. */
  gold?: string | null;
}

export interface ProjectEconomicsOptions extends CostPolicy {
  project?: string;
  /** Target posterior for a quality-adjusted label (default 0.95). */
  targetConfidence?: number;
  /** Target accuracy on gold (default 0.9). */
  targetAccuracy?: number;
  seed?: number;
  comparison?: Omit<TierComparisonOptions, 'reliability' | 'seed'>;
}

/** Work besides annotations, as plain facts (see reviewExamCosts.ts). */
export interface OtherWork {
  /** One per verdict on the project's tasks. */
  reviews?: readonly ReviewFact[];
  /** Submitted exam attempts in the project's domains. */
  exams?: readonly ExamAttemptFact[];
}

export interface QualityAdjusted extends Omit<CostToConfidence, 'perItem'> {
  /** Of `reached`, items that got there by a verdict rather than by the posterior. */
  reachedByReview: number;
  /** Cost of the verdicts on QAL items (in `costPerQualityAdjustedLabel`). */
  reviewCostCents: number;
  /** Annotation money ÷ items whose posterior reached the target (the figure without reviews). */
  costPerQualityAdjustedLabelWithoutReviews: number | null;
}

export interface ProjectEconomics {
  method: string;
  /** Annotations + reviews (certification is separate). */
  costCents: number;
  annotationCostCents: number;
  rollups: { byTier: RollupRow[]; byTierDomain: RollupRow[]; byTutor: RollupRow[] };
  qualityAdjusted: QualityAdjusted;
  reviews: ReviewCosts;
  certification: CertificationCosts;
  goldAccuracy: CostToAccuracy | null;
  tierComparison: DomainComparison[];
}

/** The categorical answer of a response, or null: preference → choice; label → sorted labels joined by "+". */
const PRIOR = { mean: 0.7, weight: 4 };

export function projectEconomics(
  facts: readonly AnnotationFact[],
  options: ProjectEconomicsOptions = {},
  work: OtherWork = {},
): ProjectEconomics {
  const seed = options.seed ?? 0;
  const costs = facts.map((f) => annotationCost({ payModel: f.payModel, payRate: f.payRate }, f.durationMs, options));

  // Consensus (categorical facts only), gold clamped.
  const cat = facts.map((f, i) => ({ f, i })).filter(({ f }) => f.label !== null);
  const consensus = new Map<string, string>();
  const methodReliability = new Map<string, number>();
  if (cat.length > 0) {
    const rows: LabelRow[] = cat.map(({ f }) => ({ worker: f.tutor, task: f.task, label: f.label! }));
    let data = encodeLabels(rows);
    const goldOf = new Map(cat.filter(({ f }) => f.gold != null).map(({ f }) => [f.task, f.gold!]));
    const classNames = [...data.classNames];
    for (const g of goldOf.values()) if (!classNames.includes(g)) classNames.push(g);
    if (classNames.length !== data.classNames.length) data = { ...data, classNames };
    const gold = new Int32Array(data.taskNames.length).fill(-1);
    data.taskNames.forEach((t, k) => {
      if (goldOf.has(t)) gold[k] = classNames.indexOf(goldOf.get(t)!);
    });
    const result = inferenceMethods[DEFAULT_INFERENCE_METHOD].infer(data, { seed, gold: goldOf.size > 0 ? gold : undefined });
    data.taskNames.forEach((t, k) => consensus.set(t, classNames[result.labels[k]]));
    data.workerNames.forEach((w, k) => methodReliability.set(w, result.workerReliability[k]));
  }

  const records: JudgmentRecord[] = facts.map((f, i) => ({
    project: options.project ?? 'project',
    domain: f.domain,
    tier: f.tier,
    tutor: f.tutor,
    costCents: costs[i],
    durationMs: f.durationMs,
    accepted: f.label !== null && consensus.get(f.task) === f.label,
  }));

  // Reliability per tutor × domain from gold; the method's own where there is no gold.
  const goldStats = new Map<string, { seen: number; right: number }>();
  for (const { f } of cat) {
    if (f.gold == null) continue;
    const key = `${f.tutor}@${f.domain}`;
    const g = goldStats.get(key) ?? { seen: 0, right: 0 };
    g.seen++;
    if (f.label === f.gold) g.right++;
    goldStats.set(key, g);
  }
  const reliability = new Map<string, number>();
  for (const { f } of cat) {
    const key = `${f.tutor}@${f.domain}`;
    if (reliability.has(key)) continue;
    const g = goldStats.get(key);
    reliability.set(
      key,
      g ? (g.right + PRIOR.mean * PRIOR.weight) / (g.seen + PRIOR.weight) : (methodReliability.get(f.tutor) ?? PRIOR.mean),
    );
  }
  const judgment = ({ f, i }: { f: AnnotationFact; i: number }): ItemJudgment => ({
    item: f.task,
    worker: `${f.tutor}@${f.domain}`,
    label: f.label!,
    costCents: costs[i],
    at: f.at,
  });
  const { perItem, ...toConfidence } = costToConfidence(
    cat.filter(({ f }) => f.gold == null).map(judgment),
    { reliability },
    options.targetConfidence ?? 0.95,
  );
  const goldMap = new Map(cat.filter(({ f }) => f.gold != null).map(({ f }) => [f.task, f.gold!]));
  const goldAccuracy =
    goldMap.size > 0
      ? costToAccuracy(cat.filter(({ f }) => f.gold != null).map(judgment), goldMap, { reliability }, options.targetAccuracy ?? 0.9)
      : null;

  const tierComparison = compareTiers(
    cat.map(({ f, i }) => ({
      tutor: f.tutor,
      tier: f.tier,
      domain: f.domain,
      item: f.task,
      label: f.label!,
      gold: f.gold ?? null,
      consensus: consensus.get(f.task) ?? null,
      costCents: costs[i],
      durationMs: f.durationMs,
    })),
    { ...options.comparison, reliability: methodReliability, seed },
  );
  const reviews = reviewCosts(work.reviews ?? [], options);
  const qualityAdjusted = withReviews(toConfidence, perItem, work.reviews ?? [], options);
  const annotationCostCents = costs.reduce((s, c) => s + c, 0);
  return {
    method: DEFAULT_INFERENCE_METHOD,
    costCents: annotationCostCents + reviews.costCents,
    annotationCostCents,
    rollups: { byTier: rollup(records, ['tier']), byTierDomain: rollup(records, ['tier', 'domain']), byTutor: rollup(records, ['tutor']) },
    qualityAdjusted,
    reviews,
    certification: certificationCosts(work.exams ?? [], options),
    goldAccuracy,
    tierComparison,
  };
}

/** Cost per quality-adjusted label with verdicts (see the header): verdicted items count as reached. */
function withReviews(
  q: Omit<CostToConfidence, 'perItem'>,
  perItem: CostToConfidence['perItem'],
  reviews: readonly ReviewFact[],
  policy: CostPolicy,
): QualityAdjusted {
  const items = new Map(perItem.map((p) => [p.item, p]));
  let reviewCostCents = 0;
  const decided = new Set<string>();
  for (const r of reviews) {
    if (!items.has(r.task)) continue;
    reviewCostCents += reviewFactCost(r, policy);
    decided.add(r.task);
  }
  const reachedByReview = [...decided].filter((t) => !items.get(t)!.reached).length;
  const reached = q.reached + reachedByReview;
  const spent = perItem.reduce((s, p) => s + p.costCents, 0) + reviewCostCents;
  return {
    ...q,
    reached,
    reachedByReview,
    reviewCostCents,
    costPerQualityAdjustedLabel: reached > 0 ? spent / reached : null,
    costPerQualityAdjustedLabelWithoutReviews: q.costPerQualityAdjustedLabel,
  };
}
