/**
 * Inter-rater agreement input: one rating per row (unit = the rated item, rater = the person),
 * as typed arrays. Nominal values are class indices; ordinal/interval/ratio values are numbers.
 * Missing ratings are simply absent rows.
 */
export interface AgreementData {
  units: Int32Array;
  raters: Int32Array;
  values: Float64Array;
  nUnits: number;
  nRaters: number;
}

export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Ratings regrouped by unit: ratings unitStart[u] … unitStart[u+1]−1 belong to unit u. */
export interface GroupedRatings {
  unitStart: Int32Array;
  values: Float64Array;
  raters: Int32Array;
  nUnits: number;
  nRaters: number;
}

/** A metric evaluated with per-unit multiplicities (1 each normally; bootstrap counts when resampling). */
export type UnitWeightedMetric = (ratings: GroupedRatings, unitWeights: Float64Array) => number;

/**
 * The same metric evaluated per item type (units whose ratings give the same sufficient statistics,
 * itemStatistics.ts): a resample only has to count how many of each type it drew.
 */
export interface TypeWeightedMetric {
  /** Each unit's type, −1 for units that carry no pair. */
  typeOfUnit: Int32Array;
  nTypes: number;
  evaluate: (typeWeights: Float64Array) => number;
}

/**
 * A metric that prepares what it needs from the ratings once, then is evaluated per set of unit
 * multiplicities (the estimate, then each bootstrap resample); `byType` where it has a per-type form.
 */
export type AgreementStatistic = (ratings: GroupedRatings) => ((unitWeights: Float64Array) => number) & { byType?: TypeWeightedMetric };

export interface AgreementResult {
  metric: string;
  level: MeasurementLevel;
  value: number;
  /** Percentile bootstrap interval over units (NaN when rounds = 0). */
  lower: number;
  upper: number;
  rounds: number;
  /** Units with at least two ratings (the ones that carry information). */
  pairableUnits: number;
}

export function groupByUnit(data: AgreementData): GroupedRatings {
  const unitStart = new Int32Array(data.nUnits + 1);
  for (let i = 0; i < data.units.length; i++) unitStart[data.units[i] + 1]++;
  for (let u = 0; u < data.nUnits; u++) unitStart[u + 1] += unitStart[u];
  const fill = unitStart.slice(0, data.nUnits);
  const values = new Float64Array(data.values.length),
    raters = new Int32Array(data.values.length);
  for (let i = 0; i < data.values.length; i++) {
    const at = fill[data.units[i]]++;
    values[at] = data.values[i];
    raters[at] = data.raters[i];
  }
  return { unitStart, values, raters, nUnits: data.nUnits, nRaters: data.nRaters };
}

export interface FieldSpec {
  /** Shown to the manager, e.g. "choice", "accuracy (axis)". */
  field: string;
  level: MeasurementLevel;
  /** Whether Fleiss κ (a nominal statistic) makes sense for this field. */
  fleiss: boolean;
  /** Values are class names to encode (nominal) rather than numbers. */
  categorical: boolean;
}

export interface FieldRating {
  field: string;
  /** Distinguishes units inside one task (a step index, a response id); '' when the task is the unit. */
  sub: string;
  /** A class name (categorical fields) or a number. */
  value: string | number;
}
