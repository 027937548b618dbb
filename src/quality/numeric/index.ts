/** Numeric rating aggregation methods, keyed by CLI name. */
import { biasCorrectedMean } from './biasCorrectedMean.js';
import { meanRating, medianRating } from './meanMedian.js';
import type { NumericMethod } from './types.js';

export const numericMethods: Readonly<Record<string, NumericMethod>> = {
  mean: meanRating,
  median: medianRating,
  bcmean: biasCorrectedMean,
};

export * from './types.js';
export { meanRating, medianRating, biasCorrectedMean };
