/** Numeric ratings: one value per (worker, task) row, stored as parallel typed arrays. */
export interface NumericLabels {
  workers: Int32Array;
  tasks: Int32Array;
  values: Float64Array;
  workerNames: readonly string[];
  taskNames: readonly string[];
}

export interface NumericResult {
  method: string;
  /** Per task, the aggregated value. */
  values: Float64Array;
  /** Per task, the 95 % interval. */
  lower: Float64Array;
  upper: Float64Array;
  /** Per worker, the estimated additive bias (0 for methods that do not model it). */
  workerBias: Float64Array;
}

export interface NumericOptions {
  seed?: number;
  /** Interval coverage, default 0.95. */
  level?: number;
}

export type NumericMethod = (data: NumericLabels, options?: NumericOptions) => NumericResult;

/** Two-sided Student t quantile for 95 % (Cornish–Fisher expansion; exact table for df ≤ 2). */
export function studentT975(df: number): number {
  if (df <= 0) return Infinity;
  if (df === 1) return 12.706204736;
  if (df === 2) return 4.30265273;
  const z = 1.959963984540054,
    z3 = z ** 3,
    z5 = z ** 5,
    z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/** Values grouped by task: CSR offsets plus the values in task order. */
export function groupByTask(data: NumericLabels): { offsets: Int32Array; grouped: Float64Array } {
  const T = data.taskNames.length;
  const offsets = new Int32Array(T + 1);
  for (let i = 0; i < data.tasks.length; i++) offsets[data.tasks[i] + 1]++;
  for (let t = 0; t < T; t++) offsets[t + 1] += offsets[t];
  const fill = offsets.slice(0, T),
    grouped = new Float64Array(data.values.length);
  for (let i = 0; i < data.values.length; i++) grouped[fill[data.tasks[i]]++] = data.values[i];
  return { offsets, grouped };
}
