/**
 * One interface for every categorical truth-inference method, so the consensus service and
 * the CLI can swap methods by name. Input: EncodedLabels. Output: per task a label, its
 * posterior confidence and the full posterior; per worker a reliability in [0, 1].
 */
import type { EncodedLabels } from '../encoded.js';

export interface InferenceOptions {
  /** Seed for tie-breaking and any random initialisation. Default 0. */
  seed?: number;
  /** EM iteration cap. */
  maxIterations?: number;
  /** Convergence tolerance: relative log-likelihood change (Dawid–Skene family) or largest posterior change (others). */
  tolerance?: number;
  /** Per task, the known class index or -1. Known tasks are clamped to their gold class. */
  gold?: Int32Array;
  /** Weighted majority vote: one weight per worker. */
  workerWeights?: Float64Array;
}

export interface InferenceResult {
  method: string;
  /** Per task, the chosen class index (ties broken by a seeded rule). */
  labels: Int32Array;
  /** Per task, the posterior probability (or vote share) of the chosen class. */
  confidence: Float64Array;
  /** nTasks × nClasses, row-major; each row sums to 1. */
  posteriors: Float64Array;
  /** Per worker, the estimated probability of giving the correct label (or the method's weight scaled to [0,1]). */
  workerReliability: Float64Array;
  /** Dawid–Skene family: nWorkers × nClasses(true) × nClasses(observed), row-major; rows sum to 1. */
  confusion?: Float64Array;
  /** Per task, how many classes tied for the top posterior (1 = no tie). */
  tieSize: Int32Array;
  iterations: number;
  converged: boolean;
  /** `auto` only: which method it chose and why. */
  selection?: MethodSelection;
}

export interface MethodSelection {
  chosen: string;
  criterion: 'held-out label log-likelihood';
  /** Per candidate, the mean log predictive probability (nats) of the held-out labels; higher is better. */
  scores: Record<string, number>;
  heldOutLabels: number;
  /** Labels the choice was made on (all, or a sample of tasks). */
  selectionLabels: number;
  reason: string;
}

export interface InferenceMethod {
  /** CLI name, e.g. `ds`. */
  readonly name: string;
  readonly description: string;
  infer(data: EncodedLabels, options?: InferenceOptions): InferenceResult;
}
