/** Ranking methods keyed by CLI name, and one call that fits, bootstraps and ranks. */
import { bootstrapScores } from './bootstrap.js';
import { bradleyTerry } from './bradleyTerry.js';
import { elo } from './elo.js';
import { noisyBradleyTerry } from './noisyBradleyTerry.js';
import type { Comparisons, RankingFit, RankingOptions, RankingResult } from './types.js';

export const rankingMethods: Readonly<Record<string, RankingFit>> = { bt: bradleyTerry, noisybt: noisyBradleyTerry, elo };

/** Ranks 1 = best; equal scores share the better rank. */
export function ranksOf(scores: Float64Array): Int32Array {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  const rank = new Int32Array(scores.length);
  order.forEach((item, position) => {
    rank[item] = position > 0 && scores[order[position - 1]] === scores[item] ? rank[order[position - 1]] : position + 1;
  });
  return rank;
}

export function rankItems(comparisons: Comparisons, method: string, options: RankingOptions & { bootstrap?: number } = {}): RankingResult {
  const fitRanking = rankingMethods[method];
  if (!fitRanking) throw new RangeError(`unknown ranking method "${method}"`);
  const scores = fitRanking(comparisons, undefined, options);
  const rounds = options.bootstrap ?? 0;
  let lower: Float64Array = scores.slice(),
    upper: Float64Array = scores.slice();
  if (rounds > 0)
    ({ lower, upper } = bootstrapScores(comparisons, method === 'bt' ? 'bt' : fitRanking, { ...options, rounds, fullFit: scores }));
  return { method, scores, lower, upper, rank: ranksOf(scores), rounds };
}

export * from './types.js';
export { bradleyTerry, noisyBradleyTerry, elo };
export { plackettLuce, type Rankings } from './plackettLuce.js';
export { bootstrapScores } from './bootstrap.js';
