export { itemPosterior, type ItemPosterior, type Judgment } from './itemPosterior.js';
export { decideOverlap, type OverlapDecision, type OverlapPolicy } from './overlapPolicy.js';
export {
  fixedOverlapRows,
  PLATFORM_REFIT,
  replayAdaptiveOverlap,
  shuffledArrival,
  type ReplayOptions,
  type ReplayResult,
} from './replay.js';
export {
  estimateWorkerAccuracy,
  temperAccuracy,
  WORKER_ACCURACY_DEFAULTS,
  type WorkerAccuracy,
  type WorkerAccuracyOptions,
} from './workerAccuracy.js';
