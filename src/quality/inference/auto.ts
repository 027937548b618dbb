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
 *   4. hds (the platform's default) is kept unless a candidate's mean gain over it, label by
 *      label, exceeds two standard errors; then the candidate with the largest gain less two
 *      standard errors wins. The winner is fitted to all the labels; the result names it, the
 *      scores and why.
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

/** Today's default: auto keeps it unless the held-out labels clearly favour another method. */
const INCUMBENT = 'hds';

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
  const perLabel: Record<string, Float64Array> = {};
  for (const name of candidates) {
    const fitted = CANDIDATES[name](train, { seed, gold: undefined });
    perLabel[name] = heldOutLogLikelihoods(train, fitted.posteriors, heldOut);
    scores[name] = mean(perLabel[name]);
  }
  // The incumbent (hds when it is a candidate) is kept unless another method predicts the held-out
  // labels better by more than two standard errors of the paired difference: on small crowds the
  // scores differ in the fourth decimal and the ranking is noise.
  const incumbent = candidates.includes(INCUMBENT) ? INCUMBENT : candidates[0];
  let chosen = incumbent,
    margin = 0,
    standardError = 0;
  for (const name of candidates) {
    if (name === incumbent) continue;
    const { gain, se } = pairedGain(perLabel[name], perLabel[incumbent]);
    if (gain > 2 * se && gain - 2 * se > margin - 2 * standardError) (chosen = name), (margin = gain), (standardError = se);
  }
  const best = [...candidates].sort((a, b) => scores[b] - scores[a])[0];
  const reason =
    (chosen === incumbent
      ? `${incumbent} kept: ${best === incumbent ? 'it predicts' : `no method beats it by two standard errors (best ${best}) at predicting`} ${heldOut.labels.length} held-out labels`
      : `${chosen} predicts ${heldOut.labels.length} held-out labels better than ${incumbent} by ${margin.toFixed(4)} ± ${standardError.toFixed(4)} nats per label`) +
    ` (mean log-likelihood ${scores[chosen].toFixed(4)})` +
    (sample === data ? '' : `; chosen on a sample of ${sample.labels.length} labels`);
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
 * Per held-out label, log P(label) with P(l | task t, worker w) = Σ_k q_t(k) θ_w[k][l], θ from one
 * Dawid–Skene M-step on the training labels under q, shrunk towards the pooled confusion.
 */
export function heldOutLogLikelihoods(train: EncodedLabels, posteriors: Float64Array, heldOut: EncodedLabels): Float64Array {
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
  const out = new Float64Array(heldOut.labels.length);
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
    out[i] = Math.log(Math.max(p, 1e-300));
  }
  return out;
}

function mean(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return values.length > 0 ? total / values.length : 0;
}

/** Mean of a − b over paired entries and its standard error. */
function pairedGain(a: Float64Array, b: Float64Array): { gain: number; se: number } {
  const n = a.length;
  if (n < 2) return { gain: 0, se: Infinity };
  let sum = 0,
    squares = 0;
  for (let i = 0; i < n; i++) (sum += a[i] - b[i]), (squares += (a[i] - b[i]) ** 2);
  const gain = sum / n;
  return { gain, se: Math.sqrt(Math.max(0, squares / n - gain * gain) / (n - 1)) };
}

export const autoMethod: InferenceMethod = {
  name: 'auto',
  description: 'Chooses among mv, ds, mace, hds, ebcc and bwa by the held-out log-likelihood of the labels (no gold)',
  infer: auto,
};
