/**
 * Accuracy on synthetic crowds where most workers give a handful of labels (Zipf activity,
 * 1–7 labels per task): the regime the shared sets under-represent and where plain
 * Dawid–Skene overfits. None of the methods' constants were chosen on these crowds.
 */
import type { EncodedLabels } from '../../src/quality/encoded.js';
import { inferenceMethods } from '../../src/quality/inference/index.js';
import { generateSparseCrowd, oracleAccuracy, type SyntheticCrowd } from './synthetic.js';

export const SPARSE_CROWDS = [
  { nClasses: 2, nTasks: 3000, nWorkers: 200, activitySkew: 0.8 },
  { nClasses: 3, nTasks: 3000, nWorkers: 300, activitySkew: 1.0 },
  { nClasses: 4, nTasks: 3000, nWorkers: 600, activitySkew: 1.2 },
  { nClasses: 5, nTasks: 5000, nWorkers: 1000, activitySkew: 1.1 },
] as const;

export interface SparseCrowdRow {
  crowd: string;
  seeds: number;
  oracle: number;
  /** Mean accuracy per method over the seeds. */
  accuracy: Record<string, number>;
}

export function asEncoded(crowd: SyntheticCrowd): EncodedLabels {
  return {
    workers: crowd.workers,
    tasks: crowd.tasks,
    labels: crowd.labels,
    workerNames: Array.from({ length: crowd.nWorkers }, (_, w) => `w${w}`),
    taskNames: Array.from({ length: crowd.nTasks }, (_, t) => `t${t}`),
    classNames: Array.from({ length: crowd.nClasses }, (_, k) => String(k)),
  };
}

export function evaluateSparseCrowds(methods: string[], seeds = 3): SparseCrowdRow[] {
  return SPARSE_CROWDS.map((shape) => {
    const sums: Record<string, number> = Object.fromEntries(methods.map((m) => [m, 0]));
    let oracle = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const crowd = generateSparseCrowd({ ...shape, maxLabelsPerTask: 7, seed: 1000 * shape.nClasses + seed });
      const data = asEncoded(crowd);
      oracle += oracleAccuracy(crowd);
      for (const m of methods) {
        const { labels } = inferenceMethods[m].infer(data, { seed });
        let hits = 0;
        for (let t = 0; t < crowd.nTasks; t++) if (labels[t] === crowd.truth[t]) hits++;
        sums[m] += hits / crowd.nTasks;
      }
    }
    const name = `K=${shape.nClasses}, ${shape.nTasks} tasks, ${shape.nWorkers} workers, Zipf ${shape.activitySkew}`;
    return { crowd: name, seeds, oracle: oracle / seeds, accuracy: Object.fromEntries(methods.map((m) => [m, sums[m] / seeds])) };
  });
}
