/**
 * What one piece of paid work costs, from the worker's pay model. Pure arithmetic, integer cents.
 *
 * Model
 * - `per_task`: cost = rate × units, where rate is the tutor's own per-task rate when it is set
 *   (> 0) and otherwise the project's `payPerTask`. The tutor's rate wins because it is the
 *   contract: a specialist paid 300 ¢ per task is paid that on every project, and a project rate
 *   is the default for tutors without one. `units` is 1 for an annotation or a review and the
 *   number of items for an exam.
 * - `hourly`: cost = rate (¢/hour) × billable time, with billable time = min(duration, idle cap)
 *   per unit of work. The cap exists because a lease left open over lunch is idle time, not work:
 *   the default cap is 15 minutes per annotation or review and 15 minutes per exam item.
 *
 * Rounding: each piece of work is a payable line item, so its cost is rounded once, to the
 * nearest cent, halves rounded up (`Math.round` on a non-negative number). Sums of costs are sums
 * of these integers, so a rollup always equals the sum of its line items — exactly what a payroll
 * export would show. The per-item error is at most half a cent.
 */
import type { PayModel } from '../domain/users.js';

export const MS_PER_HOUR = 3_600_000;
/** Default idle cap per unit of hourly work: 15 minutes. */
export const DEFAULT_IDLE_CAP_MS = 15 * 60_000;

export type WorkKind = 'annotation' | 'review' | 'exam';

/** How a tutor is paid: `payRate` is cents per task (per_task) or cents per hour (hourly). */
export interface PayTerms {
  payModel: PayModel;
  payRate: number;
}

export interface CostPolicy {
  /** The project's per-task rate in cents, used for per-task tutors without their own rate. */
  projectPayPerTask?: number;
  /** Longest billable time per unit of hourly work, ms. Default 15 minutes. */
  idleCapMs?: number;
}

export interface Work {
  kind: WorkKind;
  /** Time spent, ms (the submission's `durationMs`). */
  durationMs: number;
  /** Exams: number of items in the exam. Annotations and reviews: 1 (the default). */
  units?: number;
}

/** Cost in integer cents of one annotation, review or exam. */
export function workCost(terms: PayTerms, work: Work, policy: CostPolicy = {}): number {
  const units = work.units ?? 1;
  if (!Number.isInteger(units) || units < 0) throw new RangeError(`units must be a non-negative integer, got ${units}`);
  if (!(work.durationMs >= 0)) throw new RangeError(`durationMs must be ≥ 0, got ${work.durationMs}`);
  if (!(terms.payRate >= 0)) throw new RangeError(`payRate must be ≥ 0, got ${terms.payRate}`);
  if (terms.payModel === 'per_task') {
    const rate = terms.payRate > 0 ? terms.payRate : (policy.projectPayPerTask ?? 0);
    return Math.round(rate * units);
  }
  return Math.round((terms.payRate * billableMs(work, policy)) / MS_PER_HOUR);
}

/** Billable time of hourly work: the duration, capped at idle cap × units. */
export function billableMs(work: Work, policy: CostPolicy = {}): number {
  const cap = (policy.idleCapMs ?? DEFAULT_IDLE_CAP_MS) * (work.units ?? 1);
  return Math.min(work.durationMs, cap);
}

export const annotationCost = (terms: PayTerms, durationMs: number, policy?: CostPolicy): number =>
  workCost(terms, { kind: 'annotation', durationMs }, policy);

export const reviewCost = (terms: PayTerms, durationMs: number, policy?: CostPolicy): number =>
  workCost(terms, { kind: 'review', durationMs }, policy);

export const examCost = (terms: PayTerms, durationMs: number, items: number, policy?: CostPolicy): number =>
  workCost(terms, { kind: 'exam', durationMs, units: items }, policy);
