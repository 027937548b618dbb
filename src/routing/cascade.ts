/**
 * The cascade rule (issue 13 §4), pure: which tier an item starts at, how many judgments each tier gives
 * it, and whether it moves up once the tier at its level has given them.
 *
 * An item moves to the next tier of its domain's order when, after the tier at its level:
 * - its posterior confidence (one-coin, every judgment so far weighted by its annotator's measured
 *   reliability: quality/adaptive itemPosterior, the same posterior the live consensus stores) is below
 *   the target, or
 * - the tiers disagree: the answer the judgments of one tier favour differs from another tier's, or
 * - a judge flagged it (e.g. inconsistent when judged in both orders), or
 * - its domain is expert-only (such items start at the last tier, so this only catches an order change).
 * It stays where it is when the last tier has judged it, or when the budget is spent.
 */
import { itemPosterior } from '../quality/adaptive/index.js';
import type { CascadePolicy } from '../domain/projects.js';
import type { Tier } from '../domain/users.js';

/** The tiers an item of `domain` climbs, cheapest first. */
export function cascadeTiers(policy: CascadePolicy, domain: string): Tier[] {
  return policy.domains?.[domain] ?? policy.tiers;
}

/** Where an item of `domain` starts: the first tier, or the last for an expert-only domain. */
export function startTier(policy: CascadePolicy, domain: string): Tier {
  const tiers = cascadeTiers(policy, domain);
  return policy.expertOnly.includes(domain) ? tiers[tiers.length - 1] : tiers[0];
}

/** Judgments `tier` gives an item at its level. */
export function judgmentsAt(policy: CascadePolicy, tier: Tier, overlap: number): number {
  return policy.judgments[tier] ?? overlap;
}

export interface CascadeJudgment {
  /** Who judged (their reliability is looked up by this key). */
  worker: string;
  tier: Tier;
  label: string;
}

export interface CascadeItem {
  domain: string;
  /** The tier at the item's level now. */
  tier: Tier;
  /** Every judgment of the item so far, any tier. */
  judgments: readonly CascadeJudgment[];
  /** The classes the item may take. */
  classes: readonly string[];
  /** A worker's measured accuracy in the item's domain. */
  accuracyOf: (worker: string) => number;
  /** A judge flagged the item for people. */
  flagged?: boolean;
  /** What the project has spent so far, cents. */
  spentCents: number;
}

export type CascadeReason = 'low confidence' | 'tiers disagree' | 'flagged' | 'expert-only';

export type CascadeDecision =
  | { escalate: true; to: Tier; reason: CascadeReason; confidence: number }
  | { escalate: false; reason: 'confident' | 'last tier' | 'budget'; confidence: number };

export function decideCascade(policy: CascadePolicy, item: CascadeItem): CascadeDecision {
  const { confidence } = itemPosterior(
    item.judgments.map((j) => ({ worker: j.worker, label: j.label })),
    item.classes,
    item.accuracyOf,
  );
  const tiers = cascadeTiers(policy, item.domain);
  const next = tiers[tiers.indexOf(item.tier) + 1];
  if (next === undefined) return { escalate: false, reason: 'last tier', confidence };
  const reason: CascadeReason | null = policy.expertOnly.includes(item.domain)
    ? 'expert-only'
    : item.flagged
      ? 'flagged'
      : tiersDisagree(item)
        ? 'tiers disagree'
        : confidence < policy.targetConfidence
          ? 'low confidence'
          : null;
  if (reason === null) return { escalate: false, reason: 'confident', confidence };
  if (policy.budgetCents !== undefined && item.spentCents >= policy.budgetCents) return { escalate: false, reason: 'budget', confidence };
  return { escalate: true, to: next, reason, confidence };
}

/** Do two tiers' own posteriors favour different answers? (A tie within a tier favours nothing.) */
function tiersDisagree(item: CascadeItem): boolean {
  const favoured = new Set<string>();
  for (const tier of new Set(item.judgments.map((j) => j.tier))) {
    const own = itemPosterior(
      item.judgments.filter((j) => j.tier === tier).map((j) => ({ worker: j.worker, label: j.label })),
      item.classes,
      item.accuracyOf,
    );
    const top = Math.max(...Object.values(own.posterior));
    const leaders = Object.entries(own.posterior).filter(([, p]) => p === top);
    if (leaders.length === 1) favoured.add(leaders[0][0]);
  }
  return favoured.size > 1;
}

/**
 * The rule as the cascade-versus-tiers replay takes it (economics/cascadeVsTiers.ts `CascadeRule`):
 * the policy's orders and judgment counts, and where an item goes next (budget and flags not replayed).
 */
export function cascadeRule(policy: CascadePolicy, overlap: number) {
  return {
    order: (domain: string) => cascadeTiers(policy, domain),
    start: (domain: string) => startTier(policy, domain),
    judgmentsAt: (tier: Tier) => judgmentsAt(policy, tier, overlap),
    next: (
      domain: string,
      tier: Tier,
      judgments: readonly CascadeJudgment[],
      classes: readonly string[],
      accuracyOf: (worker: string) => number,
    ): Tier | null => {
      const d = decideCascade(policy, { domain, tier, judgments, classes, accuracyOf, spentCents: 0 });
      return d.escalate ? d.to : null;
    },
  };
}
