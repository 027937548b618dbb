/**
 * MACE: Hovy, Berg-Kirkpatrick, Vaswani & Hovy (2013), "Learning whom to trust with MACE",
 * NAACL-HLT.
 *
 * Model: z_t ~ Cat(π); for each label the worker is competent with probability θ_w (then
 * l_i = z_t) or spams with probability 1 − θ_w (then l_i ~ Cat(ξ_w), the worker's own habit):
 *   P(l | z = k) = θ_w 1[l = k] + (1 − θ_w) ξ_w[l].
 * EM from majority-vote posteriors with Beta(a, b) / Dirichlet(c) smoothing of θ and ξ (the
 * paper's priors, used here as MAP pseudo-counts). Reliability = θ_w.
 */
import type { EncodedLabels } from '../encoded.js';
import { clampGold, decide, majorityPosteriors, updatePosteriors } from './common.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export function mace(data: EncodedLabels, options: InferenceOptions = {}): InferenceResult {
  const K = data.classNames.length, T = data.taskNames.length, W = data.workerNames.length, N = data.labels.length;
  const { workers, tasks, labels } = data;
  const maxIterations = options.maxIterations ?? 100, tolerance = options.tolerance ?? 1e-5;
  const competentPrior = 0.5, spamPrior = 0.5, strategyPrior = 0.5;
  const post = majorityPosteriors(data);
  clampGold(post, K, options.gold);
  const theta = new Float64Array(W).fill(0.8), strategy = new Float64Array(W * K).fill(1 / K);
  const competent = new Float64Array(W), spam = new Float64Array(W * K), totals = new Float64Array(W);
  const competentGivenRight = new Float64Array(W * K), logBoost = new Float64Array(W * K);
  const logPrior = new Float64Array(K), scores = new Float64Array(T * K), previous = new Float64Array(T * K);
  for (let i = 0; i < N; i++) totals[workers[i]]++;
  let iterations = 0, converged = false;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    // M-step: expected competent and spam counts under q and the current θ, ξ. The share of a
    // label l from worker w that is competent, given the truth is l, depends only on (w, l).
    for (let w = 0; w < W; w++)
      for (let l = 0; l < K; l++) {
        const honest = theta[w], guess = (1 - theta[w]) * strategy[w * K + l];
        competentGivenRight[w * K + l] = honest / (honest + guess);
        logBoost[w * K + l] = Math.log(honest + guess) - Math.log(guess);
      }
    competent.fill(0);
    spam.fill(0);
    for (let i = 0; i < N; i++) {
      const w = workers[i], l = labels[i];
      const competentShare = post[tasks[i] * K + l] * competentGivenRight[w * K + l];
      competent[w] += competentShare;
      spam[w * K + l] += 1 - competentShare;
    }
    for (let w = 0; w < W; w++) {
      theta[w] = (competent[w] + competentPrior) / (totals[w] + competentPrior + spamPrior);
      let spamTotal = 0;
      for (let l = 0; l < K; l++) spamTotal += spam[w * K + l];
      for (let l = 0; l < K; l++) strategy[w * K + l] = (spam[w * K + l] + strategyPrior) / (spamTotal + K * strategyPrior);
    }
    logPrior.fill(0.01);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) logPrior[k] += post[t * K + k];
    for (let k = 0; k < K; k++) logPrior[k] = Math.log(logPrior[k] / (T + 0.01 * K));
    // E-step: (1 − θ)ξ_l is common to every k, so only k = l gets a relative boost.
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) scores[t * K + k] = logPrior[k];
    for (let w = 0; w < W; w++)
      for (let l = 0; l < K; l++) {
        const guess = (1 - theta[w]) * strategy[w * K + l];
        logBoost[w * K + l] = Math.log(theta[w] + guess) - Math.log(guess);
      }
    for (let i = 0; i < N; i++) scores[tasks[i] * K + labels[i]] += logBoost[workers[i] * K + labels[i]];
    if (updatePosteriors(scores, K, post, previous, tolerance, options.gold)) {
      converged = true;
      break;
    }
  }
  return decide(data, post, { method: 'mace', workerReliability: theta, iterations: Math.min(iterations, maxIterations), converged, seed: options.seed });
}

export const maceMethod: InferenceMethod = { name: 'mace', description: 'MACE (competence vs spamming strategy)', infer: mace };
