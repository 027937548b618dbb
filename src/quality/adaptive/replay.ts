/**
 * Replays a crowd's labels in arrival order under the platform's adaptive-overlap policy and
 * compares it with fixed overlap k and with every label, to measure what adaptive overlap saves.
 *
 * The adaptive arm models the platform exactly:
 * - a label for an item is "offered" only while the item is open; an offered label is used;
 * - after each used judgment, `itemPosterior` (one-coin) with the worker accuracies of the last
 *   batch fit, then `decideOverlap` says whether the item is done (closed items never reopen,
 *   and an open item is only re-examined when it gets its next judgment);
 * - the project's method is refitted on all used labels so far by the platform's batch rule (every
 *   100 judgments, or 10 % of the last fit's, whichever is more); the fit becomes the worker
 *   accuracies — by default its raw `workerReliability`, with `workerAccuracy: {…}` the calibrated
 *   `estimateWorkerAccuracy` (the platform blends them with gold; without gold they are equal);
 *   a worker absent from the last fit (or before the first fit) gets `priorAccuracy`.
 * The fixed arm takes the first k labels of each item in the same arrival order.
 *
 * Every arm is scored the same way: the project's batch method run on the labels the arm used,
 * against gold on the items that have gold. Gold is only used for scoring, never by the policy.
 * Pure: no clock, no I/O; the arrival order is the row order of `data` (see `shuffledArrival`).
 */
import type { EncodedLabels } from '../encoded.js';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods, type InferenceResult } from '../inference/index.js';
import { createRng } from '../random.js';
import { itemPosterior, type Judgment } from './itemPosterior.js';
import { decideOverlap, type OverlapPolicy } from './overlapPolicy.js';
import { estimateWorkerAccuracy, temperAccuracy, type WorkerAccuracyOptions } from './workerAccuracy.js';

/** The platform's batch schedule (services/consensus/recomputeProjectConsensus.ts; quality/ cannot import it). */
export const PLATFORM_REFIT = { every: 100, growth: 0.1 } as const;

export interface ReplayOptions {
  /** k of the fixed-overlap baseline (first k labels of each item). */
  fixedOverlap: number;
  /** The adaptive arm's target confidence and min / max judgments per item. */
  policy: OverlapPolicy;
  /** The project's batch method (a key of `inferenceMethods`). Default: the platform default. */
  method?: string;
  /**
   * When to refit worker accuracies: once the used judgments since the last fit reach
   * max(every, ceil(growth × judgments in the last fit)). Default: the platform's batch rule
   * (services/consensus, BATCH_EVERY = 100, BATCH_GROWTH = 0.1); growth 0 = every N.
   */
  refit?: { every?: number; growth?: number };
  /** Accuracy of a worker the last fit has not seen. Default 0.7. */
  priorAccuracy?: number;
  /** Per task, the true class index or -1: for scoring only. */
  gold?: Int32Array;
  /** Seed for the batch method's tie-breaks. Default 0. */
  seed?: number;
  /**
   * Known per-worker accuracies (e.g. a synthetic crowd's true ones): used instead of refits, to
   * separate the policy from the estimation of accuracies. Scoring still uses the batch method.
   */
  knownAccuracy?: Float64Array;
  /** Also score the all-labels arm (one more batch fit). Default true. */
  includeAll?: boolean;
  /**
   * How a refit becomes worker accuracies: `'reliability'` = the method's `workerReliability`
   * (what the platform used first); an options object = `estimateWorkerAccuracy` (leave-one-out
   * agreement with the fit's posteriors, shrunk and capped). Default `'reliability'`.
   */
  workerAccuracy?: 'reliability' | WorkerAccuracyOptions;
  /** Tempering τ of the online posterior (`temperAccuracy`); 1 = none. Default 1. */
  temper?: number;
}

export interface ArmResult {
  /** Judgments (labels) the arm used. */
  judgments: number;
  /** Items with at least one used label. */
  items: number;
  /** Share of gold items whose batch-method label equals gold; null without gold. */
  accuracy: number | null;
  correct: number;
  goldItems: number;
  /** Items whose one-coin posterior, under this arm's final fit, is below the target confidence. */
  belowTarget: number;
}

export interface AdaptiveArmResult extends ArmResult {
  /** Items closed online because they reached the target (with at least min judgments). */
  closedAtTarget: number;
  /** Items closed online at max judgments without reaching the target. */
  exhausted: number;
  /** Items still open when their labels ran out (fewer available than needed). */
  ranOut: number;
  refits: number;
  /** histogram[n] = items that used n judgments. */
  judgmentsHistogram: number[];
}

export interface ReplayResult {
  labels: number;
  fixed: ArmResult;
  adaptive: AdaptiveArmResult;
  all: ArmResult | null;
  /** 1 − adaptive judgments / fixed judgments. */
  savingVsFixed: number;
  /** Adaptive accuracy − fixed accuracy (fraction, not pp); null without gold. */
  accuracyDeltaVsFixed: number | null;
  /** Row indices (into `data`, ascending = arrival order) used by each arm. */
  rows: { fixed: Int32Array; adaptive: Int32Array };
}

/**
 * A seeded arrival order for data without timestamps: each item's labels in a random order, the
 * items interleaved at random. Default: a uniformly random permutation of all rows (Fisher–Yates),
 * so an item's labels are spread over the whole run. With `window` (in items): the items start in
 * a random order and each label arrives at (its item's start rank + window × U(0, 1)), like a
 * queue that keeps about `window` items in flight.
 */
export function shuffledArrival(data: EncodedLabels, seed: number, options: { window?: number } = {}): EncodedLabels {
  const n = data.labels.length;
  const rng = createRng(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (options.window === undefined) {
    shuffle(order, rng);
    return selectRows(data, order);
  }
  const rank = new Int32Array(data.taskNames.length);
  for (let t = 0; t < rank.length; t++) rank[t] = t;
  shuffle(rank, rng);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = rank[data.tasks[i]] + options.window * rng.next();
  return selectRows(data, Int32Array.from([...order].sort((a, b) => key[a] - key[b] || a - b)));
}

function shuffle(values: Int32Array, rng: ReturnType<typeof createRng>): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
}

/** The rows `rows` of `data`, in that order, with the same dictionaries. */
export function selectRows(data: EncodedLabels, rows: Int32Array): EncodedLabels {
  const workers = new Int32Array(rows.length),
    tasks = new Int32Array(rows.length),
    labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    workers[i] = data.workers[rows[i]];
    tasks[i] = data.tasks[rows[i]];
    labels[i] = data.labels[rows[i]];
  }
  return { ...data, workers, tasks, labels };
}

/** Fixed overlap k: the first k rows of each task in row (arrival) order. */
export function fixedOverlapRows(data: EncodedLabels, k: number): Int32Array {
  const counts = new Int32Array(data.taskNames.length);
  const out: number[] = [];
  for (let i = 0; i < data.labels.length; i++) if (counts[data.tasks[i]]++ < k) out.push(i);
  return Int32Array.from(out);
}

/** A batch fit on some rows, with tasks and workers re-indexed densely so unseen ones do not take part. */
export interface RowsFit {
  result: InferenceResult;
  /** Per original worker: its accuracy from the fit, or `priorAccuracy` when the fit did not see it. */
  accuracy: Float64Array;
  /** Per original task: the fitted class index, or -1 when the rows have no label for it. */
  labelOf: Int32Array;
}

export function fitRows(
  data: EncodedLabels,
  rows: Int32Array,
  n: number,
  method: string,
  priorAccuracy: number,
  seed = 0,
  workerAccuracy: ReplayOptions['workerAccuracy'] = 'reliability',
): RowsFit {
  const m = inferenceMethods[method];
  if (!m) throw new Error(`unknown inference method: ${method}`);
  const T = data.taskNames.length,
    W = data.workerNames.length;
  const taskId = new Int32Array(T).fill(-1),
    workerId = new Int32Array(W).fill(-1);
  const taskOf: number[] = [],
    workerOf: number[] = [];
  const workers = new Int32Array(n),
    tasks = new Int32Array(n),
    labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i],
      t = data.tasks[r],
      w = data.workers[r];
    if (taskId[t] < 0) (taskId[t] = taskOf.length), taskOf.push(t);
    if (workerId[w] < 0) (workerId[w] = workerOf.length), workerOf.push(w);
    tasks[i] = taskId[t];
    workers[i] = workerId[w];
    labels[i] = data.labels[r];
  }
  const subset: EncodedLabels = {
    workers,
    tasks,
    labels,
    workerNames: workerOf.map((w) => data.workerNames[w]),
    taskNames: taskOf.map((t) => data.taskNames[t]),
    classNames: data.classNames,
  };
  const result = m.infer(subset, { seed });
  const fitted =
    workerAccuracy === 'reliability' ? result.workerReliability : estimateWorkerAccuracy(subset, result, workerAccuracy).accuracy;
  const accuracy = new Float64Array(W).fill(priorAccuracy);
  workerOf.forEach((w, i) => (accuracy[w] = fitted[i]));
  const labelOf = new Int32Array(T).fill(-1);
  taskOf.forEach((t, i) => (labelOf[t] = result.labels[i]));
  return { result, accuracy, labelOf };
}

/** Scores one arm: batch fit on its rows, gold accuracy, and items below the target under that fit. */
export function evaluateArm(
  data: EncodedLabels,
  rows: Int32Array,
  options: Pick<ReplayOptions, 'method' | 'priorAccuracy' | 'gold' | 'seed' | 'workerAccuracy' | 'temper'> & { targetConfidence: number },
): ArmResult & { fit: RowsFit } {
  const method = options.method ?? DEFAULT_INFERENCE_METHOD;
  const fit = fitRows(data, rows, rows.length, method, options.priorAccuracy ?? 0.7, options.seed ?? 0, options.workerAccuracy);
  let correct = 0,
    goldItems = 0,
    items = 0;
  for (let t = 0; t < fit.labelOf.length; t++) {
    if (fit.labelOf[t] < 0) continue;
    items++;
    const g = options.gold?.[t] ?? -1;
    if (g < 0) continue;
    goldItems++;
    if (fit.labelOf[t] === g) correct++;
  }
  const groups = judgmentsByTask(data, rows, rows.length);
  const accuracyOf = accuracyLookup(data, fit.accuracy, options.temper);
  let belowTarget = 0;
  for (const js of groups)
    if (js.length > 0 && itemPosterior(js, data.classNames, accuracyOf).confidence < options.targetConfidence) belowTarget++;
  return {
    judgments: rows.length,
    items,
    accuracy: options.gold ? (goldItems > 0 ? correct / goldItems : null) : null,
    correct,
    goldItems,
    belowTarget,
    fit,
  };
}

/** Replays `data` (rows in arrival order) under adaptive overlap; scores it against fixed k and all labels. */
export function replayAdaptiveOverlap(data: EncodedLabels, options: ReplayOptions): ReplayResult {
  const { policy } = options;
  const refitEvery = options.refit?.every ?? PLATFORM_REFIT.every,
    refitGrowth = options.refit?.growth ?? PLATFORM_REFIT.growth;
  if (!(refitEvery >= 1) || !(refitGrowth >= 0)) throw new Error('refit.every must be at least 1 and refit.growth at least 0');
  if (!(options.fixedOverlap >= 1)) throw new Error('fixedOverlap must be at least 1');
  if (policy.minJudgments > policy.maxJudgments) throw new Error('minJudgments must not exceed maxJudgments');
  const method = options.method ?? DEFAULT_INFERENCE_METHOD;
  const priorAccuracy = options.priorAccuracy ?? 0.7;
  const seed = options.seed ?? 0;
  const T = data.taskNames.length,
    N = data.labels.length;

  let accuracy = options.knownAccuracy ?? new Float64Array(data.workerNames.length).fill(priorAccuracy);
  const accuracyOf = accuracyLookup(data, () => accuracy, options.temper);
  const open: Judgment[][] = Array.from({ length: T }, () => []);
  const done = new Uint8Array(T);
  const used = new Int32Array(N);
  let nUsed = 0,
    refits = 0,
    closedAtTarget = 0,
    exhausted = 0,
    lastFit = 0;
  for (let i = 0; i < N; i++) {
    const t = data.tasks[i];
    if (done[t]) continue; // not offered: the item is closed
    used[nUsed++] = i;
    const js = open[t];
    js.push({ worker: data.workerNames[data.workers[i]], label: data.classNames[data.labels[i]] });
    const decision = decideOverlap(policy, js.length, itemPosterior(js, data.classNames, accuracyOf).confidence);
    if (decision.done) {
      done[t] = 1;
      if (decision.exhausted) exhausted++;
      else closedAtTarget++;
    }
    if (!options.knownAccuracy && nUsed - lastFit >= Math.max(refitEvery, Math.ceil(refitGrowth * lastFit))) {
      accuracy = fitRows(data, used, nUsed, method, priorAccuracy, 0, options.workerAccuracy).accuracy; // the platform's batch uses seed 0
      lastFit = nUsed;
      refits++;
    }
  }
  const adaptiveRows = used.slice(0, nUsed);
  const histogram: number[] = [];
  let ranOut = 0;
  for (let t = 0; t < T; t++) {
    const n = open[t].length;
    while (histogram.length <= n) histogram.push(0);
    histogram[n]++;
    if (n > 0 && !done[t]) ranOut++;
  }

  const scoring = {
    method,
    priorAccuracy,
    gold: options.gold,
    seed,
    targetConfidence: policy.targetConfidence,
    workerAccuracy: options.workerAccuracy,
    temper: options.temper,
  };
  const fixedRows = fixedOverlapRows(data, options.fixedOverlap);
  const { fit: _f, ...fixed } = evaluateArm(data, fixedRows, scoring);
  const { fit: _a, ...adaptiveScore } = evaluateArm(data, adaptiveRows, scoring);
  let all: ArmResult | null = null;
  if (options.includeAll ?? true) {
    const allRows = new Int32Array(N);
    for (let i = 0; i < N; i++) allRows[i] = i;
    const { fit: _all, ...rest } = evaluateArm(data, allRows, scoring);
    all = rest;
  }
  const adaptive: AdaptiveArmResult = { ...adaptiveScore, closedAtTarget, exhausted, ranOut, refits, judgmentsHistogram: histogram };
  return {
    labels: N,
    fixed,
    adaptive,
    all,
    savingVsFixed: fixed.judgments > 0 ? 1 - adaptive.judgments / fixed.judgments : 0,
    accuracyDeltaVsFixed: adaptive.accuracy !== null && fixed.accuracy !== null ? adaptive.accuracy - fixed.accuracy : null,
    rows: { fixed: fixedRows, adaptive: adaptiveRows },
  };
}

function judgmentsByTask(data: EncodedLabels, rows: Int32Array, n: number): Judgment[][] {
  const groups: Judgment[][] = Array.from({ length: data.taskNames.length }, () => []);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    groups[data.tasks[r]].push({ worker: data.workerNames[data.workers[r]], label: data.classNames[data.labels[r]] });
  }
  return groups;
}

/** accuracyOf(workerName) over a per-worker-index array (or a getter, when the array is replaced on refit). */
function accuracyLookup(data: EncodedLabels, source: Float64Array | (() => Float64Array), temper = 1): (worker: string) => number {
  const index = new Map(data.workerNames.map((name, i) => [name, i]));
  const K = data.classNames.length;
  return (worker) => {
    const acc = typeof source === 'function' ? source() : source;
    const w = index.get(worker);
    if (w === undefined) throw new Error(`unknown worker: ${worker}`);
    return temperAccuracy(acc[w], K, temper);
  };
}
