/**
 * The cascade against each tier alone (issue 13 §4: "accuracy, cost and cost per quality-adjusted
 * label of the cascade against each tier alone on the same items"), measured on a real project.
 *
 * 1. On gold, the same items: the gold items judged by every tier of their domain's order (gold is
 *    served to every tier, outside the cascade). Per item,
 *    - a tier alone answers with the one-coin posterior (quality/adaptive itemPosterior, each judgment
 *      weighted by its annotator's reliability) of that tier's judgments on the item, and costs them;
 *    - the cascade is replayed with its own rule (routing/cascade.ts decideCascade): the start tier's
 *      first `judgmentsAt` judgments, then, while the rule moves the item up, the next tier's, and
 *      answers with the posterior of the judgments it took, costing those (the budget is not replayed).
 *    Accuracy = correct / items with a Wilson 95 % interval; a quality-adjusted label is a correct one,
 *    so cost per quality-adjusted label = cost on the items / correct answers (null when none is).
 * 2. In production, as it ran (not the same items: each tier judged the items that reached it): per tier,
 *    the items it judged, how often its own answer agreed with the final stored consensus, and what its
 *    judgments there cost; for the cascade, every production item, its whole cost, the items whose final
 *    confidence reached the target, and cost per quality-adjusted label = cost / items reached.
 * Costs are in cents as the caller priced them (people at their pay, judges at their model calls).
 */
import { itemPosterior } from '../quality/adaptive/index.js';
import { wilsonInterval } from '../quality/gold.js';
import type { Tier } from '../domain/users.js';

/** The cascade's rule as the replay needs it (routing/cascade.ts `cascadeRule` builds it from a project's policy). */
export interface CascadeRule {
  /** The tiers an item of `domain` climbs, cheapest first. */
  order: (domain: string) => readonly Tier[];
  start: (domain: string) => Tier;
  /** Judgments `tier` gives an item at its level. */
  judgmentsAt: (tier: Tier) => number;
  /** Where an item at `tier` goes with these judgments: the next tier, or null to stay. */
  next: (
    domain: string,
    tier: Tier,
    judgments: readonly { worker: string; tier: Tier; label: string }[],
    classes: readonly string[],
    accuracyOf: (worker: string) => number,
  ) => Tier | null;
}

export interface CascadeJudgmentFact {
  task: string;
  domain: string;
  tier: Tier;
  worker: string;
  label: string;
  costCents: number;
}

export interface CascadeComparisonInput {
  rule: CascadeRule;
  /** Every current categorical judgment, gold and production, in submission order. */
  judgments: readonly CascadeJudgmentFact[];
  /** Gold answers by task. */
  gold: ReadonlyMap<string, string>;
  /** Production items: the final stored consensus and its confidence, by task. */
  consensus: ReadonlyMap<string, { label: string; confidence: number }>;
  classesOf: (task: string) => readonly string[];
  /** A worker's reliability in a domain. */
  accuracyOf: (worker: string, domain: string) => number;
  /** Stored confidence at which a production item counts as quality-adjusted (default 0.95). */
  targetConfidence?: number;
}

export type Who = 'cascade' | Tier;

export interface GoldRow {
  who: Who;
  items: number;
  correct: number;
  accuracy: { value: number | null; lower: number; upper: number };
  costCents: number;
  costPerItemCents: number | null;
  costPerQALCents: number | null;
}

export interface ProductionRow {
  who: Who;
  items: number;
  /** Items whose answer (a tier's own) agreed with the final consensus; null for the cascade (it is the consensus). */
  agreed: number | null;
  costCents: number;
  costPerItemCents: number | null;
  /** The cascade: items whose final confidence reached the target; null for a tier. */
  reached: number | null;
  costPerQALCents: number | null;
}

export interface CascadeComparison {
  targetConfidence: number;
  /** Gold items judged by every tier of their domain's order: the rows' common items. */
  gold: { items: number; rows: GoldRow[] };
  production: { rows: ProductionRow[] };
}

const TIERS: Tier[] = ['model', 'generalist', 'specialist'];

function answer(judgments: readonly CascadeJudgmentFact[], classes: readonly string[], accuracyOf: (w: string) => number) {
  return itemPosterior(
    judgments.map((j) => ({ worker: j.worker, label: j.label })),
    classes,
    accuracyOf,
  );
}

const sum = (js: readonly CascadeJudgmentFact[]) => js.reduce((s, j) => s + j.costCents, 0);

/** The cascade's rule replayed on one gold item: the judgments it would have taken. */
function replay(input: CascadeComparisonInput, domain: string, byTier: Map<Tier, CascadeJudgmentFact[]>, classes: readonly string[]) {
  const { rule } = input;
  const accuracyOf = (w: string) => input.accuracyOf(w, domain);
  const taken: CascadeJudgmentFact[] = [];
  for (let tier: Tier | null = rule.start(domain); tier !== null; ) {
    taken.push(...(byTier.get(tier) ?? []).slice(0, rule.judgmentsAt(tier)));
    tier = rule.next(domain, tier, taken, classes, accuracyOf);
  }
  return taken;
}

function goldRow(who: Who, answers: { correct: boolean; costCents: number }[]): GoldRow {
  const correct = answers.filter((a) => a.correct).length;
  const cost = answers.reduce((s, a) => s + a.costCents, 0);
  const w = wilsonInterval(correct, answers.length);
  return {
    who,
    items: answers.length,
    correct,
    accuracy: { value: answers.length ? w.value : null, lower: w.lower, upper: w.upper },
    costCents: cost,
    costPerItemCents: answers.length ? cost / answers.length : null,
    costPerQALCents: correct ? cost / correct : null,
  };
}

export function compareCascadeWithTiers(input: CascadeComparisonInput): CascadeComparison {
  const target = input.targetConfidence ?? 0.95;
  const byTask = new Map<string, CascadeJudgmentFact[]>();
  for (const j of input.judgments) (byTask.get(j.task) ?? byTask.set(j.task, []).get(j.task)!).push(j);
  const used = new Set<Tier>();

  const goldAnswers = new Map<Who, { correct: boolean; costCents: number }[]>();
  const record = (who: Who, correct: boolean, costCents: number) =>
    (goldAnswers.get(who) ?? goldAnswers.set(who, []).get(who)!).push({ correct, costCents });
  let goldItems = 0;
  for (const [task, truth] of input.gold) {
    const judgments = byTask.get(task) ?? [];
    if (judgments.length === 0) continue;
    const domain = judgments[0].domain;
    const order = input.rule.order(domain);
    const byTier = new Map<Tier, CascadeJudgmentFact[]>();
    for (const j of judgments) (byTier.get(j.tier) ?? byTier.set(j.tier, []).get(j.tier)!).push(j);
    if (!order.every((t) => byTier.has(t))) continue;
    goldItems++;
    const classes = input.classesOf(task);
    const accuracyOf = (w: string) => input.accuracyOf(w, domain);
    for (const tier of order) {
      used.add(tier);
      const own = byTier.get(tier)!;
      record(tier, answer(own, classes, accuracyOf).label === truth, sum(own));
    }
    const taken = replay(input, domain, byTier, classes);
    record('cascade', answer(taken, classes, accuracyOf).label === truth, sum(taken));
  }

  const tierRows = new Map<Tier, { items: number; agreed: number; cost: number }>();
  let cascade = { items: 0, reached: 0, cost: 0 };
  for (const [task, final] of input.consensus) {
    const judgments = byTask.get(task) ?? [];
    if (judgments.length === 0) continue;
    const domain = judgments[0].domain;
    cascade = {
      items: cascade.items + 1,
      reached: cascade.reached + (final.confidence >= target ? 1 : 0),
      cost: cascade.cost + sum(judgments),
    };
    for (const tier of TIERS) {
      const own = judgments.filter((j) => j.tier === tier);
      if (own.length === 0) continue;
      used.add(tier);
      const row = tierRows.get(tier) ?? { items: 0, agreed: 0, cost: 0 };
      const mine = answer(own, input.classesOf(task), (w) => input.accuracyOf(w, domain)).label;
      tierRows.set(tier, { items: row.items + 1, agreed: row.agreed + (mine === final.label ? 1 : 0), cost: row.cost + sum(own) });
    }
  }

  const order: Who[] = ['cascade', ...TIERS.filter((t) => used.has(t))];
  return {
    targetConfidence: target,
    gold: { items: goldItems, rows: goldItems ? order.map((who) => goldRow(who, goldAnswers.get(who) ?? [])) : [] },
    production: {
      rows: cascade.items
        ? order.map((who): ProductionRow => {
            if (who === 'cascade')
              return {
                who,
                items: cascade.items,
                agreed: null,
                costCents: cascade.cost,
                costPerItemCents: cascade.cost / cascade.items,
                reached: cascade.reached,
                costPerQALCents: cascade.reached ? cascade.cost / cascade.reached : null,
              };
            const r = tierRows.get(who) ?? { items: 0, agreed: 0, cost: 0 };
            return {
              who,
              items: r.items,
              agreed: r.agreed,
              costCents: r.cost,
              costPerItemCents: r.items ? r.cost / r.items : null,
              reached: null,
              costPerQALCents: null,
            };
          })
        : [],
    },
  };
}
