/**
 * MACE: Hovy, Berg-Kirkpatrick, Vaswani & Hovy (2013), "Learning whom to trust with MACE",
 * NAACL-HLT.
 *
 * Model: z_t ~ Cat(π); for each label the worker is competent with probability θ_w (then
 * l_i = z_t) or spams with probability 1 − θ_w (then l_i ~ Cat(ξ_w), the worker's own habit):
 *   P(l | z = k) = θ_w 1[l = k] + (1 − θ_w) ξ_w[l].
 * Default (`mace`): EM from majority-vote posteriors with Beta(0.5, 0.5) / Dirichlet(0.5)
 * smoothing of θ and ξ (the paper's priors, used here as MAP pseudo-counts). Reliability = θ_w.
 *
 * `maceFit` also offers the variant the hierarchical Dawid–Skene builds on (see
 * hierarchicalDawidSkene.ts): variational Bayes (the paper's other estimator), empirical-Bayes
 * priors centred on the crowd (a worker with few labels looks like the average worker, not
 * like a coin), and worker parameters learned only from tasks another worker also labelled.
 */
import type { EncodedLabels } from '../encoded.js';
import { clampGold, decide, digamma, majorityPosteriors, updatePosteriors } from './common.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export interface MaceOptions extends InferenceOptions {
  /** Variational Bayes: use geometric-mean parameters exp(E[log θ]) instead of MAP estimates. */
  variational?: boolean;
  /**
   * Empirical Bayes: θ ~ Beta centred on the crowd's mean competence with this strength, and ξ
   * ~ Dirichlet centred on the crowd's pooled spamming habit with `strategyPriorStrength`.
   * Unset: the paper's fixed Beta(0.5, 0.5) and Dirichlet(0.5).
   */
  competencePriorStrength?: number;
  strategyPriorStrength?: number;
  /**
   * Learn worker parameters only from tasks with at least two labels. A task nobody else
   * labelled says nothing about its worker, yet EM would score the worker against the class
   * prior there and call a lone expert a spammer (the adult set's worst case).
   */
  sharedTasksOnly?: boolean;
}

/** The fitted worker model: P(l | z = k) = honest[w]·1[l = k] + guess[w]·habit[w·K + l]. */
export interface MaceWorkerModel {
  honest: Float64Array;
  guess: Float64Array;
  habit: Float64Array;
}

export function maceFit(data: EncodedLabels, options: MaceOptions = {}): { result: InferenceResult; model: MaceWorkerModel } {
  const K = data.classNames.length,
    T = data.taskNames.length,
    W = data.workerNames.length,
    N = data.labels.length;
  const { workers, tasks, labels } = data;
  const maxIterations = options.maxIterations ?? 100,
    tolerance = options.tolerance ?? 1e-5;
  const post = majorityPosteriors(data);
  clampGold(post, K, options.gold);
  const shared = sharedLabelMask(data, options.sharedTasksOnly ?? false);
  // honest = θ, guess = 1 − θ, habit = ξ (or their geometric means under variational Bayes).
  const honest = new Float64Array(W).fill(0.8),
    guess = new Float64Array(W).fill(0.2),
    habit = new Float64Array(W * K).fill(1 / K);
  const competent = new Float64Array(W),
    spam = new Float64Array(W * K),
    totals = new Float64Array(W);
  const competentGivenRight = new Float64Array(W * K),
    logBoost = new Float64Array(W * K),
    pooledHabit = new Float64Array(K);
  const logPrior = new Float64Array(K),
    scores = new Float64Array(T * K),
    previous = new Float64Array(T * K);
  for (let i = 0; i < N; i++) if (shared[i]) totals[workers[i]]++;
  let iterations = 0,
    converged = false;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    // M-step: expected competent and spam counts under q and the current θ, ξ. The share of a
    // label l from worker w that is competent, given the truth is l, depends only on (w, l).
    for (let w = 0; w < W; w++)
      for (let l = 0; l < K; l++) competentGivenRight[w * K + l] = honest[w] / (honest[w] + guessing(guess[w], habit[w * K + l]));
    competent.fill(0);
    spam.fill(0);
    for (let i = 0; i < N; i++) {
      if (!shared[i]) continue;
      const w = workers[i],
        l = labels[i];
      const competentShare = post[tasks[i] * K + l] * competentGivenRight[w * K + l];
      competent[w] += competentShare;
      spam[w * K + l] += 1 - competentShare;
    }
    updateWorkers(options, { K, W, competent, spam, totals, honest, guess, habit, pooledHabit });
    logPrior.fill(0.01);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) logPrior[k] += post[t * K + k];
    for (let k = 0; k < K; k++) logPrior[k] = Math.log(logPrior[k] / (T + 0.01 * K));
    // E-step: guess·ξ_l is common to every k, so only k = l gets a relative boost.
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) scores[t * K + k] = logPrior[k];
    for (let w = 0; w < W; w++)
      for (let l = 0; l < K; l++) {
        const g = guessing(guess[w], habit[w * K + l]);
        logBoost[w * K + l] = Math.log(honest[w] + g) - Math.log(g);
      }
    for (let i = 0; i < N; i++) scores[tasks[i] * K + labels[i]] += logBoost[workers[i] * K + labels[i]];
    if (updatePosteriors(scores, K, post, previous, tolerance, options.gold)) {
      converged = true;
      break;
    }
  }
  const result = decide(data, post, {
    method: 'mace',
    workerReliability: honest,
    iterations: Math.min(iterations, maxIterations),
    converged,
    seed: options.seed,
  });
  return { result, model: { honest, guess, habit } };
}

export function mace(data: EncodedLabels, options: MaceOptions = {}): InferenceResult {
  return maceFit(data, options).result;
}

/**
 * P(a spammed label is l) = (1 − θ)·ξ_l, floored: under variational Bayes a class nobody spams on
 * gets exp(ψ(tiny)), which underflows to 0, and log 0 would poison the posteriors with NaN.
 */
function guessing(guess: number, habit: number): number {
  return Math.max(guess * habit, 1e-300);
}

/** Per label: does it count as evidence about its worker? */
export function sharedLabelMask(data: EncodedLabels, sharedOnly: boolean): Uint8Array {
  const mask = new Uint8Array(data.labels.length).fill(1);
  if (!sharedOnly) return mask;
  const perTask = new Int32Array(data.taskNames.length);
  for (let i = 0; i < data.tasks.length; i++) perTask[data.tasks[i]]++;
  for (let i = 0; i < data.tasks.length; i++) if (perTask[data.tasks[i]] < 2) mask[i] = 0;
  return mask;
}

interface WorkerState {
  K: number;
  W: number;
  competent: Float64Array;
  spam: Float64Array;
  totals: Float64Array;
  honest: Float64Array;
  guess: Float64Array;
  habit: Float64Array;
  pooledHabit: Float64Array;
}

/** θ and ξ from the expected counts plus their priors (fixed or centred on the crowd). */
function updateWorkers(options: MaceOptions, s: WorkerState): void {
  const { K, W, competent, spam, totals, honest, guess, habit, pooledHabit } = s;
  let competentPrior = 0.5,
    spamPrior = 0.5;
  if (options.competencePriorStrength !== undefined) {
    let c = 0,
      n = 0;
    for (let w = 0; w < W; w++) (c += competent[w]), (n += totals[w]);
    // Clamped: a crowd that agrees perfectly must not make a zero prior (and log 0) for anyone.
    const mean = n > 0 ? Math.min(0.99, Math.max(0.01, c / n)) : 0.5;
    competentPrior = options.competencePriorStrength * mean;
    spamPrior = options.competencePriorStrength * (1 - mean);
  }
  const strategyStrength = options.strategyPriorStrength;
  pooledHabit.fill(1 / K);
  if (strategyStrength !== undefined) {
    let total = 0;
    pooledHabit.fill(0);
    for (let w = 0; w < W; w++) for (let l = 0; l < K; l++) (pooledHabit[l] += spam[w * K + l]), (total += spam[w * K + l]);
    for (let l = 0; l < K; l++) pooledHabit[l] = (pooledHabit[l] + 0.01) / (total + 0.01 * K);
  }
  const habitPrior = (l: number) => (strategyStrength === undefined ? 0.5 : strategyStrength * pooledHabit[l]);
  const habitTotal = strategyStrength === undefined ? 0.5 * K : strategyStrength;
  const f = options.variational ? (x: number) => Math.exp(digamma(x)) : (x: number) => x;
  for (let w = 0; w < W; w++) {
    const a = competent[w] + competentPrior,
      b = totals[w] - competent[w] + spamPrior;
    let spamTotal = 0;
    for (let l = 0; l < K; l++) spamTotal += spam[w * K + l];
    const normHonest = f(a + b),
      normHabit = f(spamTotal + habitTotal);
    honest[w] = f(a) / normHonest;
    guess[w] = f(Math.max(b, 1e-12)) / normHonest;
    for (let l = 0; l < K; l++) habit[w * K + l] = f(spam[w * K + l] + habitPrior(l)) / normHabit;
  }
}

export const maceMethod: InferenceMethod = { name: 'mace', description: 'MACE (competence vs spamming strategy)', infer: mace };
