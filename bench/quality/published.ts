/**
 * Published accuracies on the shared sets (see ../shared/data/README.md), in percent.
 * Zheng, Li, Li, Shan & Cheng, "Truth Inference in Crowdsourcing: Is the Problem Solved?",
 * VLDB 2017, Table 6; and crowd-kit (Ustalov et al., JOSS) on the same files.
 */
export const ZHENG_2017: Record<string, Record<'product' | 'sentiment' | 'relevance', number>> = {
  MV: { product: 89.66, sentiment: 93.31, relevance: 54.19 },
  ZC: { product: 92.8, sentiment: 95.1, relevance: 48.21 },
  GLAD: { product: 92.2, sentiment: 95.2, relevance: 53.59 },
  'D&S': { product: 93.66, sentiment: 96.0, relevance: 61.3 },
  Minimax: { product: 84.09, sentiment: 95.8, relevance: 57.59 },
  BCC: { product: 93.78, sentiment: 96.0, relevance: 60.72 },
  LFC: { product: 93.73, sentiment: 96.0, relevance: 61.64 },
  PM: { product: 89.81, sentiment: 95.04, relevance: 59.02 },
};

export const CROWD_KIT: Record<string, Record<'product' | 'sentiment' | 'relevance' | 'adult', number>> = {
  MV: { product: 89.7, sentiment: 93.2, relevance: 53.6, adult: 76.3 },
  Wawa: { product: 89.7, sentiment: 95.1, relevance: 55.7, adult: 76.6 },
  DS: { product: 94.0, sentiment: 96.0, relevance: 61.5, adult: 74.8 },
  GLAD: { product: 92.8, sentiment: 94.8, relevance: 51.1, adult: 76.0 },
  MACE: { product: 92.9, sentiment: 95.0, relevance: 50.1, adult: 76.3 },
};

/** Best published figure per set, over both sources, with the decimals (in %) it was published to. */
export function bestPublished(set: string): { accuracy: number; by: string; decimals: number } | undefined {
  let best: { accuracy: number; by: string; decimals: number } | undefined;
  // Zheng et al. print percentages to 2 decimals; crowd-kit prints fractions to 3 digits (1 decimal in %).
  for (const [source, table, decimals] of [
    ['Zheng 2017', ZHENG_2017, 2],
    ['crowd-kit', CROWD_KIT, 1],
  ] as const)
    for (const [method, row] of Object.entries(table)) {
      const v = (row as Record<string, number>)[set];
      if (v !== undefined && (!best || v > best.accuracy)) best = { accuracy: v, by: `${method} (${source})`, decimals };
    }
  return best;
}

/** Our accuracy (in %) rounded the way the figure it is compared with was published. */
export function atPublishedPrecision(accuracyPct: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(accuracyPct * scale) / scale;
}

/** Emotion (numeric), Zheng et al. 2017: MAE / RMSE. */
export const EMOTION_PUBLISHED = { Mean: { mae: 12.02, rmse: 17.84 }, Median: { mae: 13.53, rmse: 21.26 } };
