/**
 * One domain's fit as the consensus batch needs it: per task the class index and its confidence, per
 * worker an accuracy and the evidence behind it. No database and no service context, so that the fit
 * worker (fitWorker.ts) runs exactly what the batch runs inline.
 */
import { estimateWorkerAccuracy } from '../../quality/adaptive/index.js';
import type { EncodedLabels } from '../../quality/encoded.js';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods } from '../../quality/inference/index.js';

export interface LabelsFit {
  /** Per task (the data's task index): the chosen class index. */
  labels: Int32Array;
  /** Per task: the posterior (or share) of that class. */
  confidence: Float64Array;
  /** Per worker (the data's worker index): estimated P(right). */
  accuracy: Float64Array;
  /** Per worker: the labels that counted as evidence. */
  evidence: Int32Array;
}

export function fitLabels(method: string, data: EncodedLabels, gold: Int32Array | undefined): LabelsFit {
  const result = (inferenceMethods[method] ?? inferenceMethods[DEFAULT_INFERENCE_METHOD]).infer(data, { seed: 0, gold });
  // Not the method's own worker parameter (MACE's is a competence, not P(right)): each worker's
  // leave-one-out agreement with the fit, shrunk and capped, which is what the one-coin posterior
  // of adaptive overlap needs (bench:adaptive — raw competences cost 2–8 pp there, this ≤ 0.5 pp on
  // six of the seven shared sets). Evidence = labels on tasks someone else also labelled.
  const estimate = estimateWorkerAccuracy(data, result, { gold });
  return { labels: result.labels, confidence: result.confidence, accuracy: estimate.accuracy, evidence: estimate.labels };
}
