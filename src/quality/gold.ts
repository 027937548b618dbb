/**
 * Accuracy against gold answers, with Wilson score intervals (Wilson 1927, "Probable inference,
 * the law of succession, and statistical inference", JASA 22), overall and per worker.
 */
import type { EncodedLabels } from './encoded.js';

export interface Proportion {
  correct: number;
  total: number;
  value: number;
  lower: number;
  upper: number;
}

/** Wilson score interval for `correct` successes out of `total` (z = 1.96 → 95 %). */
export function wilsonInterval(correct: number, total: number, z = 1.959963984540054): Proportion {
  if (total <= 0) return { correct, total, value: NaN, lower: 0, upper: 1 };
  const p = correct / total,
    z2 = z * z;
  const centre = (p + z2 / (2 * total)) / (1 + z2 / total);
  const half = (z / (1 + z2 / total)) * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  // At 0 or all correct the bound is exactly 0 or 1; avoid rounding to 0.9999999999999999.
  return {
    correct,
    total,
    value: p,
    lower: correct <= 0 ? 0 : Math.max(0, centre - half),
    upper: correct >= total ? 1 : Math.min(1, centre + half),
  };
}

/**
 * Share of gold tasks whose predicted class equals gold. With `posteriors` (nTasks × K) a task
 * whose top posterior is shared by m classes including gold counts 1/m — the fractional tie
 * rule behind the published majority-vote figures.
 */
export function goldAccuracy(predicted: Int32Array, gold: Int32Array, posteriors?: Float64Array, nClasses?: number): Proportion {
  let correct = 0,
    total = 0;
  for (let t = 0; t < gold.length; t++) {
    if (gold[t] < 0) continue;
    total++;
    if (posteriors && nClasses) {
      const r = t * nClasses;
      let max = -Infinity;
      for (let k = 0; k < nClasses; k++) max = Math.max(max, posteriors[r + k]);
      let tied = 0;
      for (let k = 0; k < nClasses; k++) if (posteriors[r + k] >= max - 1e-12) tied++;
      if (posteriors[r + gold[t]] >= max - 1e-12) correct += 1 / tied;
    } else if (predicted[t] === gold[t]) correct++;
  }
  return wilsonInterval(correct, total);
}

/** Per worker: how many of their labels on gold tasks match gold, with Wilson intervals. */
export function workerGoldAccuracy(data: EncodedLabels, gold: Int32Array): Proportion[] {
  const W = data.workerNames.length;
  const hits = new Float64Array(W),
    totals = new Float64Array(W);
  for (let i = 0; i < data.labels.length; i++) {
    const g = gold[data.tasks[i]];
    if (g < 0) continue;
    totals[data.workers[i]]++;
    if (data.labels[i] === g) hits[data.workers[i]]++;
  }
  return Array.from({ length: W }, (_, w) => wilsonInterval(hits[w], totals[w]));
}
