/** Registry of categorical inference methods, keyed by CLI name, and the platform's default. */
import { autoMethod } from './auto.js';
import { bayesianDawidSkeneMethod } from './bayesianDawidSkene.js';
import { bwaMethod } from './bwa.js';
import { dawidSkeneMethod } from './dawidSkene.js';
import { ebccMethod } from './ebcc.js';
import { gladMethod } from './glad.js';
import { hierarchicalDawidSkeneMethod } from './hierarchicalDawidSkene.js';
import { maceMethod } from './mace.js';
import { majorityVoteMethod } from './majorityVote.js';
import { oneCoinDawidSkeneMethod } from './oneCoinDawidSkene.js';
import type { InferenceMethod } from './types.js';
import { wawaMethod } from './wawa.js';
import { weightedMajorityVoteMethod } from './weightedMajorityVote.js';

export const inferenceMethods: Readonly<Record<string, InferenceMethod>> = Object.fromEntries(
  [
    majorityVoteMethod,
    weightedMajorityVoteMethod,
    wawaMethod,
    oneCoinDawidSkeneMethod,
    dawidSkeneMethod,
    bayesianDawidSkeneMethod,
    gladMethod,
    maceMethod,
    hierarchicalDawidSkeneMethod,
    ebccMethod,
    bwaMethod,
    autoMethod,
  ].map((m) => [m.name, m]),
);

/**
 * Used unless a project says otherwise. Hierarchical Dawid–Skene keeps full confusion matrices
 * for workers with plenty of labels and falls back to each worker's two-parameter MACE profile
 * for those with a handful, so it is at least as accurate as the best published figure on every
 * shared set with published figures (product, sentiment, relevance, adult) and close to MACE on
 * sparse synthetic crowds, with the same constants everywhere. See hierarchicalDawidSkene.ts,
 * bench/quality and the closing note for the numbers.
 */
export const DEFAULT_INFERENCE_METHOD = 'hds';

export * from './types.js';
export { majorityVote } from './majorityVote.js';
export { weightedMajorityVote } from './weightedMajorityVote.js';
export { wawa } from './wawa.js';
export { oneCoinDawidSkene } from './oneCoinDawidSkene.js';
export { dawidSkene } from './dawidSkene.js';
export { bayesianDawidSkene } from './bayesianDawidSkene.js';
export { glad } from './glad.js';
export { mace, maceFit } from './mace.js';
export { hierarchicalDawidSkene } from './hierarchicalDawidSkene.js';
export { ebcc } from './ebcc.js';
export { bwa } from './bwa.js';
export { auto } from './auto.js';
