/**
 * Adaptive overlap as one decision: given how many judgments an item has and how confident its
 * consensus is, does it need more? Fixed overlap k is the special case min = max = k.
 */

export interface OverlapPolicy {
  targetConfidence: number;
  minJudgments: number;
  maxJudgments: number;
}

export interface OverlapDecision {
  /** True when the item needs no more judgments. */
  done: boolean;
  /** How many judgments the item should end up with, as far as we know now (routing's target). */
  needed: number;
  /** Done without reaching the target confidence (the budget ran out): a candidate for review. */
  exhausted: boolean;
}

export function decideOverlap(policy: OverlapPolicy, judgments: number, confidence: number): OverlapDecision {
  const { minJudgments: min, maxJudgments: max, targetConfidence } = policy;
  if (judgments < min) return { done: false, needed: min, exhausted: false };
  if (confidence >= targetConfidence) return { done: true, needed: judgments, exhausted: false };
  if (judgments >= max) return { done: true, needed: judgments, exhausted: true };
  return { done: false, needed: judgments + 1, exhausted: false };
}
