/**
 * Bayesian Dawid–Skene, i.e. Independent Bayesian Classifier Combination (IBCC): Kim &
 * Ghahramani (2012), "Bayesian classifier combination", AISTATS; variational inference as in
 * Simpson et al. (2013), "Dynamic Bayesian combination of multiple imperfect classifiers".
 *
 * Model: π ~ Dir(ν₀); θ_w[k] ~ Dir(α₀[k]) with α₀[k][k] = d and α₀[k][l≠k] = o; z_t ~ Cat(π);
 * l_i | z_t = k ~ Cat(θ_{worker(i)}[k]). Mean-field VB alternates q(z) and Dirichlet q(θ), q(π),
 * using E[log θ] = ψ(α) − ψ(Σα).
 *
 * Why: plain Dawid–Skene fits K(K−1) free parameters per worker, which
 * overfits workers with only a handful of labels; the Dirichlet prior shrinks them towards
 * "usually right, errors spread evenly" and lets their evidence grow with their label count.
 * On top of the standard IBCC prior (d = 2, o = 1) each row gets 10 pseudo-counts spread as the
 * pooled confusion row of all workers (empirical Bayes, re-estimated every iteration; cf. the
 * community priors of Venanzi et al. 2014, "Community-based Bayesian aggregation models for
 * crowdsourcing", WWW): a worker with few labels looks like the crowd, not like a perfect or a
 * random labeller. These constants are the same for every data set.
 */
import type { EncodedLabels } from '../encoded.js';
import { confusionEm } from './confusionEm.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export interface BayesianDawidSkeneOptions extends InferenceOptions {
  /** Dirichlet pseudo-count for a correct answer. Default 2. */
  diagonalPrior?: number;
  /** Dirichlet pseudo-count for each wrong answer. Default 1. */
  offDiagonalPrior?: number;
  /** Dirichlet pseudo-count per class on the class prior. Default 1. */
  classPrior?: number;
  /** Pseudo-counts per confusion row spread as the pooled all-worker confusion row. Default 10. */
  pooledPriorStrength?: number;
}

export function bayesianDawidSkene(data: EncodedLabels, options: BayesianDawidSkeneOptions = {}): InferenceResult {
  return confusionEm(data, options, {
    method: 'bds',
    diagonalPrior: options.diagonalPrior ?? 2,
    offDiagonalPrior: options.offDiagonalPrior ?? 1,
    classPrior: options.classPrior ?? 1,
    bayesian: true,
    pooledPriorStrength: options.pooledPriorStrength ?? 10,
    defaultMaxIterations: 100,
    defaultTolerance: 1e-5,
  });
}

export const bayesianDawidSkeneMethod: InferenceMethod = {
  name: 'bds',
  description: 'Bayesian Dawid–Skene / IBCC (variational, Dirichlet priors on confusion rows)',
  infer: bayesianDawidSkene,
};
