/**
 * Cost per quality-adjusted label (QAL): what it costs to bring an item to a stated quality, so a
 * cheap noisy pool and an expensive precise pool are compared on the same footing.
 *
 * Sequential posterior (one-coin model, Dawid & Skene 1979 with one accuracy per worker). With K
 * classes, a uniform prior and worker j of reliability p_j, after judgments l_1..l_n on an item
 *   P(y = k | l_1..n) ∝ Π_j ( p_j if l_j = k else (1 − p_j)/(K − 1) ).
 * Judgments are taken in arrival order, so "the posterior after each successive judgment" is what
 * an adaptive-overlap router would have seen. Reliabilities come from the caller — the quality
 * engine's per-worker reliability, or gold accuracy — clamped to [0.01, 0.99] so one judgment can
 * never make an item certain.
 *
 * 1. Cost to a target confidence: an item reaches the target at the first judgment after which
 *    max_k P(y = k | …) ≥ target; its cost is the sum of its judgments' costs up to and including
 *    that one. Judgments after the crossing are not counted (they bought nothing the target asked
 *    for). The headline figure charges the money spent on items that never got there to the ones
 *    that did:
 *        costPerQAL = (Σ_reached costToTarget + Σ_unreached all their cost) / #reached.
 * 2. Cost to a gold accuracy: for depth n = 1, 2, …, label each gold item from its first n
 *    judgments (posterior argmax; a tie of m classes that includes gold counts 1/m), and charge the
 *    mean cost of those first n judgments. The first depth whose accuracy ≥ target gives the cost
 *    per item at that accuracy.
 * 3. Accuracy per dollar = accuracy / (cost per item in dollars).
 * 4. For a pool summarised by one accuracy p and one cost per judgment c (tier comparison):
 *    n*(p) = the smallest odd n with P(Binomial(n, p) > n/2) ≥ target, and costPerQAL = n*·c. With
 *    K > 2 classes a plurality can win with fewer than half the votes, so this is conservative
 *    (an upper bound on the judgments needed); it is the same rule for both pools, which is what
 *    a comparison needs. Null when n* would exceed `maxJudgments` (p too low for the target).
 */

export interface ItemJudgment {
  item: string;
  worker: string;
  label: string;
  costCents: number;
  /** Arrival order key (e.g. submission time, ms). Ties keep input order. */
  at: number;
}

export interface PosteriorModel {
  /** Reliability of each worker in [0, 1]; workers not in the map get `defaultReliability`. */
  reliability: ReadonlyMap<string, number>;
  defaultReliability?: number;
  /** Size of the label set; default: distinct labels seen, at least 2. */
  nClasses?: number;
}

const clampP = (p: number) => Math.min(0.99, Math.max(0.01, p));

/** Judgments grouped per item, each group sorted by arrival (stable). */
export function byItem(judgments: readonly ItemJudgment[]): Map<string, ItemJudgment[]> {
  const out = new Map<string, ItemJudgment[]>();
  judgments.forEach((j) => {
    let list = out.get(j.item);
    if (!list) out.set(j.item, (list = []));
    list.push(j);
  });
  for (const list of out.values()) list.sort((a, b) => a.at - b.at);
  return out;
}

function classCount(judgments: readonly ItemJudgment[], model: PosteriorModel): number {
  return model.nClasses ?? Math.max(2, new Set(judgments.map((j) => j.label)).size);
}

/**
 * Log-posterior accumulator for one item. `add` folds in one judgment; `top` gives the leading
 * labels (all tied ones) and their posterior probability. Labels never voted share the rest.
 */
export class SequentialPosterior {
  private readonly logw = new Map<string, number>();
  /** Log-weight of a label nobody voted for. */
  private base = 0;
  constructor(private readonly nClasses: number) {}

  add(label: string, reliability: number): void {
    const p = clampP(reliability),
      K = this.nClasses;
    const hit = Math.log(p),
      miss = Math.log((1 - p) / (K - 1));
    for (const [l, w] of this.logw) this.logw.set(l, w + (l === label ? hit : miss));
    if (!this.logw.has(label)) this.logw.set(label, this.base + hit);
    this.base += miss;
  }

  top(): { labels: string[]; confidence: number } {
    const unseen = Math.max(0, this.nClasses - this.logw.size);
    let max = unseen > 0 ? this.base : -Infinity;
    for (const w of this.logw.values()) max = Math.max(max, w);
    let z = unseen * Math.exp(this.base - max);
    for (const w of this.logw.values()) z += Math.exp(w - max);
    const labels = [...this.logw.entries()]
      .filter(([, w]) => w >= max - 1e-12)
      .map(([l]) => l)
      .sort();
    return { labels, confidence: 1 / z };
  }
}

export interface ItemToTarget {
  item: string;
  reached: boolean;
  /** Judgments up to the crossing, or all of them when not reached. */
  judgmentsUsed: number;
  costCents: number;
  confidence: number;
  label: string;
}

export interface CostToConfidence {
  targetConfidence: number;
  items: number;
  reached: number;
  /** All money spent towards the target ÷ items that reached it; null when none did. */
  costPerQualityAdjustedLabel: number | null;
  meanCostToTarget: number | null;
  meanJudgmentsToTarget: number | null;
  perItem: ItemToTarget[];
}

export function costToConfidence(judgments: readonly ItemJudgment[], model: PosteriorModel, targetConfidence: number): CostToConfidence {
  if (!(targetConfidence > 0 && targetConfidence < 1)) throw new RangeError(`targetConfidence must be in (0, 1), got ${targetConfidence}`);
  const K = classCount(judgments, model),
    def = model.defaultReliability ?? 0.7;
  const perItem: ItemToTarget[] = [];
  for (const [item, list] of byItem(judgments)) {
    const post = new SequentialPosterior(K);
    let cost = 0,
      used = 0,
      reached = false,
      top = { labels: [''], confidence: 1 / K };
    for (const j of list) {
      post.add(j.label, model.reliability.get(j.worker) ?? def);
      cost += j.costCents;
      used += 1;
      top = post.top();
      if (top.labels.length === 1 && top.confidence >= targetConfidence) {
        reached = true;
        break;
      }
    }
    perItem.push({ item, reached, judgmentsUsed: used, costCents: cost, confidence: top.confidence, label: top.labels[0] });
  }
  const ok = perItem.filter((p) => p.reached);
  const spent = perItem.reduce((s, p) => s + p.costCents, 0);
  return {
    targetConfidence,
    items: perItem.length,
    reached: ok.length,
    costPerQualityAdjustedLabel: ok.length > 0 ? spent / ok.length : null,
    meanCostToTarget: ok.length > 0 ? ok.reduce((s, p) => s + p.costCents, 0) / ok.length : null,
    meanJudgmentsToTarget: ok.length > 0 ? ok.reduce((s, p) => s + p.judgmentsUsed, 0) / ok.length : null,
    perItem,
  };
}

export interface DepthPoint {
  depth: number;
  /** Gold items with at least one judgment. */
  items: number;
  accuracy: number;
  costPerItemCents: number;
  accuracyPerDollar: number | null;
}

export interface CostToAccuracy {
  targetAccuracy: number;
  curve: DepthPoint[];
  /** First depth reaching the target, or null. */
  reached: DepthPoint | null;
}

export function costToAccuracy(
  judgments: readonly ItemJudgment[],
  gold: ReadonlyMap<string, string>,
  model: PosteriorModel,
  targetAccuracy: number,
): CostToAccuracy {
  const K = classCount(judgments, model),
    def = model.defaultReliability ?? 0.7;
  const items = [...byItem(judgments.filter((j) => gold.has(j.item)))];
  const maxDepth = items.reduce((m, [, l]) => Math.max(m, l.length), 0);
  const posts = items.map(() => new SequentialPosterior(K));
  const cost = new Float64Array(items.length);
  const curve: DepthPoint[] = [];
  for (let d = 1; d <= maxDepth; d++) {
    let correct = 0,
      spent = 0;
    items.forEach(([item, list], i) => {
      const j = list[d - 1];
      if (j) {
        posts[i].add(j.label, model.reliability.get(j.worker) ?? def);
        cost[i] += j.costCents;
      }
      const top = posts[i].top();
      if (top.labels.includes(gold.get(item)!)) correct += 1 / top.labels.length;
      spent += cost[i];
    });
    const accuracy = correct / items.length,
      costPerItemCents = spent / items.length;
    curve.push({
      depth: d,
      items: items.length,
      accuracy,
      costPerItemCents,
      accuracyPerDollar: accuracyPerDollar(accuracy, costPerItemCents),
    });
  }
  return { targetAccuracy, curve, reached: curve.find((p) => p.accuracy >= targetAccuracy) ?? null };
}

/** Accuracy ÷ cost per item in dollars; null when the cost is 0. */
export function accuracyPerDollar(accuracy: number, costPerItemCents: number): number | null {
  return costPerItemCents > 0 ? accuracy / (costPerItemCents / 100) : null;
}

/** P(Binomial(n, p) > n/2) for odd n. */
export function majorityCorrect(n: number, p: number): number {
  let logC = 0,
    total = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    if (2 * k > n) total += Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
  }
  return total;
}

/** Smallest odd n with majority-of-n accuracy ≥ target, or null above maxJudgments. */
export function judgmentsForAccuracy(p: number, targetAccuracy: number, maxJudgments = 51): number | null {
  if (!(p >= 0 && p <= 1)) return null;
  if (p === 1) return 1;
  for (let n = 1; n <= maxJudgments; n += 2) if (majorityCorrect(n, p) >= targetAccuracy) return n;
  return null;
}

/** costPerQAL of a pool with accuracy p and mean cost c per judgment: n*(p) · c (see 4. above). */
export function poolCostPerQAL(p: number, costPerJudgmentCents: number, targetAccuracy: number, maxJudgments = 51): number | null {
  const n = judgmentsForAccuracy(p, targetAccuracy, maxJudgments);
  return n === null ? null : n * costPerJudgmentCents;
}
