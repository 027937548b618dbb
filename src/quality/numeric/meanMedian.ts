/**
 * Mean (with a Student-t interval) and median (with the distribution-free order-statistic
 * interval: ranks n/2 ∓ 1.96·√n/2, Conover 1999, "Practical Nonparametric Statistics", §3.2).
 */
import { groupByTask, studentT975, type NumericLabels, type NumericResult } from './types.js';

export function meanRating(data: NumericLabels): NumericResult {
  const T = data.taskNames.length;
  const { offsets, grouped } = groupByTask(data);
  const values = new Float64Array(T),
    lower = new Float64Array(T),
    upper = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const s = offsets[t],
      n = offsets[t + 1] - s;
    let sum = 0;
    for (let i = s; i < s + n; i++) sum += grouped[i];
    const mean = sum / n;
    let ss = 0;
    for (let i = s; i < s + n; i++) ss += (grouped[i] - mean) ** 2;
    const half = n > 1 ? (studentT975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n) : Infinity;
    (values[t] = mean), (lower[t] = mean - half), (upper[t] = mean + half);
  }
  return { method: 'mean', values, lower, upper, workerBias: new Float64Array(data.workerNames.length) };
}

export function medianRating(data: NumericLabels): NumericResult {
  const T = data.taskNames.length;
  const { offsets, grouped } = groupByTask(data);
  const values = new Float64Array(T),
    lower = new Float64Array(T),
    upper = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const sorted = grouped.subarray(offsets[t], offsets[t + 1]).sort();
    const n = sorted.length;
    values[t] = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    const spread = 0.98 * Math.sqrt(n); // 1.96·√n / 2
    lower[t] = sorted[Math.max(0, Math.floor(n / 2 - spread) - 1 + (n > 1 ? 0 : 1))];
    upper[t] = sorted[Math.min(n - 1, Math.ceil(n / 2 + spread))];
  }
  return { method: 'median', values, lower, upper, workerBias: new Float64Array(data.workerNames.length) };
}
