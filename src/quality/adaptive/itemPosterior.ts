/**
 * The posterior over one item's true class given its judgments so far, under the one-coin model:
 * a worker with accuracy p gives the true class with probability p and each other class with
 * (1 − p)/(K − 1). Cheap enough to run on every submission (O(judgments × classes)); the worker
 * accuracies come from a batch fit (Dawid–Skene or the project's method) blended with gold.
 */

export interface Judgment {
  worker: string;
  label: string;
}

export interface ItemPosterior {
  /** The most probable class (ties: the first in `classes`). */
  label: string;
  /** Its posterior probability. */
  confidence: number;
  posterior: Record<string, number>;
}

/** Accuracies are clamped here so one "perfect" worker cannot make a posterior exactly 0 or 1. */
const MIN_ACCURACY = 0.01;
const MAX_ACCURACY = 0.99;

/**
 * @param classes every class the item may take (at least the labels seen; more widen the prior).
 * @param accuracyOf a worker's accuracy in this item's domain, 0..1.
 * @param prior class prior (defaults to uniform).
 */
export function itemPosterior(
  judgments: readonly Judgment[],
  classes: readonly string[],
  accuracyOf: (worker: string) => number,
  prior?: Readonly<Record<string, number>>,
): ItemPosterior {
  const all = [...classes];
  for (const j of judgments) if (!all.includes(j.label)) all.push(j.label);
  if (all.length === 0) throw new Error('itemPosterior needs at least one class');
  const k = all.length;
  const logp = all.map((c) => Math.log(prior?.[c] ?? 1 / k));
  for (const j of judgments) {
    const p = Math.min(MAX_ACCURACY, Math.max(MIN_ACCURACY, accuracyOf(j.worker)));
    const hit = Math.log(p);
    const miss = k > 1 ? Math.log((1 - p) / (k - 1)) : 0;
    for (let c = 0; c < k; c++) logp[c] += all[c] === j.label ? hit : miss;
  }
  const max = Math.max(...logp);
  const weights = logp.map((l) => Math.exp(l - max));
  const total = weights.reduce((a, b) => a + b, 0);
  const posterior: Record<string, number> = {};
  let best = 0;
  all.forEach((c, i) => {
    posterior[c] = weights[i] / total;
    if (weights[i] > weights[best]) best = i;
  });
  return { label: all[best], confidence: weights[best] / total, posterior };
}
