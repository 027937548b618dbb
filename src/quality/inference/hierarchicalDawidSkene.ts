/**
 * Hierarchical Dawid–Skene (`hds`), the platform's default: full Dawid–Skene confusion
 * matrices whose Dirichlet prior is each worker's own MACE profile.
 *
 * Why: Dawid–Skene's K×K matrices per worker (Dawid & Skene 1979) are what the most accurate
 * published results on dense crowds use, but a worker with a handful of labels gets rows of
 * zeros and ones, and EM then reads their labels backwards. MACE (Hovy et al. 2013) has two
 * parameters per worker, so it cannot overfit that way, but it cannot express a worker who is
 * reliable on one class and not another. Putting one on top of the other gives both: like the
 * community priors of Venanzi et al. (2014, "Community-based Bayesian aggregation models for
 * crowdsourcing", WWW) and IBCC's Dirichlet rows (Kim & Ghahramani 2012), but with the prior
 * mean fitted per worker.
 *
 *   1. Fit MACE by variational Bayes, with priors centred on the crowd (mean competence,
 *      strength 2; pooled spamming habit, strength 1), from tasks with at least two labels.
 *   2. Run Dawid–Skene EM where worker w's confusion row k gets `priorStrength` pseudo-counts
 *      (default 1: one label's worth) spread as P_MACE(l | z = k) = θ_w·1[l = k] + (1−θ_w)·ξ_w[l].
 *      A worker with hundreds of labels ends up with their own matrix; one with three labels
 *      stays close to their MACE profile.
 *
 * Both stages learn worker parameters only from tasks another worker also labelled: a task
 * nobody else saw says nothing about its worker (MaceOptions.sharedTasksOnly). Every label
 * still counts when the tasks' posteriors are formed.
 *
 * The constants are the same for every data set; bench/quality and the tests report the
 * accuracy on the shared sets and on sparse synthetic crowds.
 */
import type { EncodedLabels } from '../encoded.js';
import { confusionEm } from './confusionEm.js';
import { maceFit } from './mace.js';
import type { InferenceMethod, InferenceOptions, InferenceResult } from './types.js';

export interface HierarchicalDawidSkeneOptions extends InferenceOptions {
  /** Pseudo-counts per confusion row spread as the worker's MACE profile. Default 1. */
  priorStrength?: number;
  /** Convergence tolerance of the MACE stage (largest posterior change). Default 1e-3. */
  priorTolerance?: number;
}

export function hierarchicalDawidSkene(data: EncodedLabels, options: HierarchicalDawidSkeneOptions = {}): InferenceResult {
  const K = data.classNames.length,
    W = data.workerNames.length;
  const { model } = maceFit(data, {
    ...options,
    // Only a prior: posteriors moving < 1e-3 are settled enough, and this stage is most of the time.
    tolerance: options.priorTolerance ?? 1e-3,
    variational: true,
    competencePriorStrength: 2,
    strategyPriorStrength: 1,
    sharedTasksOnly: true,
  });
  // Prior mean per worker row in confusionEm's [worker][observed][true] layout.
  const mean = new Float64Array(W * K * K);
  for (let w = 0; w < W; w++)
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let l = 0; l < K; l++)
        sum += mean[(w * K + l) * K + k] = (l === k ? model.honest[w] : 0) + model.guess[w] * model.habit[w * K + l];
      for (let l = 0; l < K; l++) mean[(w * K + l) * K + k] /= sum;
    }
  return confusionEm(data, options, {
    method: 'hds',
    diagonalPrior: 1e-9,
    offDiagonalPrior: 1e-9,
    classPrior: 1e-9,
    bayesian: false,
    workerPriorMean: mean,
    workerPriorStrength: options.priorStrength ?? 1,
    sharedTasksOnly: true,
    defaultMaxIterations: 100,
    defaultTolerance: 1e-5,
  });
}

export const hierarchicalDawidSkeneMethod: InferenceMethod = {
  name: 'hds',
  description: 'Hierarchical Dawid–Skene (confusion matrices with each worker’s MACE profile as prior)',
  infer: hierarchicalDawidSkene,
};
