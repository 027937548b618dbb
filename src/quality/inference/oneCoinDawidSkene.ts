/**
 * One-coin Dawid–Skene (the "symmetric" model; e.g. Zhang, Chen, Zhou & Jordan 2014, "Spectral
 * methods meet EM", NeurIPS, §2): worker w is right with probability p_w and otherwise picks
 * one of the K−1 wrong classes uniformly:
 *   P(l | z = k) = p_w if l = k, (1 − p_w)/(K − 1) otherwise.
 * Uniform class prior (as in ZenCrowd, Demartini et al. 2012). EM from majority-vote posteriors; p_w = (Σ_i q_{task(i)}(l_i) + s) / (n_w + 2s), s = smoothing.
 */
import type { EncodedLabels } from '../encoded.js';
import { clampGold, decide, majorityPosteriors, updatePosteriors } from './common.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export function oneCoinDawidSkene(data: EncodedLabels, options: InferenceOptions & { smoothing?: number } = {}): InferenceResult {
  const K = data.classNames.length,
    T = data.taskNames.length,
    W = data.workerNames.length;
  const { workers, tasks, labels } = data;
  const smoothing = options.smoothing ?? 0.01;
  const maxIterations = options.maxIterations ?? 100,
    tolerance = options.tolerance ?? 1e-6;
  const post = majorityPosteriors(data);
  clampGold(post, K, options.gold);
  const accuracy = new Float64Array(W),
    totals = new Float64Array(W),
    logOdds = new Float64Array(W);
  const scores = new Float64Array(T * K),
    previous = new Float64Array(T * K);
  for (let i = 0; i < labels.length; i++) totals[workers[i]]++;
  let iterations = 0,
    converged = false;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    accuracy.fill(smoothing);
    for (let i = 0; i < labels.length; i++) accuracy[workers[i]] += post[tasks[i] * K + labels[i]];
    for (let w = 0; w < W; w++) {
      const p = accuracy[w] / (totals[w] + 2 * smoothing);
      accuracy[w] = p;
      // A correct-class vote adds log p − log((1−p)/(K−1)) relative to the other classes.
      logOdds[w] = Math.log(p) - Math.log((1 - p) / Math.max(1, K - 1));
    }
    scores.fill(0); // uniform class prior (as ZenCrowd): a learned prior lets one class absorb all
    for (let i = 0; i < labels.length; i++) scores[tasks[i] * K + labels[i]] += logOdds[workers[i]];
    if (updatePosteriors(scores, K, post, previous, tolerance, options.gold)) {
      converged = true;
      break;
    }
  }
  return decide(data, post, {
    method: 'ds1',
    workerReliability: accuracy,
    iterations: Math.min(iterations, maxIterations),
    converged,
    seed: options.seed,
  });
}

export const oneCoinDawidSkeneMethod: InferenceMethod = {
  name: 'ds1',
  description: 'one-coin Dawid–Skene (one accuracy per worker)',
  infer: oneCoinDawidSkene,
};
