/**
 * Per-worker accuracy for the one-coin item posterior (itemPosterior): a calibrated estimate of
 * P(the worker's label = the true label), from a batch fit's posteriors — not the method's
 * `workerReliability`, which is a different quantity for most methods (MACE's θ is a competence:
 * P(label = truth) = θ + (1 − θ)·ξ[truth]) and which is optimistic on the labels adaptive overlap
 * keeps (items close when labels agree, and a worker's own label is part of the posterior they
 * are scored against; a worker alone on an item agrees with it perfectly).
 *
 * Estimator (leave-one-out expected agreement, shrunk toward a prior, capped, lowered for class bias):
 *   q_t        the batch posterior of task t (any method: result.posteriors);
 *   q_t^{−w}   q_t with worker w's own labels on t divided out, under the one-coin log-linear
 *              score every such posterior has: a label l from a worker of accuracy p adds
 *              b = log(p (K − 1) / (1 − p)) to class l's log-score, so q^{−w}(k) ∝ q(k)·e^{−b·[k = l]}
 *              (exact for one-coin DS, and for MACE with a uniform spamming habit, whose boost is
 *              the one-coin boost at p = θ + (1 − θ)/K);
 *   n_w        w's labels on tasks that another worker also labelled (a worker alone on a task
 *              gains no evidence from it: with itself divided out, its posterior is the prior);
 *   S_w        Σ over those labels of q_t^{−w}(label);
 *   p_w        min(cap, (S_w + s·m) / (n_w + s)): a Beta(s·m, s·(1 − m)) prior's posterior mean,
 *              then (classBias) min(p_w, the one-coin accuracy worth as much as w's weakest label
 *              under its left-out confusion matrix), so a worker who says one class regardless
 *              does not close items with it.
 * Defaults m = 0.7, s = 4, cap = 0.95, confusion pseudo-counts 2 (WORKER_ACCURACY_DEFAULTS):
 * chosen on the adaptive-overlap replay (bench/adaptive.ts), not fitted per set.
 * The boosts b used to divide out depend on p, so p is iterated from the plain (not left-out)
 * agreement, with damping, a few times (3 rounds by default). Accuracies are kept in
 * [0.01, min(cap, 0.99)], as itemPosterior clamps them. Pure; O(labels × classes) per round,
 * plus O(labels on the task) per label to find a worker's own labels on it.
 */
import type { EncodedLabels } from '../encoded.js';
import type { InferenceResult } from '../inference/types.js';

export interface WorkerAccuracyOptions {
  /** Prior mean m of a worker's accuracy (the accuracy of a worker with no evidence). Default 0.7. */
  priorMean?: number;
  /** Prior strength s in pseudo-labels (0 = none). Default 4. */
  priorStrength?: number;
  /** Upper cap, so that no single worker makes an item certain alone. Default 0.95. */
  cap?: number;
  /** Divide each worker's own labels out of the posterior it is scored against. Default true. */
  leaveOneOut?: boolean;
  /**
   * A label counts as evidence only on tasks with at least this many labels from other workers.
   * Default 1 (a worker alone on a task is never evidence).
   */
  minOthers?: number;
  /** Rounds of the self-consistent leave-one-out (the boosts divided out come from the last round). Default 3. */
  rounds?: number;
  /**
   * Class-biased workers (right on one class, wrong on another): the one-coin boost of a label
   * must not exceed what the label is worth under the worker's class-conditional behaviour. When
   * true, p is lowered to the one-coin accuracy whose boost equals the worker's weakest label:
   * min over labels l of log(π_l(l) / max_{k≠l} π_k(l)), with π the worker's leave-one-out
   * confusion matrix shrunk toward the one-coin matrix at p (`confusionStrength` pseudo-labels per
   * true class), floored at 1/K (a label worth nothing). Only labels the worker has given count:
   * a label they never use never enters a posterior. Default true.
   */
  classBias?: boolean;
  /**
   * The class-bias check needs this many evidence labels to see a pattern; below it a handful of
   * soft counts would decide (a tutor who always agreed on three items could rank below one who
   * disagreed). Default 4 (bluebirds, where early refits matter most, loses ~0.6 pp more at 10).
   */
  classBiasMinLabels?: number;
  /** Pseudo-labels per true class pulling the confusion matrix toward the one-coin one. Default 2. */
  confusionStrength?: number;
  /**
   * Per task, a known class or -1 (the `gold` given to the fit). Those tasks are not evidence
   * here: the platform counts gold answers separately (quality/reliability/blend.ts), so counting
   * them again through the gold-clamped posterior would count them twice.
   */
  gold?: Int32Array;
}

export interface WorkerAccuracy {
  /** Per worker (data's worker index): estimated P(label = truth), in (0, 1). */
  accuracy: Float64Array;
  /** Per worker: the labels that counted as evidence (on tasks another worker also labelled). */
  labels: Int32Array;
}

export const WORKER_ACCURACY_DEFAULTS = {
  priorMean: 0.7,
  priorStrength: 4,
  cap: 0.95,
  leaveOneOut: true,
  rounds: 3,
  classBias: true,
  classBiasMinLabels: 4,
  confusionStrength: 2,
  minOthers: 1,
} as const;

/** Boosts are computed with p clamped like itemPosterior clamps its accuracies. */
const P_MIN = 0.01,
  P_MAX = 0.99;

export function estimateWorkerAccuracy(data: EncodedLabels, result: InferenceResult, options: WorkerAccuracyOptions = {}): WorkerAccuracy {
  const m = options.priorMean ?? WORKER_ACCURACY_DEFAULTS.priorMean;
  const s = options.priorStrength ?? WORKER_ACCURACY_DEFAULTS.priorStrength;
  const cap = options.cap ?? WORKER_ACCURACY_DEFAULTS.cap;
  const leaveOneOut = options.leaveOneOut ?? WORKER_ACCURACY_DEFAULTS.leaveOneOut;
  const minOthers = Math.max(1, options.minOthers ?? WORKER_ACCURACY_DEFAULTS.minOthers);
  const rounds = leaveOneOut ? Math.max(1, options.rounds ?? WORKER_ACCURACY_DEFAULTS.rounds) : 1;
  if (!(m > 0 && m < 1)) throw new Error('priorMean must be in (0, 1)');
  if (!(s >= 0)) throw new Error('priorStrength must be at least 0');
  if (!(cap > 0 && cap <= 1)) throw new Error('cap must be in (0, 1]');
  const K = data.classNames.length,
    T = data.taskNames.length,
    W = data.workerNames.length,
    N = data.labels.length;
  const { workers, tasks, labels } = data;
  const q = result.posteriors;
  if (q.length !== T * K) throw new Error('result.posteriors does not match data (nTasks × nClasses)');

  // Rows grouped by task (CSR), to find each worker's own rows on a task and whether others labelled it.
  const start = new Int32Array(T + 1);
  for (let i = 0; i < N; i++) start[tasks[i] + 1]++;
  for (let t = 0; t < T; t++) start[t + 1] += start[t];
  const byTask = new Int32Array(N),
    fill = start.slice(0, T);
  for (let i = 0; i < N; i++) byTask[fill[tasks[i]]++] = i;
  // Per row: does its task have a label from another worker? (the evidence condition)
  const shared = new Uint8Array(N);
  const evidence = new Int32Array(W);
  for (let t = 0; t < T; t++) {
    if ((options.gold?.[t] ?? -1) >= 0) continue;
    const a = start[t],
      b = start[t + 1];
    for (let x = a; x < b; x++) {
      const w = workers[byTask[x]];
      let others = 0;
      for (let y = a; y < b && others < minOthers; y++) if (workers[byTask[y]] !== w) others++;
      if (others >= minOthers) {
        shared[byTask[x]] = 1;
        evidence[w]++;
      }
    }
  }

  const accuracy = new Float64Array(W),
    sums = new Float64Array(W);
  const shrink = (): void => {
    for (let w = 0; w < W; w++) {
      const n = evidence[w];
      const p = n + s > 0 ? (sums[w] + s * m) / (n + s) : m;
      accuracy[w] = Math.min(cap, Math.max(P_MIN, Math.min(P_MAX, p)));
    }
  };
  // Start: plain expected agreement with the batch posterior (the worker's own label included).
  for (let i = 0; i < N; i++) if (shared[i]) sums[workers[i]] += q[tasks[i] * K + labels[i]];
  shrink();
  if (K < 2) return { accuracy, labels: evidence };

  const classBias = options.classBias ?? WORKER_ACCURACY_DEFAULTS.classBias;
  const cs = options.confusionStrength ?? WORKER_ACCURACY_DEFAULTS.confusionStrength;
  const confusion = classBias ? new Float64Array(W * K * K) : null; // [w][true k][label l], soft counts
  const boost = new Float64Array(W),
    loo = new Float64Array(K);
  for (let round = 0; round < Math.max(rounds, 1); round++) {
    const last = round === Math.max(rounds, 1) - 1;
    for (let w = 0; w < W; w++) {
      const p = Math.min(P_MAX, Math.max(P_MIN, accuracy[w]));
      const b = Math.log((p * (K - 1)) / (1 - p));
      // Damped: the left-out agreement falls as the boost divided out grows, so plain iteration
      // oscillates around the fixed point; averaging successive boosts lands on it (exactly, when
      // the worker's share of the log-odds is all there is).
      boost[w] = round === 0 ? b : (boost[w] + b) / 2;
    }
    sums.fill(0);
    for (let t = 0; t < T; t++) {
      const a = start[t],
        b = start[t + 1];
      for (let x = a; x < b; x++) {
        const i = byTask[x];
        if (!shared[i]) continue;
        const w = workers[i];
        // Divide out every label w gave on t (repeat worker–task pairs count as w's own evidence).
        let max = -Infinity;
        for (let k = 0; k < K; k++) loo[k] = Math.log(Math.max(q[t * K + k], 1e-300));
        if (leaveOneOut) for (let y = a; y < b; y++) if (workers[byTask[y]] === w) loo[labels[byTask[y]]] -= boost[w];
        for (let k = 0; k < K; k++) if (loo[k] > max) max = loo[k];
        let total = 0;
        for (let k = 0; k < K; k++) total += loo[k] = Math.exp(loo[k] - max);
        sums[w] += loo[labels[i]] / total;
        if (last && confusion) for (let k = 0; k < K; k++) confusion[(w * K + k) * K + labels[i]] += loo[k] / total;
      }
    }
    shrink();
  }
  const minLabels = options.classBiasMinLabels ?? WORKER_ACCURACY_DEFAULTS.classBiasMinLabels;
  if (confusion) {
    for (let w = 0; w < W; w++)
      if (evidence[w] >= minLabels) accuracy[w] = Math.min(accuracy[w], weakestLabelAccuracy(confusion, w, K, accuracy[w], cs));
  }
  return { accuracy, labels: evidence };
}

/**
 * The one-coin accuracy whose boost equals worker w's weakest label (among those w gives) under
 * its confusion matrix (soft counts shrunk toward the one-coin matrix at p), floored at 1/K.
 */
function weakestLabelAccuracy(counts: Float64Array, w: number, K: number, p: number, strength: number): number {
  const pi = (k: number, l: number): number => {
    let row = 0;
    for (let x = 0; x < K; x++) row += counts[(w * K + k) * K + x];
    const prior = l === k ? p : (1 - p) / (K - 1);
    return (counts[(w * K + k) * K + l] + strength * prior) / (row + strength);
  };
  let weakest = Infinity;
  for (let l = 0; l < K; l++) {
    let used = 0;
    for (let k = 0; k < K; k++) used += counts[(w * K + k) * K + l];
    if (used <= 0) continue;
    let worst = 0;
    for (let k = 0; k < K; k++) if (k !== l) worst = Math.max(worst, pi(k, l));
    weakest = Math.min(weakest, Math.log(pi(l, l) / worst));
  }
  if (weakest === Infinity) return p;
  return Math.max(1 / K, 1 / (1 + (K - 1) * Math.exp(-weakest)));
}

/**
 * Tempering in itemPosterior's form: the one-coin posterior with every judgment's likelihood
 * raised to the power τ (τ < 1 discounts judgments, for errors correlated across workers) equals
 * the plain one-coin posterior with each accuracy p replaced by p' whose log-odds boost is τ times
 * p's: p'(K − 1)/(1 − p') = (p(K − 1)/(1 − p))^τ. τ = 1 returns p unchanged.
 */
export function temperAccuracy(p: number, nClasses: number, tau: number): number {
  if (tau === 1 || nClasses < 2) return p;
  const c = Math.min(P_MAX, Math.max(P_MIN, p));
  const b = tau * Math.log((c * (nClasses - 1)) / (1 - c));
  return 1 / (1 + (nClasses - 1) * Math.exp(-b));
}
