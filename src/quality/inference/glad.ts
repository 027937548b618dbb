/**
 * GLAD: Whitehill, Ruvolo, Wu, Bergsma & Movellan (2009), "Whose vote should count more:
 * optimal integration of labels from labelers of unknown expertise", NeurIPS.
 *
 * Model (multi-class form, as in the paper's extension and crowd-kit): worker ability α_w ∈ ℝ,
 * task easiness β_t = exp(b_t) > 0,
 *   P(l_i = z_t) = σ(α_w β_t),  P(l_i = k ≠ z_t) = (1 − σ(α_w β_t)) / (K − 1).
 * Priors α_w ~ N(1, 1), b_t ~ N(0, 10); uniform class prior (as in the paper). EM: the E-step gives q_t(k); the M-step maximises the
 * expected complete log-likelihood with a few damped (Gauss-)Newton steps on α and b instead
 * of the paper's generic gradient ascent — same fixed point, far fewer passes.
 */
import type { EncodedLabels } from '../encoded.js';
import { clampGold, decide, majorityPosteriors, updatePosteriors } from './common.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const MAX_STEP = 1;
/** Prior precision of b = log β: N(0, 10), nearly flat, close to the paper's unregularised fit. */
const EASINESS_PRECISION = 0.1;
const clip = (x: number): number => Math.max(-MAX_STEP, Math.min(MAX_STEP, x));

export function glad(data: EncodedLabels, options: InferenceOptions = {}): InferenceResult {
  const K = data.classNames.length,
    T = data.taskNames.length,
    W = data.workerNames.length,
    N = data.labels.length;
  const { workers, tasks, labels } = data;
  const maxIterations = options.maxIterations ?? 100,
    tolerance = options.tolerance ?? 1e-5;
  const post = majorityPosteriors(data);
  clampGold(post, K, options.gold);
  const alpha = new Float64Array(W).fill(1),
    logBeta = new Float64Array(T);
  const grad = new Float64Array(Math.max(W, T)),
    hess = new Float64Array(Math.max(W, T));
  const scores = new Float64Array(T * K),
    previous = new Float64Array(T * K);
  const logWrong = Math.log(Math.max(1, K - 1));
  let iterations = 0,
    converged = false;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    for (let step = 0; step < 2; step++) {
      // Newton step on α (the objective is concave in α for fixed β).
      for (let w = 0; w < W; w++) (grad[w] = -(alpha[w] - 1)), (hess[w] = 1);
      for (let i = 0; i < N; i++) {
        const beta = Math.exp(logBeta[tasks[i]]),
          s = sigmoid(alpha[workers[i]] * beta);
        const pCorrect = post[tasks[i] * K + labels[i]];
        grad[workers[i]] += (pCorrect - s) * beta;
        hess[workers[i]] += s * (1 - s) * beta * beta;
      }
      for (let w = 0; w < W; w++) alpha[w] += clip(grad[w] / hess[w]);
      // Gauss–Newton step on b = log β.
      for (let t = 0; t < T; t++) (grad[t] = -logBeta[t] * EASINESS_PRECISION), (hess[t] = EASINESS_PRECISION);
      for (let i = 0; i < N; i++) {
        const x = alpha[workers[i]] * Math.exp(logBeta[tasks[i]]),
          s = sigmoid(x);
        const pCorrect = post[tasks[i] * K + labels[i]];
        grad[tasks[i]] += (pCorrect - s) * x;
        hess[tasks[i]] += s * (1 - s) * x * x;
      }
      for (let t = 0; t < T; t++) logBeta[t] += clip(grad[t] / hess[t]);
    }
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) scores[t * K + k] = 0; // uniform class prior, as in the paper
    for (let i = 0; i < N; i++) {
      const x = alpha[workers[i]] * Math.exp(logBeta[tasks[i]]);
      // log σ(x) − log((1 − σ(x))/(K − 1)) = x + log(K − 1).
      scores[tasks[i] * K + labels[i]] += x + logWrong;
    }
    if (updatePosteriors(scores, K, post, previous, tolerance, options.gold)) {
      converged = true;
      break;
    }
  }
  // Reliability: P(correct) on a task of average easiness (β = 1).
  const reliability = alpha.map((a) => sigmoid(a));
  return decide(data, post, {
    method: 'glad',
    workerReliability: reliability,
    iterations: Math.min(iterations, maxIterations),
    converged,
    seed: options.seed,
  });
}

export const gladMethod: InferenceMethod = { name: 'glad', description: 'GLAD (worker ability × task easiness)', infer: glad };
