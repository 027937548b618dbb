/**
 * The two hot loops of confusion-matrix EM, unrolled for the number of classes K so each task's
 * K posteriors / scores live in registers instead of being re-read per label. Generated once
 * per K (K ≤ 16; larger K falls back to plain loops). Pure arithmetic, no I/O.
 *
 * Labels are grouped by task: labels taskStart[t] … taskStart[t+1]−1 belong to task t, and
 * rowOffset[i] is the start of that label's K-vector in the [worker][observed][true] tensor.
 */
export type AccumulateCounts = (counts: Float64Array, post: Float64Array, rowOffset: Int32Array, taskStart: Int32Array, T: number) => void;
export type AccumulateScores = (
  scores: Float64Array,
  logTheta: Float64Array,
  logPrior: Float64Array,
  rowOffset: Int32Array,
  taskStart: Int32Array,
  T: number,
) => void;

const MAX_UNROLLED = 16;
const countKernels = new Map<number, AccumulateCounts>();
const scoreKernels = new Map<number, AccumulateScores>();
const range = (K: number): number[] => Array.from({ length: K }, (_, k) => k);

/** counts[rowOffset[i] + k] += post[t·K + k] for every label i of every task t. */
export function countKernel(K: number): AccumulateCounts {
  let kernel = countKernels.get(K);
  if (kernel) return kernel;
  if (K > MAX_UNROLLED) {
    kernel = (counts, post, rowOffset, taskStart, T) => {
      for (let t = 0, r = 0; t < T; t++, r += K)
        for (let i = taskStart[t], end = taskStart[t + 1]; i < end; i++)
          for (let k = 0, o = rowOffset[i]; k < K; k++) counts[o + k] += post[r + k];
    };
  } else {
    const ks = range(K);
    kernel = new Function(
      'counts',
      'post',
      'rowOffset',
      'taskStart',
      'T',
      `for (let t = 0, r = 0; t < T; t++, r += ${K}) {
        ${ks.map((k) => `const p${k} = post[r + ${k}];`).join(' ')}
        for (let i = taskStart[t], end = taskStart[t + 1]; i < end; i++) {
          const o = rowOffset[i];
          ${ks.map((k) => `counts[o + ${k}] += p${k};`).join(' ')}
        }
      }`,
    ) as AccumulateCounts;
  }
  countKernels.set(K, kernel);
  return kernel;
}

/** scores[t·K + k] = logPrior[k] + Σ_{labels i of t} logTheta[rowOffset[i] + k]. */
export function scoreKernel(K: number): AccumulateScores {
  let kernel = scoreKernels.get(K);
  if (kernel) return kernel;
  if (K > MAX_UNROLLED) {
    kernel = (scores, logTheta, logPrior, rowOffset, taskStart, T) => {
      for (let t = 0, r = 0; t < T; t++, r += K) {
        for (let k = 0; k < K; k++) scores[r + k] = logPrior[k];
        for (let i = taskStart[t], end = taskStart[t + 1]; i < end; i++)
          for (let k = 0, o = rowOffset[i]; k < K; k++) scores[r + k] += logTheta[o + k];
      }
    };
  } else {
    const ks = range(K);
    kernel = new Function(
      'scores',
      'logTheta',
      'logPrior',
      'rowOffset',
      'taskStart',
      'T',
      `${ks.map((k) => `const q${k} = logPrior[${k}];`).join(' ')}
      for (let t = 0, r = 0; t < T; t++, r += ${K}) {
        ${ks.map((k) => `let s${k} = q${k};`).join(' ')}
        for (let i = taskStart[t], end = taskStart[t + 1]; i < end; i++) {
          const o = rowOffset[i];
          ${ks.map((k) => `s${k} += logTheta[o + ${k}];`).join(' ')}
        }
        ${ks.map((k) => `scores[r + ${k}] = s${k};`).join(' ')}
      }`,
    ) as AccumulateScores;
  }
  scoreKernels.set(K, kernel);
  return kernel;
}
