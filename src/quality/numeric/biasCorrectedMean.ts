/**
 * Worker-bias-corrected mean: x_i = μ_{task(i)} + b_{worker(i)} + ε_i, ε ~ N(0, σ²), with a
 * ridge penalty λ Σ b_w² (λ = 1 rating's worth, in units of σ²) so that a worker with one label
 * is barely corrected. μ and b are estimated jointly by alternating least squares (block
 * coordinate descent, which converges for this convex objective); biases are then centred so
 * the label-weighted mean bias is 0. Interval: μ_t ± t_{n−1}·σ̂/√n_t with the pooled residual σ̂.
 * A standard two-way additive model, e.g. Raykar et al. (2010), "Learning from crowds", JMLR, §4.
 */
import { studentT975, type NumericLabels, type NumericOptions, type NumericResult } from './types.js';

export function biasCorrectedMean(data: NumericLabels, _options: NumericOptions = {}, ridge = 1, iterations = 500): NumericResult {
  const T = data.taskNames.length,
    W = data.workerNames.length,
    N = data.values.length;
  const { workers, tasks, values: x } = data;
  const mu = new Float64Array(T),
    bias = new Float64Array(W),
    taskN = new Float64Array(T),
    workerN = new Float64Array(W);
  const sum = new Float64Array(Math.max(T, W));
  for (let i = 0; i < N; i++) taskN[tasks[i]]++, workerN[workers[i]]++;
  for (let it = 0; it < iterations; it++) {
    sum.fill(0);
    for (let i = 0; i < N; i++) sum[tasks[i]] += x[i] - bias[workers[i]];
    for (let t = 0; t < T; t++) mu[t] = sum[t] / taskN[t];
    sum.fill(0);
    for (let i = 0; i < N; i++) sum[workers[i]] += x[i] - mu[tasks[i]];
    let change = 0;
    for (let w = 0; w < W; w++) {
      const b = sum[w] / (workerN[w] + ridge);
      change = Math.max(change, Math.abs(b - bias[w]));
      bias[w] = b;
    }
    if (change < 1e-9) break;
  }
  let weighted = 0;
  for (let w = 0; w < W; w++) weighted += bias[w] * workerN[w];
  const shift = weighted / N;
  for (let w = 0; w < W; w++) bias[w] -= shift;
  for (let t = 0; t < T; t++) mu[t] += shift;
  let rss = 0;
  for (let i = 0; i < N; i++) rss += (x[i] - mu[tasks[i]] - bias[workers[i]]) ** 2;
  const sigma = Math.sqrt(rss / Math.max(1, N - T - W + 1));
  const lower = new Float64Array(T),
    upper = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const half = (studentT975(Math.max(1, taskN[t] - 1)) * sigma) / Math.sqrt(taskN[t]);
    (lower[t] = mu[t] - half), (upper[t] = mu[t] + half);
  }
  return { method: 'bcmean', values: mu, lower, upper, workerBias: bias };
}
