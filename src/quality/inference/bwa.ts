/**
 * BWA, Bayesian weighted averaging: Li, Rubinstein & Cohn (2019), "Truth Inference at Scale: A
 * Bayesian Model for Adjudicating Highly Redundant Crowd Annotations", WWW.
 *
 * Model, one class k at a time (one-vs-rest): each label is a 0/1 indicator y_i = 1[l_i = k];
 * the task's truth is a real z_t; y_i ~ N(z_t, 1/v_w) with a per-worker precision
 * v_w ~ Gamma(a_v, b_v), and z_t ~ N(μ, 1/(λ·v)) around the crowd's mean μ. Coordinate ascent
 * (the paper's mean-field updates) alternates
 *   v_w = (a_v + n_w) / (b_v + Σ_{i: worker w} (z_t − y_i)²)
 *   z_t = (λ·μ + Σ_{i: task t} v_w·y_i) / (λ + Σ_{i: task t} v_w)
 * from vote shares, i.e. a weighted average whose weights are the workers' precisions. b_v is
 * set from the data: a_v times the mean squared deviation of labels from the vote shares,
 * scaled by 4(1 − 1/K) (the paper's prior correction). Defaults a_v = 15, λ = 1 as in the
 * paper. Each task's label is the class with the largest z; posteriors are the z normalised.
 *
 * Why: two numbers per worker and no confusion matrix, so it cannot overfit workers with few
 * labels, and every update is a pass over the labels (fast at any scale). It does best when many
 * workers see each task. Deterministic; the seed only breaks ties.
 */
import type { EncodedLabels } from '../encoded.js';
import { decide, normalizeRows, voteCounts } from './common.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export interface BwaOptions extends InferenceOptions {
  /** Gamma shape a_v of the worker precision prior. Default 15. */
  precisionShape?: number;
  /** λ, the prior precision of z relative to a worker's. Default 1. */
  priorWeight?: number;
}

export function bwa(data: EncodedLabels, options: BwaOptions = {}): InferenceResult {
  const K = data.classNames.length,
    T = data.taskNames.length,
    W = data.workerNames.length,
    N = data.labels.length;
  const { workers, tasks, labels } = data;
  const aV = options.precisionShape ?? 15,
    lambda = options.priorWeight ?? 1;
  const maxIterations = options.maxIterations ?? 500,
    tolerance = options.tolerance ?? 1e-3;
  const gold = options.gold;
  const z = normalizeRows(voteCounts(data), K); // vote shares
  clampOneHot(z, K, gold);
  const perWorker = new Float64Array(W),
    perTask = new Float64Array(T);
  for (let i = 0; i < N; i++) perWorker[workers[i]]++, perTask[tasks[i]]++;
  // b_v per class: a_v × mean over labels of z(1 − z) (the labels' variance about the vote share).
  const bV = new Float64Array(K);
  for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) bV[k] += perTask[t] * z[t * K + k] * (1 - z[t * K + k]);
  const correction = 4 * (1 - 1 / K);
  for (let k = 0; k < K; k++) bV[k] = (aV * bV[k] * correction) / Math.max(N, 1);
  const squared = new Float64Array(W * K),
    precision = new Float64Array(W * K);
  const numerator = new Float64Array(T * K),
    denominator = new Float64Array(T * K);
  const mean = new Float64Array(K);
  let iterations = 0,
    converged = false;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    mean.fill(0);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) mean[k] += z[t * K + k] / T;
    squared.fill(0);
    for (let i = 0; i < N; i++) {
      const r = tasks[i] * K,
        o = workers[i] * K,
        l = labels[i];
      for (let k = 0; k < K; k++) {
        const d = z[r + k] - (k === l ? 1 : 0);
        squared[o + k] += d * d;
      }
    }
    for (let w = 0; w < W; w++) for (let k = 0; k < K; k++) precision[w * K + k] = (aV + perWorker[w]) / (bV[k] + squared[w * K + k]);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) (numerator[t * K + k] = lambda * mean[k]), (denominator[t * K + k] = lambda);
    for (let i = 0; i < N; i++) {
      const r = tasks[i] * K,
        o = workers[i] * K;
      numerator[r + labels[i]] += precision[o + labels[i]];
      for (let k = 0; k < K; k++) denominator[r + k] += precision[o + k];
    }
    // Converged when every z moved less than `tolerance` relative to its value (numpy's allclose, rtol).
    let settled = true;
    for (let j = 0; j < T * K; j++) {
      const next = numerator[j] / denominator[j];
      if (Math.abs(next - z[j]) > 1e-8 + tolerance * Math.abs(z[j])) settled = false;
      z[j] = next;
    }
    clampOneHot(z, K, gold);
    if (settled) {
      converged = true;
      break;
    }
  }
  const posteriors = normalizeRows(z, K);
  // Reliability: the posterior probability that the worker's labels are right, on average.
  const reliability = new Float64Array(W);
  for (let i = 0; i < N; i++) reliability[workers[i]] += posteriors[tasks[i] * K + labels[i]] / perWorker[workers[i]];
  return decide(data, posteriors, {
    method: 'bwa',
    workerReliability: reliability,
    iterations: Math.min(iterations, maxIterations),
    converged,
    seed: options.seed,
  });
}

function clampOneHot(z: Float64Array, K: number, gold?: Int32Array): void {
  if (!gold) return;
  for (let t = 0; t < gold.length; t++) if (gold[t] >= 0) for (let k = 0; k < K; k++) z[t * K + k] = k === gold[t] ? 1 : 0;
}

export const bwaMethod: InferenceMethod = {
  name: 'bwa',
  description: 'BWA (Bayesian weighted averaging: one precision per worker and class, conjugate priors)',
  infer: bwa,
};
