/**
 * The EM engine behind Dawid–Skene and its Bayesian variant (IBCC). Workers are described by
 * confusion matrices θ_w[k][l] = P(worker w says l | truth k); classes by a prior π.
 *
 * M-step: counts n_w[k][l] = a_{kl} + Σ_{i: worker w, label l} q_{task(i)}(k), where a is a
 * pseudo-count (smoothing for DS, the Dirichlet prior for IBCC). DS uses log θ = log(n / Σ_l n);
 * IBCC uses the variational expectation E[log θ] = ψ(n) − ψ(Σ_l n).
 * E-step: log q_t(k) = log π_k + Σ_{i: task t} log θ_{worker(i)}[k][l_i], normalised.
 *
 * Hot loops touch only typed arrays; the confusion tensor is stored [worker][observed][true]
 * so that the inner loop over the true class is contiguous.
 */
import type { EncodedLabels } from '../encoded.js';
import { clampGold, decide, digamma, majorityPosteriors, softmaxRows } from './common.js';
import { countKernel, scoreKernel } from './kernels.js';
import type { InferenceOptions, InferenceResult } from './types.js';

export interface ConfusionEmSettings {
  method: string;
  /** Pseudo-count on the diagonal (correct answers) of each confusion row. */
  diagonalPrior: number;
  /** Pseudo-count off the diagonal. */
  offDiagonalPrior: number;
  /** Pseudo-count per class on the class prior. */
  classPrior: number;
  /** true: variational Bayes (digamma expectations); false: maximum a posteriori point estimates. */
  bayesian: boolean;
  /**
   * Empirical-Bayes shrinkage: if > 0, each worker's row k also gets this many pseudo-counts
   * spread as the pooled (all-worker) confusion row k of the current expected counts.
   */
  pooledPriorStrength?: number;
  /**
   * Hierarchical prior: per worker, a prior mean for every confusion row (layout
   * [worker][observed][true], each row over `observed` summing to 1), added as
   * `workerPriorStrength` pseudo-counts spread by that mean.
   */
  workerPriorMean?: Float64Array;
  workerPriorStrength?: number;
  /** Count a worker's labels only on tasks with at least two labels (see MaceOptions.sharedTasksOnly). */
  sharedTasksOnly?: boolean;
  defaultMaxIterations: number;
  defaultTolerance: number;
}

export function confusionEm(data: EncodedLabels, options: InferenceOptions, s: ConfusionEmSettings): InferenceResult {
  const K = data.classNames.length,
    T = data.taskNames.length,
    W = data.workerNames.length,
    N = data.labels.length;
  const { workers, tasks, labels } = data;
  const maxIterations = options.maxIterations ?? s.defaultMaxIterations;
  const tolerance = options.tolerance ?? s.defaultTolerance;
  const post = majorityPosteriors(data);
  clampGold(post, K, options.gold);
  const counts = new Float64Array(W * K * K);
  const logTheta = new Float64Array(W * K * K);
  const logPrior = new Float64Array(K);
  const classTotals = new Float64Array(K);
  const scores = new Float64Array(T * K);
  const f = s.bayesian ? digamma : Math.log;
  // Labels regrouped by task (counting sort), each as its confusion-row offset (w·K + l)·K:
  // both passes then read one Int32Array sequentially and write one task row at a time.
  const taskStart = new Int32Array(T + 1);
  for (let i = 0; i < N; i++) taskStart[tasks[i] + 1]++;
  for (let t = 0; t < T; t++) taskStart[t + 1] += taskStart[t];
  const rowOffset = new Int32Array(N);
  const accumulateCounts = countKernel(K),
    accumulateScores = scoreKernel(K);
  {
    const fill = taskStart.slice(0, T);
    for (let i = 0; i < N; i++) rowOffset[fill[tasks[i]]++] = (workers[i] * K + labels[i]) * K;
  }
  const pooledStrength = s.pooledPriorStrength ?? 0;
  const pooled = new Float64Array(K * K); // [observed][true]
  // Posteriors with the rows of single-label tasks zeroed: the counts' evidence about workers.
  const sharedTasks = s.sharedTasksOnly ?? false;
  const evidence = sharedTasks ? new Float64Array(T * K) : post;
  let logLik = -Infinity,
    iterations = 0,
    converged = false;

  for (iterations = 1; iterations <= maxIterations; iterations++) {
    // M-step: expected confusion counts plus prior.
    for (let w = 0; w < W; w++)
      for (let l = 0; l < K; l++) for (let k = 0; k < K; k++) counts[(w * K + l) * K + k] = k === l ? s.diagonalPrior : s.offDiagonalPrior;
    if (sharedTasks) {
      evidence.set(post);
      for (let t = 0; t < T; t++) if (taskStart[t + 1] - taskStart[t] < 2) evidence.fill(0, t * K, t * K + K);
    }
    accumulateCounts(counts, sharedTasks ? evidence : post, rowOffset, taskStart, T);
    if (s.workerPriorMean) {
      const mean = s.workerPriorMean,
        strength = s.workerPriorStrength ?? 1;
      for (let j = 0; j < W * K * K; j++) counts[j] += strength * mean[j];
    }
    if (pooledStrength > 0) {
      // Shared prior: the all-worker data counts (counts minus their base prior), each row
      // scaled to the strength, then added to every worker's row.
      pooled.fill(0);
      for (let w = 0; w < W; w++) for (let j = 0; j < K * K; j++) pooled[j] += counts[w * K * K + j];
      for (let l = 0; l < K; l++) for (let k = 0; k < K; k++) pooled[l * K + k] -= W * (k === l ? s.diagonalPrior : s.offDiagonalPrior);
      for (let k = 0; k < K; k++) {
        let rowSum = 0;
        for (let l = 0; l < K; l++) rowSum += pooled[l * K + k];
        for (let l = 0; l < K; l++) pooled[l * K + k] = rowSum > 0 ? (pooledStrength * pooled[l * K + k]) / rowSum : pooledStrength / K;
      }
      for (let w = 0; w < W; w++) for (let j = 0; j < K * K; j++) counts[w * K * K + j] += pooled[j];
    }
    for (let w = 0; w < W; w++) {
      for (let k = 0; k < K; k++) {
        let rowSum = 0;
        for (let l = 0; l < K; l++) rowSum += counts[(w * K + l) * K + k];
        const norm = f(rowSum);
        for (let l = 0; l < K; l++) logTheta[(w * K + l) * K + k] = f(counts[(w * K + l) * K + k]) - norm;
      }
    }
    if (iterations === 1) {
      classTotals.fill(s.classPrior);
      for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) classTotals[k] += post[t * K + k];
    } // later iterations: summed by the previous E-step
    let total = 0;
    for (let k = 0; k < K; k++) total += classTotals[k];
    for (let k = 0; k < K; k++) logPrior[k] = f(classTotals[k]) - f(total);

    // E-step.
    accumulateScores(scores, logTheta, logPrior, rowOffset, taskStart, T);
    const newLogLik = softmaxRows(scores, K, post);
    clampGold(post, K, options.gold);
    classTotals.fill(s.classPrior);
    for (let t = 0, r = 0; t < T; t++, r += K) for (let k = 0; k < K; k++) classTotals[k] += post[r + k];
    const relative = Math.abs(newLogLik - logLik) / Math.max(1, Math.abs(newLogLik));
    logLik = newLogLik;
    if (relative < tolerance) {
      converged = true;
      break;
    }
  }
  iterations = Math.min(iterations, maxIterations);

  // Report θ as normalised point estimates in [worker][true][observed] order.
  const confusion = new Float64Array(W * K * K);
  const reliability = new Float64Array(W);
  const prior = new Float64Array(K);
  let priorTotal = 0;
  for (let k = 0; k < K; k++) priorTotal += classTotals[k];
  for (let k = 0; k < K; k++) prior[k] = classTotals[k] / priorTotal;
  for (let w = 0; w < W; w++) {
    for (let k = 0; k < K; k++) {
      let rowSum = 0;
      for (let l = 0; l < K; l++) rowSum += counts[(w * K + l) * K + k];
      for (let l = 0; l < K; l++) confusion[(w * K + k) * K + l] = counts[(w * K + l) * K + k] / rowSum;
      reliability[w] += prior[k] * confusion[(w * K + k) * K + k];
    }
  }
  return decide(data, post, { method: s.method, workerReliability: reliability, confusion, iterations, converged, seed: options.seed });
}
