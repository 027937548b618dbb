/** Building blocks shared by the inference methods: vote counting, softmax, gold clamping, decisions. */
import type { EncodedLabels } from '../encoded.js';
import { createRng } from '../random.js';
import type { InferenceResult } from './types.js';

/** Vote counts (optionally weighted) per task × class. */
export function voteCounts(data: EncodedLabels, weights?: Float64Array): Float64Array {
  const K = data.classNames.length;
  const counts = new Float64Array(data.taskNames.length * K);
  const { workers, tasks, labels } = data;
  for (let i = 0; i < labels.length; i++) counts[tasks[i] * K + labels[i]] += weights ? weights[workers[i]] : 1;
  return counts;
}

/** Normalises each row to sum 1 (uniform where a row sums to 0). */
export function normalizeRows(values: Float64Array, K: number): Float64Array {
  for (let r = 0; r < values.length; r += K) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += values[r + k];
    if (sum > 0) for (let k = 0; k < K; k++) values[r + k] /= sum;
    else for (let k = 0; k < K; k++) values[r + k] = 1 / K;
  }
  return values;
}

/** Majority-vote posteriors (vote shares): the usual EM initialisation. */
export function majorityPosteriors(data: EncodedLabels): Float64Array {
  return normalizeRows(voteCounts(data), data.classNames.length);
}

/** Turns log-scores into posteriors in `out`; returns Σ_task log Σ_k exp(score), the log-likelihood. */
export function softmaxRows(logScores: Float64Array, K: number, out: Float64Array): number {
  let logLik = 0;
  for (let r = 0; r < logScores.length; r += K) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (logScores[r + k] > max) max = logScores[r + k];
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(logScores[r + k] - max);
      out[r + k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) out[r + k] /= sum;
    logLik += max + Math.log(sum);
  }
  return logLik;
}

/** Sets gold tasks' posteriors to the one-hot gold class. */
export function clampGold(posteriors: Float64Array, K: number, gold?: Int32Array): void {
  if (!gold) return;
  for (let t = 0; t < gold.length; t++) {
    if (gold[t] < 0) continue;
    for (let k = 0; k < K; k++) posteriors[t * K + k] = k === gold[t] ? 1 : 0;
  }
}

/**
 * The E-step shared by the iterative methods: new posteriors from log-scores (gold clamped), and
 * whether they moved less than `tolerance` since the last round. `previous` is scratch space.
 */
export function updatePosteriors(
  scores: Float64Array,
  K: number,
  post: Float64Array,
  previous: Float64Array,
  tolerance: number,
  gold?: Int32Array,
): boolean {
  previous.set(post);
  softmaxRows(scores, K, post);
  clampGold(post, K, gold);
  return maxAbsChange(post, previous) < tolerance;
}

/** Largest absolute difference between two arrays (convergence check). */
export function maxAbsChange(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > m) m = d;
  }
  return m;
}

const TIE_EPSILON = 1e-12;

/**
 * Picks per task the class with the highest posterior. Ties (within 1e-12) are broken by a
 * seeded random draw, one per tied task in task order, and their size is recorded.
 */
export function decide(
  data: EncodedLabels,
  posteriors: Float64Array,
  rest: {
    method: string;
    workerReliability: Float64Array;
    confusion?: Float64Array;
    iterations: number;
    converged: boolean;
    seed?: number;
  },
): InferenceResult {
  const K = data.classNames.length,
    T = data.taskNames.length;
  const labels = new Int32Array(T),
    confidence = new Float64Array(T),
    tieSize = new Int32Array(T);
  const rng = createRng(rest.seed ?? 0);
  const tied: number[] = [];
  for (let t = 0; t < T; t++) {
    const r = t * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (posteriors[r + k] > max) max = posteriors[r + k];
    tied.length = 0;
    for (let k = 0; k < K; k++) if (posteriors[r + k] >= max - TIE_EPSILON) tied.push(k);
    labels[t] = tied.length === 1 ? tied[0] : tied[rng.int(tied.length)];
    confidence[t] = posteriors[r + labels[t]];
    tieSize[t] = tied.length;
  }
  const { seed: _seed, ...fields } = rest;
  return { ...fields, labels, confidence, posteriors, tieSize };
}

/** Each worker's share of labels that agree with the given per-task labels. */
export function agreementWithLabels(data: EncodedLabels, taskLabels: Int32Array): Float64Array {
  const W = data.workerNames.length;
  const hits = new Float64Array(W),
    totals = new Float64Array(W);
  for (let i = 0; i < data.labels.length; i++) {
    const w = data.workers[i];
    totals[w]++;
    if (data.labels[i] === taskLabels[data.tasks[i]]) hits[w]++;
  }
  for (let w = 0; w < W; w++) hits[w] = totals[w] > 0 ? hits[w] / totals[w] : 0;
  return hits;
}

/** Digamma ψ(x) for x > 0: recurrence up to 6, then the asymptotic series. */
export function digamma(x: number): number {
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return result + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}
