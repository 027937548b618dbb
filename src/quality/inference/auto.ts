/**
 * `auto`: chooses the inference method per data set by how well each one's posteriors predict
 * labels it has not seen. No gold is used.
 *
 *   1. From every task with at least two labels, one label (drawn with the seed) is held out.
 *      Above `selectionLabels` labels the choice is made on a seeded sample of whole tasks.
 *   2. Each candidate is fitted to the remaining labels, giving posteriors q_t.
 *   3. Every candidate's q is read out through the same worker model, a Dawid–Skene M-step on
 *      the training labels (θ_w[k][l] ∝ Σ q_t(k)·1[l] plus 2 pseudo-counts spread as the pooled
 *      confusion row of all workers), and scored by the mean log predictive probability of the
 *      held-out labels, log Σ_k q_t(k) θ_w[k][l]: the held-out log-likelihood of the labels.
 *   4. The winner is fitted to all the labels; the result names it, the scores and why.
 *
 * Why one read-out for all: majority vote, BWA and MACE have no confusion matrices, so their own
 * likelihoods are not comparable with Dawid–Skene's; a common read-out compares what they all
 * produce, the posteriors. Cross-validated likelihood rather than training fit, because the
 * methods that overfit (plain Dawid–Skene on workers with a handful of labels) fit their own
 * training labels best and predict new ones worst. Cf. held-out likelihood for model selection
 * in topic models (Wallach et al. 2009, "Evaluation methods for topic models", ICML).
 */
import type { EncodedLabels } from '../encoded.js';
import { createRng } from '../random.js';
import { bwa } from './bwa.js';
import { dawidSkene } from './dawidSkene.js';
import { ebcc } from './ebcc.js';
import { hierarchicalDawidSkene } from './hierarchicalDawidSkene.js';
import { mace } from './mace.js';
import { majorityVote } from './majorityVote.js';
import type { InferenceMethod, InferenceOptions, InferenceResult, MethodSelection } from './types.js';

const CANDIDATES: Readonly<Record<string, (data: EncodedLabels, options?: InferenceOptions) => InferenceResult>> = {
  mv: majorityVote,
  ds: dawidSkene,
  mace,
  hds: hierarchicalDawidSkene,
  ebcc,
  bwa,
};

export interface AutoOptions extends InferenceOptions {
  /** Methods to choose among (names as in the registry). Default mv, ds, mace, hds, ebcc, bwa. */
  candidates?: readonly string[];
  /** Above this many labels, choose on a seeded sample of tasks holding about this many. Default 200,000. */
  selectionLabels?: number;
}

export function auto(data: EncodedLabels, options: AutoOptions = {}): InferenceResult & { selection: MethodSelection } {
  const candidates = options.candidates ?? Object.keys(CANDIDATES);
  for (const name of candidates) if (!CANDIDATES[name]) throw new Error(`auto: unknown candidate method "${name}"`);
  const seed = options.seed ?? 0;
  const sample = sampleTasks(data, options.selectionLabels ?? 200_000, seed);
  const { train, heldOut } = holdOut(sample, seed);
  const scores: Record<string, number> = {};
  for (const name of candidates) {
    const fitted = CANDIDATES[name](train, { seed, gold: undefined });
    scores[name] = heldOutLogLikelihood(train, fitted.posteriors, heldOut);
  }
  const ranked = [...candidates].sort((a, b) => scores[b] - scores[a]);
  const chosen = ranked[0];
  const runnerUp = ranked[1];
  const reason =
    `${chosen} predicts ${heldOut.labels.length} held-out labels best: mean log-likelihood ${scores[chosen].toFixed(4)} nats` +
    (runnerUp ? ` against ${scores[runnerUp].toFixed(4)} for ${runnerUp}` : '') +
    (sample === data ? '' : ` (chosen on a sample of ${sample.labels.length} labels)`);
  const result = CANDIDATES[chosen](data, options);
  return {
    ...result,
    method: 'auto',
    selection: {
      chosen,
      criterion: 'held-out label log-likelihood',
      scores,
      heldOutLabels: heldOut.labels.length,
      selectionLabels: sample.labels.length,
      reason,
    },
  };
}

/** The whole data set, or a seeded sample of whole tasks holding about `maxLabels` labels. */
function sampleTasks(data: EncodedLabels, maxLabels: number, seed: number): EncodedLabels {
  const N = data.labels.length,
    T = data.taskNames.length;
  if (N <= maxLabels) return data;
  const rng = createRng(seed ^ 0x5eed);
  // Kept tasks renumbered 0…, so the candidates do not loop over the tasks left out.
  const newIndex = new Int32Array(T).fill(-1);
  const taskNames: string[] = [];
  for (let t = 0; t < T; t++) if (rng.next() < maxLabels / N) (newIndex[t] = taskNames.length), taskNames.push(data.taskNames[t]);
  const kept = subset(data, (i) => newIndex[data.tasks[i]] >= 0);
  return { ...kept, tasks: kept.tasks.map((t) => newIndex[t]), taskNames };
}

/** Labels i with keep(i), with the same worker, task and class numbering. */
function subset(data: EncodedLabels, keep: (i: number) => boolean): EncodedLabels {
  const indices: number[] = [];
  for (let i = 0; i < data.labels.length; i++) if (keep(i)) indices.push(i);
  const pick = (a: Int32Array) => Int32Array.from(indices, (i) => a[i]);
  return { ...data, workers: pick(data.workers), tasks: pick(data.tasks), labels: pick(data.labels) };
}

/** One seeded label held out from every task with at least two labels. */
function holdOut(data: EncodedLabels, seed: number): { train: EncodedLabels; heldOut: EncodedLabels } {
  const T = data.taskNames.length;
  const perTask = new Int32Array(T);
  for (let i = 0; i < data.tasks.length; i++) perTask[data.tasks[i]]++;
  const rng = createRng(seed ^ 0x401d);
  const target = new Int32Array(T).map((_, t) => (perTask[t] >= 2 ? rng.int(perTask[t]) : -1));
  const seen = new Int32Array(T);
  const out = new Uint8Array(data.labels.length);
  for (let i = 0; i < data.labels.length; i++) if (seen[data.tasks[i]]++ === target[data.tasks[i]]) out[i] = 1;
  return { train: subset(data, (i) => out[i] === 0), heldOut: subset(data, (i) => out[i] === 1) };
}

/**
 * Mean log P(held-out label) with P(l | task t, worker w) = Σ_k q_t(k) θ_w[k][l], θ from one
 * Dawid–Skene M-step on the training labels under q, shrunk towards the pooled confusion.
 */
export function heldOutLogLikelihood(train: EncodedLabels, posteriors: Float64Array, heldOut: EncodedLabels): number {
  const K = train.classNames.length,
    W = train.workerNames.length;
  const counts = new Float64Array(W * K * K); // [worker][true][observed]
  const pooled = new Float64Array(K * K);
  for (let i = 0; i < train.labels.length; i++) {
    const w = train.workers[i],
      l = train.labels[i],
      r = train.tasks[i] * K;
    for (let k = 0; k < K; k++) {
      counts[(w * K + k) * K + l] += posteriors[r + k];
      pooled[k * K + l] += posteriors[r + k];
    }
  }
  const PRIOR = 2;
  for (let k = 0; k < K; k++) {
    let sum = 0;
    for (let l = 0; l < K; l++) sum += pooled[k * K + l] += 0.01;
    for (let l = 0; l < K; l++) pooled[k * K + l] /= sum;
  }
  let total = 0;
  for (let i = 0; i < heldOut.labels.length; i++) {
    const w = heldOut.workers[i],
      l = heldOut.labels[i],
      r = heldOut.tasks[i] * K;
    let p = 0;
    for (let k = 0; k < K; k++) {
      let rowSum = PRIOR;
      for (let m = 0; m < K; m++) rowSum += counts[(w * K + k) * K + m];
      p += (posteriors[r + k] * (counts[(w * K + k) * K + l] + PRIOR * pooled[k * K + l])) / rowSum;
    }
    total += Math.log(Math.max(p, 1e-300));
  }
  return heldOut.labels.length > 0 ? total / heldOut.labels.length : 0;
}

export const autoMethod: InferenceMethod = {
  name: 'auto',
  description: 'Chooses among mv, ds, mace, hds, ebcc and bwa by the held-out log-likelihood of the labels (no gold)',
  infer: auto,
};
