/**
 * A project's economics from its STORED consensus, one judgment at a time (pure; the service streams
 * the rows). Same result shape as projectEconomics.ts, which forms its own consensus in memory for
 * simulations; a real project reads what the consensus batch and the reviewers stored, so the Cost
 * page, the Quality page and the exports name one method and read one confidence (issue 15), and memory
 * grows with tutors × domains and gold items, never with the project (issue 14).
 *
 * What differs from the in-memory model:
 * - accepted = the judgment's class equals the task's stored consensus (a gold task's gold answer);
 * - an item is quality-adjusted ("reached") when its stored confidence is at least the target; a
 *   reviewer's verdict is stored with confidence 1, so verdicted items count as reached (`reachedByReview`);
 *   the counts come from the database (`StoredItems`), the money from the judgments streamed here:
 *     costPerQAL = (Σ cost of production judgments + Σ verdict cost on production items) / reached,
 *     without reviews: Σ cost of production judgments / items reached by the model's confidence,
 *     meanCostToTarget / meanJudgmentsToTarget: over the items reached by the model's confidence,
 *   i.e. every judgment of an item counts (the stored confidence is formed from all of them);
 * - the tier comparison uses each tutor's stored reliability in the domain;
 * - an AI judge's judgment costs what its model calls cost (`modelCostCents`, from its verdict), not
 *   the pay terms of its user (a judge is paid nothing, and must not be priced at the project's rate).
 */
import { annotationCost } from './cost.js';
import type { AnnotationFact, ProjectEconomics, ProjectEconomicsOptions, OtherWork } from './projectEconomics.js';
import { costToAccuracy, type ItemJudgment } from './qualityAdjusted.js';
import { certificationCosts, reviewCosts, reviewFactCost } from './reviewExamCosts.js';
import { RollupAccumulator } from './rollup.js';
import { TierCollector } from './tierComparison.js';

export interface StoredJudgment extends AnnotationFact {
  /** The task's stored consensus class (categoricalLabel encoding), or null when none is stored. */
  consensus: string | null;
  /** Its stored confidence, or null. */
  confidence: number | null;
  /** The stored consensus is a reviewer's verdict. */
  byReview: boolean;
  /** An AI judge's judgment: what its model calls cost, cents (priced so in place of pay terms). */
  modelCostCents?: number | null;
}

/** Non-gold judgments of one tutor in one domain alike in what the Cost page counts (one kind of the stored rollup). */
export interface StoredGroup {
  tutor: string;
  tier: AnnotationFact['tier'];
  domain: string;
  judgments: number;
  durationMs: number;
  costCents: number;
  /** They have a categorical answer. */
  answered: boolean;
  /** How many agree with their task's stored consensus, and how many have one. */
  accepted: number;
  withConsensus: number;
  /** Their tasks' stored consensus is the model's at the target confidence. */
  reachedByModel: boolean;
}

/** Production items with a categorical judgment, counted in the database from the stored consensus. */
export interface StoredItems {
  items: number;
  /** Stored confidence ≥ the target. */
  reached: number;
  /** Of `reached`, those whose stored consensus is a reviewer's verdict. */
  reachedByReview: number;
}

export interface StoredEconomicsOptions extends ProjectEconomicsOptions {
  /** The project's consensus method (what the stored consensus was formed with). */
  method: string;
  /** The stored reliability of a tutor in a domain, when there is one. */
  reliabilityOf?: (tutor: string, domain: string) => number | undefined;
}

/** Gold-smoothed reliability prior, as projectEconomics.ts. */
const PRIOR = { mean: 0.7, weight: 4 };

export class StoredEconomicsCollector {
  private readonly byTier = new RollupAccumulator(['tier']);
  private readonly byTierDomain = new RollupAccumulator(['tier', 'domain']);
  private readonly byTutor = new RollupAccumulator(['tutor']);
  private readonly tiers: TierCollector;
  private readonly goldJudgments: ItemJudgment[] = [];
  private readonly goldAnswers = new Map<string, string>();
  private readonly goldStats = new Map<string, { seen: number; right: number }>();
  private annotationCostCents = 0;
  private production = { costCents: 0, judgments: 0 };
  private reachedByModel = { costCents: 0, judgments: 0 };
  private categorical = false;

  constructor(private readonly options: StoredEconomicsOptions) {
    // Tutors in key order: the stored rollups (addGroup) and the judgment-by-judgment pass give one bootstrap.
    this.tiers = new TierCollector({
      ...options.comparison,
      reliabilityOf: options.reliabilityOf,
      seed: options.seed ?? 0,
      tutorsInKeyOrder: true,
    });
  }

  private get target(): number {
    return this.options.targetConfidence ?? 0.95;
  }

  add(f: StoredJudgment): void {
    const cost = f.modelCostCents ?? annotationCost({ payModel: f.payModel, payRate: f.payRate }, f.durationMs, this.options);
    this.annotationCostCents += cost;
    const isGold = f.gold != null;
    const reference = isGold ? f.gold! : f.consensus;
    const record = {
      project: this.options.project ?? 'project',
      domain: f.domain,
      tier: f.tier,
      tutor: f.tutor,
      costCents: cost,
      durationMs: f.durationMs,
      accepted: f.label !== null && reference === f.label,
    };
    this.byTier.add(record);
    this.byTierDomain.add(record);
    this.byTutor.add(record);
    if (f.label === null) return;
    this.categorical = true;
    this.tiers.add({
      tutor: f.tutor,
      tier: f.tier,
      domain: f.domain,
      item: f.task,
      label: f.label,
      gold: f.gold ?? null,
      consensus: reference,
      costCents: cost,
      durationMs: f.durationMs,
    });
    if (isGold) {
      const key = `${f.tutor}@${f.domain}`;
      const g = this.goldStats.get(key) ?? { seen: 0, right: 0 };
      g.seen++;
      if (f.label === f.gold) g.right++;
      this.goldStats.set(key, g);
      this.goldAnswers.set(f.task, f.gold!);
      this.goldJudgments.push({ item: f.task, worker: key, label: f.label, costCents: cost, at: f.at });
      return;
    }
    this.production.costCents += cost;
    this.production.judgments++;
    if (!f.byReview && f.confidence !== null && f.confidence >= this.target) {
      this.reachedByModel.costCents += cost;
      this.reachedByModel.judgments++;
    }
  }

  /**
   * Non-gold judgments of one tutor in one domain at once, as the stored rollup sums them
   * (store/economicsRollupSql.ts): the same totals `add` would reach one judgment at a time.
   * Gold judgments (answered, on a task with a gold answer) go through `add`.
   */
  addGroup(g: StoredGroup): void {
    const record = {
      project: this.options.project ?? 'project',
      domain: g.domain,
      tier: g.tier,
      tutor: g.tutor,
      costCents: g.costCents,
      durationMs: g.durationMs,
      accepted: false,
    };
    this.annotationCostCents += g.costCents;
    this.byTier.addGroup(record, g.judgments, g.accepted);
    this.byTierDomain.addGroup(record, g.judgments, g.accepted);
    this.byTutor.addGroup(record, g.judgments, g.accepted);
    if (!g.answered) return;
    this.categorical = true;
    this.tiers.addSums(g.tutor, g.tier, g.domain, {
      n: g.judgments,
      consN: g.withConsensus,
      consOk: g.accepted,
      time: g.durationMs,
      cost: g.costCents,
    });
    this.production.costCents += g.costCents;
    this.production.judgments += g.judgments;
    if (g.reachedByModel) {
      this.reachedByModel.costCents += g.costCents;
      this.reachedByModel.judgments += g.judgments;
    }
  }

  finish(stored: StoredItems, work: OtherWork = {}): ProjectEconomics {
    const options = this.options;
    const verdicts = work.reviews ?? [];
    // Verdicts on production items of a categorical project buy quality-adjusted labels too.
    const qalVerdicts = this.categorical ? verdicts.filter((r) => !this.goldAnswers.has(r.task)) : [];
    const reviewCostCents = qalVerdicts.reduce((s, r) => s + reviewFactCost(r, options), 0);
    const byModel = stored.reached - stored.reachedByReview;
    const spent = this.production.costCents + reviewCostCents;
    const reliability = new Map<string, number>();
    for (const [key, g] of this.goldStats) reliability.set(key, (g.right + PRIOR.mean * PRIOR.weight) / (g.seen + PRIOR.weight));
    const reviews = reviewCosts(verdicts, options);
    return {
      method: options.method,
      costCents: this.annotationCostCents + reviews.costCents,
      annotationCostCents: this.annotationCostCents,
      rollups: { byTier: this.byTier.rows(), byTierDomain: this.byTierDomain.rows(), byTutor: this.byTutor.rows() },
      qualityAdjusted: {
        targetConfidence: this.target,
        items: stored.items,
        reached: stored.reached,
        reachedByReview: stored.reachedByReview,
        reviewCostCents,
        costPerQualityAdjustedLabel: stored.reached > 0 ? spent / stored.reached : null,
        costPerQualityAdjustedLabelWithoutReviews: byModel > 0 ? this.production.costCents / byModel : null,
        meanCostToTarget: byModel > 0 ? this.reachedByModel.costCents / byModel : null,
        meanJudgmentsToTarget: byModel > 0 ? this.reachedByModel.judgments / byModel : null,
      },
      reviews,
      certification: certificationCosts(work.exams ?? [], options),
      goldAccuracy:
        this.goldAnswers.size > 0
          ? costToAccuracy(this.goldJudgments, this.goldAnswers, { reliability }, options.targetAccuracy ?? 0.9)
          : null,
      tierComparison: this.tiers.finish(),
    };
  }
}
