/**
 * EBCC, enhanced Bayesian classifier combination: Li, Rubinstein & Cohn (2019), "Exploiting
 * Worker Correlation for Label Aggregation in Crowdsourcing", ICML.
 *
 * Model: class prior τ ~ Dir(α); per true class k, subtype weights π_k ~ Dir(a_π/M) over M
 * latent subtypes; per worker w, class k and subtype m a confusion row v_wkm ~ Dir(β_k) with
 * β_kk = a_v, β_kl = b_v. Each task draws z_t ~ Cat(τ), then a subtype g_t ~ Cat(π_{z_t}), and
 * every label l_i ~ Cat(v_{worker(i), z_t, g_t}). Workers' confusions are thus mixtures over
 * subtypes shared by all workers: tasks of one subtype are the ones a group of workers gets
 * wrong together, which captures correlated errors that Dawid–Skene treats as independent.
 *
 * Mean-field variational Bayes over q(z_t, g_t) jointly and Dirichlet q(τ), q(π), q(v):
 *   η_km = a_π/M + Σ_t q_t(k, m),  ν_k = α + Σ_t q_t(k),  μ_wkml = β_kl + Σ_{i: w, l} q_t(i)(k, m)
 *   log q_t(k, m) = E[log τ_k] + E[log π_km] + Σ_{i: task t} E[log v_{w(i) k m l_i}] + const
 * with E[log x] = ψ(count) − ψ(row total). Starts from vote shares split over subtypes by a
 * seeded Dirichlet(1) draw; stops when no task's q(z) moves by more than the tolerance (default
 * 1e-3, as the paper's code) or when the ELBO changes by less than 1e-5 of itself in an iteration
 * (on large crowds the last few tasks' q keeps drifting for hundreds of iterations while the
 * labels no longer change). Defaults M = 10, a_π = 0.1, α = 1, a_v = 4, b_v = 1 (the paper's).
 * The evidence lower bound (ELBO) is returned for model comparison.
 *
 * Hot loops touch only typed arrays; labels are grouped by task (counting sort) and the
 * parameter tensor is stored [worker][observed][true·M + subtype] so the inner loop is contiguous.
 */
import type { EncodedLabels } from '../encoded.js';
import { createRng } from '../random.js';
import { decide, digamma, majorityPosteriors } from './common.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export interface EbccOptions extends InferenceOptions {
  /** M, the number of latent subtypes per class. Default 10. */
  subtypes?: number;
  /** a_π, the total Dirichlet concentration over subtypes. Default 0.1. */
  subtypePrior?: number;
  /** α, the Dirichlet pseudo-count per class on the class prior. Default 1. */
  classPrior?: number;
  /** a_v and b_v: confusion-row pseudo-counts on and off the diagonal. Defaults 4 and 1. */
  diagonalPrior?: number;
  offDiagonalPrior?: number;
  /** Also stop when the ELBO changes by less than this fraction in an iteration. Default 1e-5. */
  elboTolerance?: number;
}

export interface EbccResult extends InferenceResult {
  /** The evidence lower bound at the end (nats): higher means the data are better explained. */
  elbo: number;
}

export function ebcc(data: EncodedLabels, options: EbccOptions = {}): EbccResult {
  const K = data.classNames.length,
    T = data.taskNames.length,
    W = data.workerNames.length;
  const M = options.subtypes ?? 10,
    KM = K * M;
  const aPi = options.subtypePrior ?? 0.1,
    alpha = options.classPrior ?? 1,
    aV = options.diagonalPrior ?? 4,
    bV = options.offDiagonalPrior ?? 1;
  const maxIterations = options.maxIterations ?? 500,
    tolerance = options.tolerance ?? 1e-3,
    elboTolerance = options.elboTolerance ?? 1e-5;
  const gold = options.gold;
  const { taskStart, rowOffset } = groupByTask(data, KM);

  // q(z, g): T × K × M. Start: vote shares, split over subtypes by a seeded Dirichlet(1) draw.
  const z = majorityPosteriors(data);
  clampGoldClasses(z, K, 1, gold);
  const zg = new Float64Array(T * KM);
  const rng = createRng(options.seed ?? 0);
  for (let t = 0; t < T; t++)
    for (let k = 0; k < K; k++) {
      const r = (t * K + k) * M;
      let sum = 0;
      for (let m = 0; m < M; m++) sum += zg[r + m] = -Math.log(1 - rng.next());
      for (let m = 0; m < M; m++) zg[r + m] *= z[t * K + k] / sum;
    }
  const counts = new Float64Array(W * K * KM); // μ, [worker][observed][k·M + m]
  const logV = new Float64Array(W * K * KM);
  const eta = new Float64Array(KM),
    nu = new Float64Array(K);
  const logPiTau = new Float64Array(KM); // E[log π_km] + E[log τ_k]
  const scores = new Float64Array(KM);
  // Subtypes still in use (k·M + m); the sparse prior on π empties most of them within a few
  // iterations, and dropping those makes every later pass proportionally cheaper.
  const active = Int32Array.from({ length: KM }, (_, j) => j);
  let nActive = KM;
  const priors = { aPi, alpha, aV, bV };
  const shape = { T, W, K, M };
  let iterations = 0,
    converged = false,
    elbo = -Infinity;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    updateDirichlets(zg, taskStart, rowOffset, { counts, eta, nu }, priors, shape, active, nActive);
    // The bound is exact here (Dirichlets fitted to the current q): stop once it has levelled off.
    const bound = evidenceLowerBound(zg, { counts, eta, nu }, priors, shape, active, nActive);
    if (Math.abs(bound - elbo) < elboTolerance * Math.abs(bound)) {
      elbo = bound;
      converged = true;
      break;
    }
    elbo = bound;
    nActive = pruneSubtypes(eta, aPi / M, active, nActive, zg, M, T);
    expectedLogs(counts, logV, W, K, KM, active, nActive);
    let nuTotal = 0;
    for (let k = 0; k < K; k++) nuTotal += nu[k];
    for (let k = 0; k < K; k++) {
      let etaTotal = 0;
      for (let m = 0; m < M; m++) etaTotal += eta[k * M + m];
      const logTau = digamma(nu[k]) - digamma(nuTotal),
        psiTotal = digamma(etaTotal);
      for (let m = 0; m < M; m++) logPiTau[k * M + m] = digamma(eta[k * M + m]) - psiTotal + logTau;
    }
    // q(z, g) per task, and the largest change of q(z).
    let change = 0;
    for (let t = 0; t < T; t++) {
      const r = t * KM;
      for (let a = 0; a < nActive; a++) scores[a] = logPiTau[active[a]];
      for (let i = taskStart[t], end = taskStart[t + 1]; i < end; i++) {
        const o = rowOffset[i];
        for (let a = 0; a < nActive; a++) scores[a] += logV[o + active[a]];
      }
      let max = -Infinity;
      for (let a = 0; a < nActive; a++) if (scores[a] > max) max = scores[a];
      let sum = 0;
      for (let a = 0; a < nActive; a++) sum += scores[a] = Math.exp(scores[a] - max);
      for (let a = 0; a < nActive; a++) zg[r + active[a]] = scores[a] / sum;
      if (gold && gold[t] >= 0) clampGoldClasses(zg.subarray(r, r + KM), K, M, gold.subarray(t, t + 1));
      for (let k = 0; k < K; k++) {
        let p = 0;
        for (let m = 0; m < M; m++) p += zg[r + k * M + m];
        change = Math.max(change, Math.abs(p - z[t * K + k]));
        z[t * K + k] = p;
      }
    }
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  // The Dirichlets that go with the final q(z, g): what the worker summary and the ELBO describe.
  if (!converged || elbo === -Infinity) {
    updateDirichlets(zg, taskStart, rowOffset, { counts, eta, nu }, priors, shape, active, nActive);
    elbo = evidenceLowerBound(zg, { counts, eta, nu }, priors, shape, active, nActive);
  }
  const { confusion, reliability } = summariseWorkers(counts, nu, eta, W, K, M);
  const result = decide(data, z, {
    method: 'ebcc',
    workerReliability: reliability,
    confusion,
    iterations: Math.min(iterations, maxIterations),
    converged,
    seed: options.seed,
  });
  return { ...result, elbo };
}

interface Dirichlets {
  /** μ: [worker][observed][k·M + m] */
  counts: Float64Array;
  /** η: [k·M + m] */
  eta: Float64Array;
  /** ν: [k] */
  nu: Float64Array;
}
interface Priors {
  aPi: number;
  alpha: number;
  aV: number;
  bV: number;
}
interface Shape {
  T: number;
  W: number;
  K: number;
  M: number;
}

/** The Dirichlet posteriors' parameters: prior plus expected counts under q(z, g). */
function updateDirichlets(
  zg: Float64Array,
  taskStart: Int32Array,
  rowOffset: Int32Array,
  d: Dirichlets,
  p: Priors,
  s: Shape,
  active: Int32Array,
  nActive: number,
): void {
  const { T, W, K, M } = s,
    KM = K * M;
  const { counts, eta, nu } = d;
  eta.fill(p.aPi / M);
  nu.fill(p.alpha);
  for (let t = 0; t < T; t++) for (let j = 0; j < KM; j++) eta[j] += zg[t * KM + j];
  for (let j = 0; j < KM; j++) nu[(j / M) | 0] += eta[j] - p.aPi / M;
  for (let w = 0; w < W; w++)
    for (let l = 0; l < K; l++) for (let j = 0; j < KM; j++) counts[(w * K + l) * KM + j] = ((j / M) | 0) === l ? p.aV : p.bV;
  for (let t = 0; t < T; t++) {
    const r = t * KM;
    for (let i = taskStart[t], end = taskStart[t + 1]; i < end; i++) {
      const o = rowOffset[i];
      for (let a = 0; a < nActive; a++) counts[o + active[a]] += zg[r + active[a]];
    }
  }
}

/**
 * Drops subtypes whose expected number of tasks fell below 1e-3 (their q is set to 0 for good);
 * returns the new count of active subtypes. A class always keeps its largest subtype.
 */
function pruneSubtypes(
  eta: Float64Array,
  prior: number,
  active: Int32Array,
  nActive: number,
  zg: Float64Array,
  M: number,
  T: number,
): number {
  const KM = eta.length;
  const largest = new Int32Array(KM / M);
  for (let j = 0; j < KM; j++) if (eta[j] > eta[((j / M) | 0) * M + largest[(j / M) | 0]]) largest[(j / M) | 0] = j % M;
  let kept = 0;
  for (let a = 0; a < nActive; a++) {
    const j = active[a];
    if (eta[j] - prior >= 1e-3 || largest[(j / M) | 0] === j % M) active[kept++] = j;
    else for (let t = 0; t < T; t++) zg[t * KM + j] = 0;
  }
  return kept;
}

/** Labels grouped by task: task t owns labels taskStart[t] … taskStart[t+1]−1, each as its tensor row offset (w·K + l)·KM. */
function groupByTask(data: EncodedLabels, KM: number): { taskStart: Int32Array; rowOffset: Int32Array } {
  const K = data.classNames.length,
    T = data.taskNames.length,
    N = data.labels.length;
  const taskStart = new Int32Array(T + 1);
  for (let i = 0; i < N; i++) taskStart[data.tasks[i] + 1]++;
  for (let t = 0; t < T; t++) taskStart[t + 1] += taskStart[t];
  const rowOffset = new Int32Array(N);
  const fill = taskStart.slice(0, T);
  for (let i = 0; i < N; i++) rowOffset[fill[data.tasks[i]]++] = (data.workers[i] * K + data.labels[i]) * KM;
  return { taskStart, rowOffset };
}

/** E[log v_wkml] = ψ(μ_wkml) − ψ(Σ_l μ_wkml) for every worker, class and subtype. */
function expectedLogs(
  counts: Float64Array,
  logV: Float64Array,
  W: number,
  K: number,
  KM: number,
  active: Int32Array,
  nActive: number,
): void {
  const totals = new Float64Array(KM);
  for (let w = 0; w < W; w++) {
    for (let a = 0; a < nActive; a++) {
      const j = active[a];
      let total = 0;
      for (let l = 0; l < K; l++) total += counts[(w * K + l) * KM + j];
      totals[j] = digamma(total);
    }
    for (let l = 0; l < K; l++)
      for (let a = 0; a < nActive; a++) {
        const o = (w * K + l) * KM + active[a];
        logV[o] = digamma(counts[o]) - totals[active[a]];
      }
  }
}

/** Keeps only the gold class (rows of `width` entries per class) and renormalises; tasks without gold untouched. */
function clampGoldClasses(q: Float64Array, K: number, width: number, gold?: Int32Array): void {
  if (!gold) return;
  const stride = K * width;
  for (let t = 0; t < gold.length; t++) {
    if (gold[t] < 0) continue;
    let sum = 0;
    for (let j = gold[t] * width; j < (gold[t] + 1) * width; j++) sum += q[t * stride + j];
    for (let j = 0; j < stride; j++) {
      const inGold = ((j / width) | 0) === gold[t];
      q[t * stride + j] = inGold ? (sum > 0 ? q[t * stride + j] / sum : 1 / width) : 0;
    }
  }
}

/**
 * Each worker's confusion matrix as the posterior-mean mixture over subtypes,
 * P(l | k) = Σ_m E[π_km] E[v_wkml], in [worker][true][observed] order; reliability Σ_k E[τ_k] P(k | k).
 */
function summariseWorkers(
  counts: Float64Array,
  nu: Float64Array,
  eta: Float64Array,
  W: number,
  K: number,
  M: number,
): { confusion: Float64Array; reliability: Float64Array } {
  const KM = K * M;
  const confusion = new Float64Array(W * K * K),
    reliability = new Float64Array(W);
  let nuTotal = 0;
  for (let k = 0; k < K; k++) nuTotal += nu[k];
  const piMean = new Float64Array(KM);
  for (let k = 0; k < K; k++) {
    let total = 0;
    for (let m = 0; m < M; m++) total += eta[k * M + m];
    for (let m = 0; m < M; m++) piMean[k * M + m] = eta[k * M + m] / total;
  }
  for (let w = 0; w < W; w++)
    for (let k = 0; k < K; k++) {
      for (let m = 0; m < M; m++) {
        const j = k * M + m;
        let rowTotal = 0;
        for (let l = 0; l < K; l++) rowTotal += counts[(w * K + l) * KM + j];
        for (let l = 0; l < K; l++) confusion[(w * K + k) * K + l] += (piMean[j] * counts[(w * K + l) * KM + j]) / rowTotal;
      }
      reliability[w] += (nu[k] / nuTotal) * confusion[(w * K + k) * K + k];
    }
  return { confusion, reliability };
}

/** log Γ(x) for x > 0 (Stirling series after shifting x above 7). */
function logGamma(x: number): number {
  let shift = 0;
  while (x < 7) (shift -= Math.log(x)), (x += 1);
  const f = 1 / (x * x);
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + (1 / x) * (1 / 12 - f * (1 / 360 - f * (1 / 1260 - f / 1680)));
}

/** log of the Dirichlet normaliser, log B(a) = Σ log Γ(a_j) − log Γ(Σ a_j), over `length` entries of `a` from `start` by `step`. */
function logBeta(a: Float64Array, start: number, length: number, step: number): number {
  let total = 0,
    sum = 0;
  for (let j = 0; j < length; j++) (sum += logGamma(a[start + j * step])), (total += a[start + j * step]);
  return sum - logGamma(total);
}

/**
 * ELBO of the fitted model, with every Dirichlet posterior equal to its prior plus the expected
 * counts under q(z, g) (updateDirichlets). Then for each Dirichlet the expected log-likelihood of
 * its counts, its expected log prior and its entropy add up to log B(posterior) − log B(prior)
 * (the E[log x] terms cancel), and the bound is H(q(z, g)) + Σ of those over τ, every π_k and
 * every v_wkm.
 */
function evidenceLowerBound(zg: Float64Array, d: Dirichlets, p: Priors, s: Shape, active: Int32Array, nActive: number): number {
  const { T, W, K, M } = s,
    KM = K * M;
  // Dropped subtypes have q = 0 and Dirichlets equal to their priors: they add exactly 0.
  let bound = 0;
  for (let t = 0; t < T; t++)
    for (let a = 0; a < nActive; a++) {
      const q = zg[t * KM + active[a]];
      if (q > 0) bound -= q * Math.log(q);
    }
  const uniform = (value: number, length: number): number => length * logGamma(value) - logGamma(length * value);
  bound += logBeta(d.nu, 0, K, 1) - uniform(p.alpha, K);
  for (let k = 0; k < K; k++) bound += logBeta(d.eta, k * M, M, 1) - uniform(p.aPi / M, M);
  const rowPrior = logGamma(p.aV) + (K - 1) * logGamma(p.bV) - logGamma(p.aV + (K - 1) * p.bV);
  for (let w = 0; w < W; w++) for (let a = 0; a < nActive; a++) bound += logBeta(d.counts, w * K * KM + active[a], K, KM) - rowPrior;
  return bound;
}

export const ebccMethod: InferenceMethod = {
  name: 'ebcc',
  description: 'EBCC (Bayesian classifier combination with worker confusions mixed over latent subtypes)',
  infer: ebcc,
};
