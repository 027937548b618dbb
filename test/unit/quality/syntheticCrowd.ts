/** Small seeded crowds for unit tests, built on the benchmark generator. */
import { generateCrowd, type SyntheticCrowd } from '../../../bench/quality/synthetic.js';
import type { EncodedLabels } from '../../../src/quality/encoded.js';
import { asEncoded } from '../../../bench/quality/sparseCrowds.js';

export function smallCrowd(
  seed = 7,
  nTasks = 400,
  labelsPerTask = 5,
  nWorkers = 30,
  nClasses = 3,
): { crowd: SyntheticCrowd; data: EncodedLabels } {
  const crowd = generateCrowd({ nTasks, labelsPerTask, nWorkers, nClasses, seed });
  const data = asEncoded(crowd);
  return { crowd, data };
}

export function accuracyAgainst(labels: Int32Array, truth: Int32Array): number {
  let hits = 0;
  for (let t = 0; t < truth.length; t++) if (labels[t] === truth[t]) hits++;
  return hits / truth.length;
}
