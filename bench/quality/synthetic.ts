/**
 * A seeded crowd with known truth for the speed benchmark: tasks with a skewed class prior,
 * workers of mixed quality (good, class-biased, spammers), each with a true confusion matrix,
 * so the oracle posterior (true θ and π) gives the best accuracy any method could reach.
 */
import { createRng } from '../../src/quality/random.js';

export interface SyntheticCrowd {
  nTasks: number;
  nWorkers: number;
  nClasses: number;
  truth: Int32Array;
  workers: Int32Array;
  tasks: Int32Array;
  labels: Int32Array;
  /** [worker][true][observed] */
  confusion: Float64Array;
  prior: Float64Array;
}

type Rng = ReturnType<typeof createRng>;

export function generateCrowd(options: {
  nTasks: number;
  labelsPerTask: number;
  nWorkers: number;
  nClasses: number;
  seed: number;
}): SyntheticCrowd {
  const { nTasks, labelsPerTask, nWorkers, nClasses: K, seed } = options;
  const rng = createRng(seed);
  const prior = new Float64Array(K).map((_, k) => K - k);
  const priorSum = prior.reduce((a, b) => a + b, 0);
  prior.forEach((p, k) => (prior[k] = p / priorSum));
  const confusion = workerConfusions(rng, nWorkers, K);
  const draw = (p: Float64Array, offset: number): number => drawIndex(rng, p, offset, K);
  const truth = new Int32Array(nTasks);
  const N = nTasks * labelsPerTask;
  const workers = new Int32Array(N),
    tasks = new Int32Array(N),
    labels = new Int32Array(N);
  const chosen = new Set<number>();
  let i = 0;
  for (let t = 0; t < nTasks; t++) {
    truth[t] = draw(prior, 0);
    chosen.clear();
    while (chosen.size < labelsPerTask) chosen.add(rng.int(nWorkers));
    for (const w of chosen) {
      (workers[i] = w), (tasks[i] = t), (labels[i] = draw(confusion, (w * K + truth[t]) * K));
      i++;
    }
  }
  return { nTasks, nWorkers, nClasses: K, truth, workers, tasks, labels, confusion, prior };
}

/**
 * A crowd like the real ones where plain Dawid–Skene overfits: worker activity follows a Zipf
 * law (a few workers do most of the work, many give a handful of labels), each task gets 1 to
 * `maxLabelsPerTask` labels, and the class prior is steeper than generateCrowd's.
 */
export function generateSparseCrowd(options: {
  nTasks: number;
  maxLabelsPerTask: number;
  nWorkers: number;
  nClasses: number;
  activitySkew: number;
  seed: number;
}): SyntheticCrowd {
  const { nTasks, maxLabelsPerTask, nWorkers, nClasses: K, activitySkew, seed } = options;
  const rng = createRng(seed);
  const prior = new Float64Array(K).map((_, k) => (K - k) ** 1.5);
  const priorSum = prior.reduce((a, b) => a + b, 0);
  prior.forEach((p, k) => (prior[k] = p / priorSum));
  const confusion = workerConfusions(rng, nWorkers, K);
  const activity = new Float64Array(nWorkers);
  let total = 0;
  for (let w = 0; w < nWorkers; w++) activity[w] = total += 1 / (w + 1) ** activitySkew;
  const pickWorker = (): number => {
    const u = rng.next() * total;
    let lo = 0,
      hi = nWorkers - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (activity[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const truth = new Int32Array(nTasks);
  const workers: number[] = [],
    tasks: number[] = [],
    labels: number[] = [];
  const chosen = new Set<number>();
  for (let t = 0; t < nTasks; t++) {
    truth[t] = drawIndex(rng, prior, 0, K);
    const wanted = 1 + rng.int(maxLabelsPerTask);
    chosen.clear();
    for (let tries = 0; chosen.size < wanted && tries < 100; tries++) chosen.add(pickWorker());
    for (const w of chosen) workers.push(w), tasks.push(t), labels.push(drawIndex(rng, confusion, (w * K + truth[t]) * K, K));
  }
  return {
    nTasks,
    nWorkers,
    nClasses: K,
    truth,
    workers: Int32Array.from(workers),
    tasks: Int32Array.from(tasks),
    labels: Int32Array.from(labels),
    confusion,
    prior,
  };
}

/**
 * The issue-17 crowd, drawn from the Dawid–Skene model itself: every task gets `labelsPerTask`
 * labels from distinct workers chosen uniformly; workers are 60 % decent (right 55–80 % of the
 * time), 25 % weak (right 30–45 %), 10 % uniform spammers and 5 % who always give one class;
 * wrong answers are spread by random per-row weights. 100k tasks × 10 labels, 2,000 workers and
 * 5 classes make the 1M-label benchmark.
 */
export function generateDawidSkeneCrowd(options: {
  nTasks: number;
  labelsPerTask: number;
  nWorkers: number;
  nClasses: number;
  seed: number;
}): SyntheticCrowd {
  const { nTasks, labelsPerTask, nWorkers, nClasses: K, seed } = options;
  const rng = createRng(seed);
  const prior = new Float64Array(K).map(() => 0.5 + rng.next());
  const priorSum = prior.reduce((a, b) => a + b, 0);
  prior.forEach((p, k) => (prior[k] = p / priorSum));
  const confusion = new Float64Array(nWorkers * K * K);
  for (let w = 0; w < nWorkers; w++) {
    const kind = rng.next(),
      favourite = rng.int(K);
    const right = kind < 0.6 ? 0.55 + 0.25 * rng.next() : 0.3 + 0.15 * rng.next();
    for (let k = 0; k < K; k++) {
      const row = (w * K + k) * K;
      if (kind >= 0.85) {
        for (let l = 0; l < K; l++) confusion[row + l] = kind < 0.95 ? 1 / K : l === favourite ? 1 : 0;
        continue;
      }
      let wrong = 0;
      for (let l = 0; l < K; l++) if (l !== k) wrong += confusion[row + l] = 0.2 + rng.next();
      for (let l = 0; l < K; l++) confusion[row + l] = l === k ? right : ((1 - right) * confusion[row + l]) / wrong;
    }
  }
  const truth = new Int32Array(nTasks);
  const N = nTasks * labelsPerTask;
  const workers = new Int32Array(N),
    tasks = new Int32Array(N),
    labels = new Int32Array(N);
  const chosen = new Set<number>();
  let i = 0;
  for (let t = 0; t < nTasks; t++) {
    truth[t] = drawIndex(rng, prior, 0, K);
    chosen.clear();
    while (chosen.size < labelsPerTask) chosen.add(rng.int(nWorkers));
    for (const w of chosen) (workers[i] = w), (tasks[i] = t), (labels[i++] = drawIndex(rng, confusion, (w * K + truth[t]) * K, K));
  }
  return { nTasks, nWorkers, nClasses: K, truth, workers, tasks, labels, confusion, prior };
}

function drawIndex(rng: Rng, p: Float64Array, offset: number, K: number): number {
  let u = rng.next();
  for (let k = 0; k < K - 1; k++) if ((u -= p[offset + k]) < 0) return k;
  return K - 1;
}

/** Workers of mixed quality: 15 % uniform spammers, 5 % always one class, 15 % biased, 65 % good. */
function workerConfusions(rng: Rng, nWorkers: number, K: number): Float64Array {
  const confusion = new Float64Array(nWorkers * K * K);
  for (let w = 0; w < nWorkers; w++) {
    const kind = rng.next();
    const favourite = rng.int(K);
    for (let k = 0; k < K; k++) {
      const row = (w * K + k) * K;
      let sum = 0;
      for (let l = 0; l < K; l++) {
        let v: number;
        if (kind < 0.15)
          v = 1; // uniform spammer
        else if (kind < 0.2)
          v = l === favourite ? 20 : 0.05; // always says the same class
        else if (kind < 0.35)
          v = l === k ? 3 : l === favourite ? 2 : 0.3 + rng.next(); // biased towards one class
        else v = l === k ? 4 + 12 * rng.next() : 0.2 + rng.next(); // good, 50–95 % right
        confusion[row + l] = v;
        sum += v;
      }
      for (let l = 0; l < K; l++) confusion[row + l] /= sum;
    }
  }
  return confusion;
}

/** Accuracy of the posterior computed with the generator's true θ and π. */
export function oracleAccuracy(crowd: SyntheticCrowd): number {
  const K = crowd.nClasses;
  const scores = new Float64Array(crowd.nTasks * K);
  for (let t = 0; t < crowd.nTasks; t++) for (let k = 0; k < K; k++) scores[t * K + k] = Math.log(crowd.prior[k]);
  for (let i = 0; i < crowd.labels.length; i++) {
    const w = crowd.workers[i],
      l = crowd.labels[i],
      t = crowd.tasks[i];
    for (let k = 0; k < K; k++) scores[t * K + k] += Math.log(Math.max(crowd.confusion[(w * K + k) * K + l], 1e-300));
  }
  let correct = 0;
  for (let t = 0; t < crowd.nTasks; t++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (scores[t * K + k] > scores[t * K + best]) best = k;
    if (best === crowd.truth[t]) correct++;
  }
  return correct / crowd.nTasks;
}

export function crowdToCsv(crowd: SyntheticCrowd): string {
  const lines = ['worker,task,label'];
  for (let i = 0; i < crowd.labels.length; i++) lines.push(`w${crowd.workers[i]},t${crowd.tasks[i]},${crowd.labels[i]}`);
  return lines.join('\n') + '\n';
}
