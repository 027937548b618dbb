/**
 * A seeded crowd with known truth for the adaptive-overlap replay: one-coin workers drawn from a
 * mix of groups (experts, ordinary workers, spammers who answer uniformly at random), each item
 * labelled by distinct workers chosen uniformly. Rows come out item by item; shuffle them with
 * `shuffledArrival` for an arrival order. (The test helper's generator draws confusion matrices
 * of other shapes — class-biased, constant — so this one is separate, to make the accuracy mix explicit.)
 */
import type { EncodedLabels } from '../encoded.js';
import { createRng } from '../random.js';

export interface WorkerGroup {
  name: string;
  /** Share of the workers in this group (the shares are normalised). */
  share: number;
  /** Accuracy drawn uniformly in [low, high]; `null` = a spammer (uniform answer, accuracy 1/K). */
  accuracy: readonly [number, number] | null;
}

export const DEFAULT_WORKER_MIX: readonly WorkerGroup[] = [
  { name: 'expert', share: 0.2, accuracy: [0.85, 0.95] },
  { name: 'ordinary', share: 0.65, accuracy: [0.55, 0.75] },
  { name: 'spammer', share: 0.15, accuracy: null },
];

export interface MixedCrowdOptions {
  nItems: number;
  nClasses: number;
  nWorkers: number;
  labelsPerItem: number;
  seed: number;
  mix?: readonly WorkerGroup[];
}

export interface MixedCrowd {
  data: EncodedLabels;
  /** Per item, the true class index. */
  truth: Int32Array;
  /** Per worker, its true accuracy. */
  workerAccuracy: Float64Array;
  /** Per worker, its group name. */
  workerGroup: string[];
}

export function generateMixedCrowd(options: MixedCrowdOptions): MixedCrowd {
  const { nItems, nClasses: K, nWorkers, labelsPerItem, seed } = options;
  if (labelsPerItem > nWorkers) throw new Error('labelsPerItem cannot exceed nWorkers (workers are distinct per item)');
  const mix = options.mix ?? DEFAULT_WORKER_MIX;
  const rng = createRng(seed);
  const totalShare = mix.reduce((a, g) => a + g.share, 0);
  // Group sizes by largest remainder, so the mix is exact rather than sampled.
  const exact = mix.map((g) => (g.share / totalShare) * nWorkers);
  const sizes = exact.map(Math.floor);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let r = 0; sizes.reduce((a, b) => a + b, 0) < nWorkers; r++) sizes[byRemainder[r % mix.length][1]]++;
  const workerAccuracy = new Float64Array(nWorkers);
  const workerGroup: string[] = [];
  let w = 0;
  mix.forEach((g, gi) => {
    for (let i = 0; i < sizes[gi]; i++, w++) {
      workerGroup.push(g.name);
      workerAccuracy[w] = g.accuracy ? g.accuracy[0] + (g.accuracy[1] - g.accuracy[0]) * rng.next() : 1 / K;
    }
  });
  const truth = new Int32Array(nItems);
  const N = nItems * labelsPerItem;
  const workers = new Int32Array(N),
    tasks = new Int32Array(N),
    labels = new Int32Array(N);
  const chosen = new Set<number>();
  let i = 0;
  for (let t = 0; t < nItems; t++) {
    truth[t] = rng.int(K);
    chosen.clear();
    while (chosen.size < labelsPerItem) chosen.add(rng.int(nWorkers));
    for (const v of chosen) {
      workers[i] = v;
      tasks[i] = t;
      // One-coin: right with the worker's accuracy, otherwise one of the other K − 1 classes.
      labels[i] = rng.next() < workerAccuracy[v] ? truth[t] : (truth[t] + 1 + rng.int(K - 1)) % K;
      i++;
    }
  }
  const data: EncodedLabels = {
    workers,
    tasks,
    labels,
    workerNames: Array.from({ length: nWorkers }, (_, v) => `w${v}`),
    taskNames: Array.from({ length: nItems }, (_, t) => `t${t}`),
    classNames: Array.from({ length: K }, (_, k) => String(k)),
  };
  return { data, truth, workerAccuracy, workerGroup };
}
