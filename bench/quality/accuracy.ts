/** Accuracy of every inference method on every shared categorical set, against its gold. */
import { join } from 'node:path';
import { readGoldFile, readLabelsFile } from '../../src/cli/io/labelsFile.js';
import { encodeGold } from '../../src/quality/encoded.js';
import { goldAccuracy } from '../../src/quality/gold.js';
import { inferenceMethods } from '../../src/quality/inference/index.js';

export const CATEGORICAL_SETS = ['product', 'sentiment', 'relevance', 'adult', 'rte', 'temp', 'bluebirds'] as const;

export interface AccuracyCell {
  set: string;
  method: string;
  /** Strict accuracy of the seeded tie-broken labels. */
  accuracy: number;
  /** Ties counted fractionally (1/k), the published MV convention. */
  fractionalAccuracy: number;
  goldTasks: number;
  iterations: number;
  seconds: number;
}

export function evaluateSet(dataDir: string, set: string, methods: string[] = Object.keys(inferenceMethods)): AccuracyCell[] {
  const labels = readLabelsFile(join(dataDir, 'crowd', set, 'labels.csv'));
  const { data, gold } = encodeGold(labels, readGoldFile(join(dataDir, 'crowd', set, 'gold.csv')));
  return methods.map((method) => {
    const start = performance.now();
    const result = inferenceMethods[method].infer(data, { seed: 0 });
    const seconds = (performance.now() - start) / 1000;
    return {
      set,
      method,
      accuracy: goldAccuracy(result.labels, gold).value,
      fractionalAccuracy: goldAccuracy(result.labels, gold, result.posteriors, data.classNames.length).value,
      goldTasks: goldAccuracy(result.labels, gold).total,
      iterations: result.iterations,
      seconds,
    };
  });
}
