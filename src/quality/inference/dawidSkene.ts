/**
 * Dawid & Skene (1979), "Maximum likelihood estimation of observer error-rates using the EM
 * algorithm", Applied Statistics 28(1).
 *
 * Model: truth z_t ~ Categorical(π); each label l_i | z_t = k ~ Categorical(θ_{worker(i)}[k]).
 * EM from majority-vote posteriors; θ and π are re-estimated from expected counts with an
 * additive smoothing (default 1e-9, a floor against log 0; raise it to regularise). Stops when
 * the relative change of the log-likelihood falls below the
 * tolerance, or at the iteration cap.
 */
import type { EncodedLabels } from '../encoded.js';
import { confusionEm } from './confusionEm.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export interface DawidSkeneOptions extends InferenceOptions {
  /** Additive pseudo-count on every confusion cell and class count. Default 1e-9: only a floor against log 0, so this is the classic unsmoothed algorithm (as crowd-kit). */
  smoothing?: number;
}

export function dawidSkene(data: EncodedLabels, options: DawidSkeneOptions = {}): InferenceResult {
  const smoothing = options.smoothing ?? 1e-9;
  return confusionEm(data, options, {
    method: 'ds',
    diagonalPrior: smoothing,
    offDiagonalPrior: smoothing,
    classPrior: smoothing,
    bayesian: false,
    defaultMaxIterations: 100,
    defaultTolerance: 1e-5,
  });
}

export const dawidSkeneMethod: InferenceMethod = {
  name: 'ds',
  description: 'Dawid–Skene (EM, full confusion matrices)',
  infer: dawidSkene,
};
