/**
 * One tutor × domain reliability from two sources of evidence (pure):
 *
 *   reliability = (goldCorrect + m·w) / (goldTotal + w)
 *
 * the mean of a Beta posterior on the tutor's accuracy whose prior is the batch model's estimate:
 * mean m = model accuracy (UNKNOWN_ACCURACY without one), strength w = PRIOR_WEIGHT + modelLabels/4,
 * capped at MODEL_WEIGHT_CAP. So a newcomer is 0.7 worth 4 answers; a tutor the model has seen on
 * 64+ labels starts from the model's estimate worth 20 answers; gold (known answers, one pseudo-count
 * each) then moves it, and 20 gold answers weigh as much as the model's strongest opinion.
 * The model's labels count 1/4 each because they are inferred from the same crowd, not known.
 */
export const UNKNOWN_ACCURACY = 0.7;
export const PRIOR_WEIGHT = 4;
export const MODEL_WEIGHT_CAP = 20;

export interface ReliabilityEvidence {
  goldTotal: number;
  goldCorrect: number;
  modelAccuracy: number | null;
  modelLabels: number;
}

export function blendReliability(e: ReliabilityEvidence): number {
  const m = e.modelAccuracy ?? UNKNOWN_ACCURACY;
  const w = e.modelAccuracy === null ? PRIOR_WEIGHT : Math.min(PRIOR_WEIGHT + e.modelLabels / 4, MODEL_WEIGHT_CAP);
  return (e.goldCorrect + m * w) / (e.goldTotal + w);
}
