/**
 * May a tutor start an exam now? Not while they hold an active certification in its domain (there
 * is nothing to earn), and not during the cool-down after a failed attempt: `cooldownHours` from
 * that attempt's submission. A passed attempt starts no cool-down (a tutor suspended later may
 * re-certify at once).
 */
import type { ExamAttemptRow, ExamRow } from '../../store/repositories/exams.js';

export type RetakeState =
  | { allowed: true }
  | { allowed: false; certified: true; reason: string }
  | { allowed: false; certified: false; reason: string; nextAttemptAt: number };

const HOUR = 3600_000;

export function retakeState(
  exam: ExamRow,
  certifiedDomains: string[],
  lastSubmitted: ExamAttemptRow | undefined,
  now: number,
): RetakeState {
  if (certifiedDomains.includes(exam.domain)) {
    return { allowed: false, certified: true, reason: `you already hold an active certification in "${exam.domain}"` };
  }
  if (lastSubmitted && lastSubmitted.passed === 0 && lastSubmitted.submitted_at !== null) {
    const nextAttemptAt = Number(lastSubmitted.submitted_at) + exam.cooldown_hours * HOUR;
    if (now < nextAttemptAt) {
      return {
        allowed: false,
        certified: false,
        nextAttemptAt,
        reason: `your last attempt at this exam did not pass; you may retake it from ${new Date(nextAttemptAt).toISOString()}`,
      };
    }
  }
  return { allowed: true };
}
