/** Pairwise comparisons (who beat whom, judged by which worker) as typed arrays. */
export interface Comparisons {
  winners: Int32Array;
  losers: Int32Array;
  workers: Int32Array;
  itemNames: readonly string[];
  workerNames: readonly string[];
}

export interface RankingOptions {
  /** Pseudo-comparisons against a virtual average item (one win, one loss, each this weight). */
  regularization?: number;
  maxIterations?: number;
  tolerance?: number;
  seed?: number;
}

/**
 * A fitting method: per-item scores on a log-strength scale, centred to mean 0. `weights`
 * (one per comparison, default 1) lets the bootstrap resample without copying data.
 */
export type RankingFit = (comparisons: Comparisons, weights: Float64Array | undefined, options: RankingOptions) => Float64Array;

export interface RankingResult {
  method: string;
  scores: Float64Array;
  /** Percentile bootstrap interval (equal to the score when no bootstrap was run). */
  lower: Float64Array;
  upper: Float64Array;
  /** 1 = best; ties share the better rank. */
  rank: Int32Array;
  rounds: number;
}

export function centre(scores: Float64Array): Float64Array {
  let mean = 0;
  for (const s of scores) mean += s;
  mean /= scores.length || 1;
  for (let i = 0; i < scores.length; i++) scores[i] -= mean;
  return scores;
}
