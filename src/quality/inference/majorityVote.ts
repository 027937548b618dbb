/**
 * Majority vote: ŷ_t = argmax_k Σ_{i: task i = t} 1[l_i = k]. Confidence is the vote share of
 * the winner; ties are broken by a seeded draw and their size is kept in `tieSize`, so
 * accuracy can count a k-way tie as 1/k (as Zheng et al., VLDB 2017, do).
 * Worker reliability: share of the worker's labels that agree with the majority.
 */
import type { EncodedLabels } from '../encoded.js';
import { agreementWithLabels, clampGold, decide, majorityPosteriors } from './common.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export function majorityVote(data: EncodedLabels, options: InferenceOptions = {}): InferenceResult {
  const posteriors = majorityPosteriors(data);
  clampGold(posteriors, data.classNames.length, options.gold);
  const result = decide(data, posteriors, {
    method: 'mv',
    workerReliability: new Float64Array(0),
    iterations: 1,
    converged: true,
    seed: options.seed,
  });
  result.workerReliability = agreementWithLabels(data, result.labels);
  return result;
}

export const majorityVoteMethod: InferenceMethod = {
  name: 'mv',
  description: 'majority vote (seeded tie-break)',
  infer: majorityVote,
};
