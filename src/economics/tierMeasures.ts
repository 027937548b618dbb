/**
 * Model, generalist and specialist measured the same way, per domain (issue 13 §3): gold accuracy
 * with a Wilson interval; agreement with the specialists' consensus (Cohen's κ over the tier's
 * judgments paired with the consensus of the *other* specialists on the item, so a specialist is not
 * compared with a consensus holding their own label; bootstrap interval); calibration of stated
 * confidence against gold, else that consensus; cost per judgment and per quality-adjusted label
 * (the pool rule of qualityAdjusted.ts at the gold accuracy).
 */
import { calibration, type Calibration } from '../quality/calibration.js';
import { wilsonInterval, type Proportion } from '../quality/gold.js';
import { measureAgreement } from '../quality/agreement/index.js';
import { poolCostPerQAL } from './qualityAdjusted.js';

export interface TierJudgmentFact {
  tier: string;
  domain: string;
  task: string;
  tutor: string;
  /** Categorical label (preference choice, label set), or null for types without one. */
  label: string | null;
  gold: string | null;
  /** Stated confidence (judges), null for people. */
  confidence: number | null;
  costCents: number;
}

export interface TierMeasure {
  tier: string;
  judgments: number;
  /** `value` null when there was no gold. */
  gold: Omit<Proportion, 'value'> & { value: number | null };
  agreement: { kappa: number | null; lower: number | null; upper: number | null; pairs: number };
  calibration: Calibration;
  costPerJudgmentCents: number;
  costPerQALCents: number | null;
}

export interface DomainTierMeasures {
  domain: string;
  tiers: TierMeasure[];
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Majority label of the specialists on each task, leaving one tutor out (null on a tie or when none is left). */
function specialistConsensus(facts: readonly TierJudgmentFact[]) {
  const byTask = new Map<string, { tutor: string; label: string }[]>();
  for (const f of facts)
    if (f.tier === 'specialist' && f.label !== null)
      byTask.set(f.task, [...(byTask.get(f.task) ?? []), f as { tutor: string; label: string }]);
  return (task: string, without: string): string | null => {
    const counts = new Map<string, number>();
    for (const s of byTask.get(task) ?? []) if (s.tutor !== without) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    if (ranked.length === 0 || (ranked.length > 1 && ranked[0][1] === ranked[1][1])) return null;
    return ranked[0][0];
  };
}

function measureTier(
  tier: string,
  facts: TierJudgmentFact[],
  consensusOf: (task: string, without: string) => string | null,
  options: { rounds: number; target: number },
): TierMeasure {
  const gold = facts.filter((f) => f.gold !== null && f.label !== null);
  const goldProportion = wilsonInterval(gold.filter((f) => f.label === f.gold).length, gold.length);
  const pairs: [string, string][] = [];
  const calibrated: { confidence: number; correct: boolean }[] = [];
  for (const f of facts) {
    if (f.label === null) continue;
    const consensus = consensusOf(f.task, f.tutor);
    if (consensus !== null) pairs.push([f.label, consensus]);
    const reference = f.gold ?? consensus;
    if (f.confidence !== null && reference !== null) calibrated.push({ confidence: f.confidence, correct: f.label === reference });
  }
  const classes = new Map<string, number>();
  const code = (l: string) => classes.get(l) ?? (classes.set(l, classes.size), classes.size - 1);
  const values = new Float64Array(pairs.length * 2);
  pairs.forEach(([a, b], i) => {
    values[2 * i] = code(a);
    values[2 * i + 1] = code(b);
  });
  const kappa = pairs.length
    ? measureAgreement(
        {
          units: Int32Array.from(pairs.flatMap((_, i) => [i, i])),
          raters: Int32Array.from(pairs.flatMap(() => [0, 1])),
          values,
          nUnits: pairs.length,
          nRaters: 2,
        },
        { metric: 'cohen', rounds: options.rounds, seed: 13 },
      )
    : null;
  const cost = facts.reduce((s, f) => s + f.costCents, 0);
  const perJudgment = facts.length ? cost / facts.length : 0;
  return {
    tier,
    judgments: facts.length,
    gold: { ...goldProportion, value: finite(goldProportion.value) },
    agreement: {
      kappa: kappa ? finite(kappa.value) : null,
      lower: kappa ? finite(kappa.lower) : null,
      upper: kappa ? finite(kappa.upper) : null,
      pairs: pairs.length,
    },
    calibration: calibration(calibrated),
    costPerJudgmentCents: perJudgment,
    costPerQALCents: gold.length ? poolCostPerQAL(goldProportion.value, perJudgment, options.target) : null,
  };
}

const TIER_ORDER = ['model', 'generalist', 'specialist'];

export function measureTiersByDomain(
  facts: readonly TierJudgmentFact[],
  options: { rounds?: number; targetAccuracy?: number } = {},
): DomainTierMeasures[] {
  const o = { rounds: options.rounds ?? 1000, target: options.targetAccuracy ?? 0.95 };
  const consensusOf = specialistConsensus(facts);
  const domains = new Map<string, Map<string, TierJudgmentFact[]>>();
  for (const f of facts) {
    const tiers = domains.get(f.domain) ?? domains.set(f.domain, new Map()).get(f.domain)!;
    (tiers.get(f.tier) ?? tiers.set(f.tier, []).get(f.tier)!).push(f);
  }
  return [...domains.keys()].sort().map((domain) => ({
    domain,
    tiers: [...domains.get(domain)!]
      .sort((a, b) => TIER_ORDER.indexOf(a[0]) - TIER_ORDER.indexOf(b[0]))
      .map(([tier, list]) => measureTier(tier, list, consensusOf, o)),
  }));
}
