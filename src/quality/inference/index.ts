/** Registry of categorical inference methods, keyed by CLI name, and the platform's default. */
import { bayesianDawidSkeneMethod } from './bayesianDawidSkene.js';
import { dawidSkeneMethod } from './dawidSkene.js';
import { gladMethod } from './glad.js';
import { maceMethod } from './mace.js';
import { majorityVoteMethod } from './majorityVote.js';
import { oneCoinDawidSkeneMethod } from './oneCoinDawidSkene.js';
import type { InferenceMethod } from './types.js';
import { wawaMethod } from './wawa.js';
import { weightedMajorityVoteMethod } from './weightedMajorityVote.js';

export const inferenceMethods: Readonly<Record<string, InferenceMethod>> = Object.fromEntries(
  [majorityVoteMethod, weightedMajorityVoteMethod, wawaMethod, oneCoinDawidSkeneMethod, dawidSkeneMethod, bayesianDawidSkeneMethod, gladMethod, maceMethod].map((m) => [m.name, m]),
);

/**
 * Used unless a project says otherwise. MACE has few parameters per worker (a competence and a
 * spamming habit, with Beta/Dirichlet priors), so workers with a handful of labels do not
 * overfit the way full Dawid–Skene confusion matrices do; on the seven shared sets it is the
 * most accurate method on average, with no hyper-parameter fitted to any of them (it uses the
 * paper's priors). See bench/quality and the closing note for the table and the gaps.
 */
export const DEFAULT_INFERENCE_METHOD = 'mace';

export * from './types.js';
export { majorityVote } from './majorityVote.js';
export { weightedMajorityVote } from './weightedMajorityVote.js';
export { wawa } from './wawa.js';
export { oneCoinDawidSkene } from './oneCoinDawidSkene.js';
export { dawidSkene } from './dawidSkene.js';
export { bayesianDawidSkene } from './bayesianDawidSkene.js';
export { glad } from './glad.js';
export { mace } from './mace.js';
