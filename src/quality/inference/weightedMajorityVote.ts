/**
 * Weighted majority vote: ŷ_t = argmax_k Σ_i w_{worker(i)} 1[l_i = k].
 * Weights come from `options.workerWeights` when given. Otherwise each worker's accuracy p_w is
 * measured (on gold tasks when gold is given, else against the majority vote, with a
 * Laplace-smoothed count) and turned into the log-odds weight w = log((K−1) p / (1 − p)),
 * which is the Bayes-optimal weight under the one-coin model (Nitzan & Paroush 1982; Li & Yu 2014).
 */
import type { EncodedLabels } from '../encoded.js';
import { agreementWithLabels, clampGold, decide, normalizeRows, voteCounts } from './common.js';
import { majorityVote } from './majorityVote.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

function estimatedAccuracy(data: EncodedLabels, options: InferenceOptions): Float64Array {
  const W = data.workerNames.length;
  const hits = new Float64Array(W),
    totals = new Float64Array(W);
  const reference = options.gold ?? majorityVote(data, { seed: options.seed }).labels;
  for (let i = 0; i < data.labels.length; i++) {
    const truth = reference[data.tasks[i]];
    if (truth < 0) continue;
    totals[data.workers[i]]++;
    if (truth === data.labels[i]) hits[data.workers[i]]++;
  }
  for (let w = 0; w < W; w++) hits[w] = (hits[w] + 1) / (totals[w] + 2);
  return hits;
}

export function weightedMajorityVote(data: EncodedLabels, options: InferenceOptions = {}): InferenceResult {
  const K = data.classNames.length;
  let weights = options.workerWeights;
  if (!weights) {
    const accuracy = estimatedAccuracy(data, options);
    weights = accuracy.map((p) => Math.max(0, Math.log(((K - 1) * p) / (1 - p))));
  }
  const posteriors = normalizeRows(voteCounts(data, weights), K);
  clampGold(posteriors, K, options.gold);
  const result = decide(data, posteriors, {
    method: 'wmv',
    workerReliability: new Float64Array(0),
    iterations: 1,
    converged: true,
    seed: options.seed,
  });
  result.workerReliability = agreementWithLabels(data, result.labels);
  return result;
}

export const weightedMajorityVoteMethod: InferenceMethod = {
  name: 'wmv',
  description: 'weighted majority vote (given weights, or log-odds of accuracy vs gold/majority)',
  infer: weightedMajorityVote,
};
