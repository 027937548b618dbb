/**
 * Elo ratings (Elo 1978, "The Rating of Chessplayers, Past and Present"), for comparison:
 * one pass over the comparisons in file order, expected score E = 1/(1 + 10^((R_j − R_i)/400)),
 * update R ← R ± k(1 − E) with k = 16. Order-dependent by design; reported on the natural-log
 * strength scale (R · ln 10 / 400) so it is comparable with Bradley–Terry scores.
 */
import { centre, type RankingFit } from './types.js';

const K_FACTOR = 16;

export const elo: RankingFit = (comparisons, weights) => {
  const rating = new Float64Array(comparisons.itemNames.length);
  const { winners, losers } = comparisons;
  for (let c = 0; c < winners.length; c++) {
    const times = weights ? weights[c] : 1;
    for (let t = 0; t < times; t++) {
      const w = winners[c],
        l = losers[c];
      const expected = 1 / (1 + Math.pow(10, (rating[l] - rating[w]) / 400));
      rating[w] += K_FACTOR * (1 - expected);
      rating[l] -= K_FACTOR * (1 - expected);
    }
  }
  return centre(rating.map((r) => (r * Math.LN10) / 400));
};
