/**
 * Noisy Bradley–Terry with per-worker reliability (in the spirit of Chen, Bennett,
 * Collins-Thompson & Horvitz 2013, "Pairwise ranking aggregation in a crowdsourced setting",
 * WSDM, and crowd-kit's NoisyBT): worker w reports the true order with probability q_w and the
 * reverse otherwise,
 *   P(w says i ≻ j) = q_w σ(s_i − s_j) + (1 − q_w) σ(s_j − s_i).
 * EM: r_c = P(truthful | vote c); q_w = (Σ r_c + 4) / (n_w + 5) (a Beta(4, 1) prior: workers are
 * usually honest, which also fixes the direction); scores by Bradley–Terry MM on votes weighted
 * r_c as cast and 1 − r_c reversed. Reliability = q_w.
 */
import { fitPairTable } from './bradleyTerry.js';
import { buildPairTable } from './pairTable.js';
import type { Comparisons, RankingOptions } from './types.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function noisyBradleyTerryFit(
  comparisons: Comparisons,
  weights: Float64Array | undefined,
  options: RankingOptions,
): { scores: Float64Array; reliability: Float64Array } {
  const N = comparisons.winners.length,
    W = comparisons.workerNames.length;
  const table = buildPairTable(comparisons);
  const { pairOf, aWon } = table;
  const reliability = new Float64Array(W).fill(0.8),
    truthful = new Float64Array(W),
    seen = new Float64Array(W);
  let scores: Float64Array | undefined;
  for (let round = 0; round < (options.maxIterations ?? 30); round++) {
    scores = fitPairTable(table, { ...options, maxIterations: 200 }, scores);
    truthful.fill(0), seen.fill(0);
    table.winsA.fill(0), table.winsB.fill(0);
    for (let c = 0; c < N; c++) {
      const weight = weights ? weights[c] : 1,
        w = comparisons.workers[c];
      const p = sigmoid(scores[comparisons.winners[c]] - scores[comparisons.losers[c]]);
      const r = (reliability[w] * p) / (reliability[w] * p + (1 - reliability[w]) * (1 - p));
      (truthful[w] += weight * r), (seen[w] += weight);
      const asCast = weight * r,
        reversed = weight * (1 - r);
      if (aWon[c]) (table.winsA[pairOf[c]] += asCast), (table.winsB[pairOf[c]] += reversed);
      else (table.winsB[pairOf[c]] += asCast), (table.winsA[pairOf[c]] += reversed);
    }
    let change = 0;
    for (let w = 0; w < W; w++) {
      const q = (truthful[w] + 4) / (seen[w] + 5);
      change = Math.max(change, Math.abs(q - reliability[w]));
      reliability[w] = q;
    }
    if (change < 1e-6) break;
  }
  return { scores: fitPairTable(table, options, scores), reliability };
}

export const noisyBradleyTerry = (comparisons: Comparisons, weights: Float64Array | undefined, options: RankingOptions): Float64Array =>
  noisyBradleyTerryFit(comparisons, weights, options).scores;
