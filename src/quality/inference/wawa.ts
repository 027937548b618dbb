/**
 * Wawa, "worker agreement with aggregate" (as in crowd-kit, Ustalov et al.): run majority vote,
 * take each worker's share of labels agreeing with it as their weight a_w, then
 * ŷ_t = argmax_k Σ_i a_{worker(i)} 1[l_i = k]. Reliability = a_w.
 */
import type { EncodedLabels } from '../encoded.js';
import { agreementWithLabels, clampGold, decide, normalizeRows, voteCounts } from './common.js';
import { majorityVote } from './majorityVote.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export function wawa(data: EncodedLabels, options: InferenceOptions = {}): InferenceResult {
  const K = data.classNames.length;
  const agreement = agreementWithLabels(data, majorityVote(data, options).labels);
  const posteriors = normalizeRows(voteCounts(data, agreement), K);
  clampGold(posteriors, K, options.gold);
  return decide(data, posteriors, { method: 'wawa', workerReliability: agreement, iterations: 2, converged: true, seed: options.seed });
}

export const wawaMethod: InferenceMethod = { name: 'wawa', description: 'worker agreement with aggregate', infer: wawa };
