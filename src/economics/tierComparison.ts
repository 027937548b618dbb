/**
 * Specialists vs generalists, per domain where both tiers worked: does specialist signal beat
 * generalist scale, per dollar?
 *
 * Per tier, from the judgments of its tutors in the domain (ratio estimators, pooled over tutors):
 *   goldAccuracy = Σ correct on gold / Σ judgments on gold
 *   agreement    = Σ judgments equal to the consensus label / Σ judgments with a consensus
 *   reliability  = mean over tutors of the quality engine's per-tutor reliability
 *   speedMs      = Σ durationMs / Σ judgments          (ms per judgment)
 *   costPerQAL   = n*(goldAccuracy) × Σ cost / Σ judgments   (qualityAdjusted.ts, rule 4: judgments
 *                  of this tier needed for a majority to reach `targetAccuracy`, times their cost)
 * and each difference is specialist − generalist.
 *
 * Intervals: percentile bootstrap, resampling TUTORS with replacement within each tier (a cluster
 * bootstrap; Davison & Hinkley 1997, §3.8). The tutor is the unit because one tutor's judgments
 * are not independent: a tutor who is good is good on all their items, so resampling judgments
 * (or items) would treat 200 judgments by 3 tutors as 200 independent draws and give intervals
 * far too narrow. Items are shared by both tiers and their difficulty affects both about equally,
 * so it mostly cancels in the difference. The tier sizes are kept fixed in every resample.
 *
 * Verdict (on cost per QAL, the per-dollar question): with fewer than `minGoldItems` distinct
 * gold items per tier, "too little data"; else if the CI of the difference lies below 0,
 * specialists are better per dollar, above 0 generalists are, otherwise no clear difference.
 * A tier whose accuracy cannot reach the target within `maxJudgments` has cost per QAL = ∞
 * (reported as null); the other tier then wins when its own cost is finite.
 */
import type { Tier } from '../domain/users.js';
import { createRng } from '../quality/random.js';
import { judgmentsForAccuracy } from './qualityAdjusted.js';

export interface TierJudgment {
  tutor: string;
  tier: Tier;
  domain: string;
  item: string;
  label: string;
  /** The gold label when the item is gold, else null/undefined. */
  gold?: string | null;
  /** The consensus label of the item, when one exists. */
  consensus?: string | null;
  costCents: number;
  durationMs: number;
}

export interface TierComparisonOptions {
  /** Per-tutor reliability from the quality engine. */
  reliability?: ReadonlyMap<string, number>;
  /** Per tutor × domain reliability (e.g. the stored one); wins over `reliability` when it has a value. */
  reliabilityOf?: (tutor: string, domain: string) => number | undefined;
  seed?: number;
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** Two-sided interval level (default 0.95). */
  level?: number;
  /** The accuracy a quality-adjusted label must reach (default 0.95). */
  targetAccuracy?: number;
  maxJudgments?: number;
  /** Distinct gold items each tier must have judged for a verdict (default 30). */
  minGoldItems?: number;
  /** Bootstrap the tutors in key order rather than in order of first judgment (results then do not depend on reading order). */
  tutorsInKeyOrder?: boolean;
}

export type Metric = 'goldAccuracy' | 'agreement' | 'reliability' | 'speedMs' | 'costPerQAL';
export const METRICS: readonly Metric[] = ['goldAccuracy', 'agreement', 'reliability', 'speedMs', 'costPerQAL'];

export interface TierStats {
  tutors: number;
  judgments: number;
  goldJudgments: number;
  goldItems: number;
  costCents: number;
  values: Record<Metric, number | null>;
}

export interface Difference {
  /** specialist − generalist; null when either side is undefined (or both infinite). */
  estimate: number | null;
  /** Interval bounds; null where unbounded or undefined. */
  lower: number | null;
  upper: number | null;
}

export type Verdict =
  | 'specialists better per dollar'
  | 'generalists better per dollar'
  | 'no clear difference'
  | `too little data: need ≥ ${number} gold items per tier`;

export interface DomainComparison {
  domain: string;
  specialist: TierStats;
  generalist: TierStats;
  differences: Record<Metric, Difference>;
  verdict: Verdict;
  /** One plain-language sentence saying what the numbers mean. */
  summary: string;
}

interface TutorSums {
  n: number;
  goldN: number;
  goldOk: number;
  consN: number;
  consOk: number;
  time: number;
  cost: number;
  rel: number | null;
}

function tierValues(ts: readonly TutorSums[], target: number, maxJ: number): Record<Metric, number> {
  let n = 0,
    goldN = 0,
    goldOk = 0,
    consN = 0,
    consOk = 0,
    time = 0,
    cost = 0,
    relSum = 0,
    relN = 0;
  for (const t of ts) {
    n += t.n;
    goldN += t.goldN;
    goldOk += t.goldOk;
    consN += t.consN;
    consOk += t.consOk;
    time += t.time;
    cost += t.cost;
    if (t.rel !== null) {
      relSum += t.rel;
      relN++;
    }
  }
  const acc = goldN > 0 ? goldOk / goldN : NaN;
  const nStar = Number.isNaN(acc) ? null : judgmentsForAccuracy(acc, target, maxJ);
  return {
    goldAccuracy: acc,
    agreement: consN > 0 ? consOk / consN : NaN,
    reliability: relN > 0 ? relSum / relN : NaN,
    speedMs: n > 0 ? time / n : NaN,
    costPerQAL: Number.isNaN(acc) || n === 0 ? NaN : nStar === null ? Infinity : (nStar * cost) / n,
  };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Percentile of a sorted array (linear interpolation), NaN-free input. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q,
    lo = Math.floor(h),
    hi = Math.ceil(h);
  if (lo === hi || sorted[lo] === sorted[hi]) return sorted[lo];
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function compareTiers(judgments: readonly TierJudgment[], options: TierComparisonOptions = {}): DomainComparison[] {
  const collector = new TierCollector(options);
  for (const j of judgments) collector.add(j);
  return collector.finish();
}

type TutorEntry = { tier: Tier; sums: TutorSums; goldItems: Set<string> };

/** compareTiers one judgment at a time: memory grows with tutors × domains and gold items, not judgments. */
export class TierCollector {
  private readonly domains = new Map<string, Map<string, TutorEntry>>();
  constructor(private readonly options: TierComparisonOptions = {}) {}

  private entry(tutor: string, tier: Tier, domain: string): TutorEntry {
    let tutors = this.domains.get(domain);
    if (!tutors) this.domains.set(domain, (tutors = new Map()));
    let t = tutors.get(tutor);
    if (!t) {
      const rel = this.options.reliabilityOf?.(tutor, domain) ?? this.options.reliability?.get(tutor);
      tutors.set(
        tutor,
        (t = {
          tier,
          goldItems: new Set(),
          sums: { n: 0, goldN: 0, goldOk: 0, consN: 0, consOk: 0, time: 0, cost: 0, rel: rel ?? null },
        }),
      );
    }
    return t;
  }

  /** Non-gold judgments of one tutor in one domain at once, as sums (a stored rollup's rows). */
  addSums(tutor: string, tier: Tier, domain: string, sums: { n: number; consN: number; consOk: number; time: number; cost: number }): void {
    const s = this.entry(tutor, tier, domain).sums;
    s.n += sums.n;
    s.consN += sums.consN;
    s.consOk += sums.consOk;
    s.time += sums.time;
    s.cost += sums.cost;
  }

  add(j: TierJudgment): void {
    const t = this.entry(j.tutor, j.tier, j.domain);
    const s = t.sums;
    s.n++;
    s.time += j.durationMs;
    s.cost += j.costCents;
    if (j.gold != null) {
      s.goldN++;
      if (j.label === j.gold) s.goldOk++;
      t.goldItems.add(j.item);
    }
    if (j.consensus != null) {
      s.consN++;
      if (j.label === j.consensus) s.consOk++;
    }
  }

  finish(): DomainComparison[] {
    return compareDomains(this.domains, this.options);
  }
}

function compareDomains(domains: ReadonlyMap<string, ReadonlyMap<string, TutorEntry>>, options: TierComparisonOptions): DomainComparison[] {
  const B = options.resamples ?? 1000,
    level = options.level ?? 0.95,
    target = options.targetAccuracy ?? 0.95;
  const maxJ = options.maxJudgments ?? 51,
    minGold = options.minGoldItems ?? 30;
  const rng = createRng(options.seed ?? 0);
  const out: DomainComparison[] = [];
  for (const domain of [...domains.keys()].sort()) {
    const entries = [...domains.get(domain)!.entries()];
    if (options.tutorsInKeyOrder) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const tutors = entries.map(([, t]) => t);
    const spec = tutors.filter((t) => t.tier === 'specialist'),
      gen = tutors.filter((t) => t.tier === 'generalist');
    if (spec.length === 0 || gen.length === 0) continue;
    const S = spec.map((t) => t.sums),
      G = gen.map((t) => t.sums);
    const vs = tierValues(S, target, maxJ),
      vg = tierValues(G, target, maxJ);
    const boot: Record<Metric, number[]> = { goldAccuracy: [], agreement: [], reliability: [], speedMs: [], costPerQAL: [] };
    const rs: TutorSums[] = new Array(S.length),
      rg: TutorSums[] = new Array(G.length);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < S.length; i++) rs[i] = S[rng.int(S.length)];
      for (let i = 0; i < G.length; i++) rg[i] = G[rng.int(G.length)];
      const a = tierValues(rs, target, maxJ),
        c = tierValues(rg, target, maxJ);
      for (const m of METRICS) {
        const d = a[m] - c[m];
        if (!Number.isNaN(d)) boot[m].push(d);
      }
    }
    const differences = {} as Record<Metric, Difference>;
    for (const m of METRICS) {
      const est = vs[m] - vg[m];
      const sorted = boot[m].sort((x, y) => x - y);
      // Resamples where the difference is undefined (e.g. no gold drawn) are dropped; if most are, no interval.
      const usable = sorted.length >= B / 2 && !Number.isNaN(est);
      differences[m] = {
        estimate: finiteOrNull(est),
        lower: usable ? finiteOrNull(quantile(sorted, (1 - level) / 2)) : null,
        upper: usable ? finiteOrNull(quantile(sorted, 1 - (1 - level) / 2)) : null,
      };
      if (usable && quantile(sorted, (1 - level) / 2) === -Infinity) differences[m].lower = null;
    }
    const specialist = stats(spec, vs),
      generalist = stats(gen, vg);
    const lowerQ = boot.costPerQAL.length >= B / 2 ? quantile(boot.costPerQAL, (1 - level) / 2) : NaN;
    const upperQ = boot.costPerQAL.length >= B / 2 ? quantile(boot.costPerQAL, 1 - (1 - level) / 2) : NaN;
    let verdict: Verdict;
    if (specialist.goldItems < minGold || generalist.goldItems < minGold)
      verdict = `too little data: need ≥ ${minGold} gold items per tier`;
    else if (upperQ < 0) verdict = 'specialists better per dollar';
    else if (lowerQ > 0) verdict = 'generalists better per dollar';
    else verdict = 'no clear difference';
    out.push({
      domain,
      specialist,
      generalist,
      differences,
      verdict,
      summary: summarise(domain, specialist, generalist, differences.costPerQAL, verdict, target, level),
    });
  }
  return out;
}

function stats(tutors: { sums: TutorSums; goldItems: Set<string> }[], v: Record<Metric, number>): TierStats {
  const gold = new Set<string>();
  for (const t of tutors) for (const i of t.goldItems) gold.add(i);
  const values = {} as Record<Metric, number | null>;
  for (const m of METRICS) values[m] = finiteOrNull(v[m]);
  return {
    tutors: tutors.length,
    judgments: tutors.reduce((s, t) => s + t.sums.n, 0),
    goldJudgments: tutors.reduce((s, t) => s + t.sums.goldN, 0),
    goldItems: gold.size,
    costCents: tutors.reduce((s, t) => s + t.sums.cost, 0),
    values,
  };
}

const dollars = (cents: number | null) => (cents === null ? 'unreachable' : `$${(cents / 100).toFixed(2)}`);
const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

function summarise(domain: string, s: TierStats, g: TierStats, d: Difference, verdict: Verdict, target: number, level: number): string {
  if (verdict.startsWith('too little data')) {
    return `In ${domain}, ${verdict.replace('too little data: ', 'there is too little data to tell: ')} (specialists judged ${s.goldItems}, generalists ${g.goldItems}).`;
  }
  const ci =
    d.lower === null && d.upper === null
      ? 'no interval'
      : `${Math.round(level * 100)}% CI ${d.lower === null ? '−∞' : dollars(d.lower)} to ${d.upper === null ? '+∞' : dollars(d.upper)}`;
  return (
    `In ${domain}, a label at ${pct(target)} accuracy costs ${dollars(s.values.costPerQAL)} from specialists (gold accuracy ${pct(s.values.goldAccuracy)}) ` +
    `and ${dollars(g.values.costPerQAL)} from generalists (${pct(g.values.goldAccuracy)}); difference ${d.estimate === null ? 'undefined' : dollars(d.estimate)} (${ci}): ${verdict}.`
  );
}
