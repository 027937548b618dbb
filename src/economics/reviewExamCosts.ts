/**
 * What a project's reviews and the certification exams in its domains cost. Pure: the caller reads
 * rows and passes plain facts; prices come from cost.ts.
 *
 * Reviews: one fact per verdict (a verdict that closes several open reviews of a task is one piece
 * of work, priced once), cost = workCost(reviewer's terms, {kind: 'review', durationMs}). A verdict
 * without a reported time is priced with durationMs 0: nothing for an hourly reviewer, the
 * per-review rate for a per-task one. Lines per reviewer tier × review domain, and a total.
 *
 * Exams: one fact per submitted attempt, cost = workCost(tutor's terms, {kind: 'exam', durationMs:
 * submittedAt − startedAt, units: questions}); for hourly tutors cost.ts bills min(duration, idle
 * cap × questions) (15 min per question by default), so an attempt left open for a day costs at
 * most the cap. Per-task tutors are paid their rate per question. Lines per domain × tier, with
 * attempts and passes. Exams certify a tutor for a domain, not a project, so this is reported as
 * "certification cost in the project's domains" and kept out of the project's total and its cost
 * per quality-adjusted label.
 */
import type { PayModel, Tier } from '../domain/users.js';
import { billableMs, workCost, type CostPolicy } from './cost.js';

export interface ReviewFact {
  /** The reviewed task (to tell which quality-adjusted items a verdict decided). */
  task: string;
  domain: string;
  reviewer: string;
  tier: Tier;
  payModel: PayModel;
  payRate: number;
  /** The reviewer's time, ms; null when the verdict did not report one (priced as 0). */
  durationMs: number | null;
}

export interface ExamAttemptFact {
  tutor: string;
  tier: Tier;
  domain: string;
  payModel: PayModel;
  payRate: number;
  startedAt: number;
  submittedAt: number;
  /** Questions in the attempt (the `units` of the exam's price). */
  questions: number;
  passed: boolean;
}

export interface ReviewLine {
  tier: string;
  domain: string;
  reviews: number;
  costCents: number;
  /** Reported time, summed (0 for verdicts without a time). */
  timeMs: number;
  costPerReview: number | null;
}

export interface ReviewCosts {
  reviews: number;
  /** Verdicts priced with duration 0 because they reported no time. */
  withoutDuration: number;
  costCents: number;
  timeMs: number;
  byTierDomain: ReviewLine[];
}

export interface CertificationLine {
  domain: string;
  tier: string;
  attempts: number;
  passed: number;
  costCents: number;
  /** Billable time: each attempt's duration capped as cost.ts caps hourly exam time. */
  timeMs: number;
}

export interface CertificationCosts {
  attempts: number;
  passed: number;
  costCents: number;
  timeMs: number;
  /** Certification cost per passed attempt (what one certified tutor cost); null without passes. */
  costPerPass: number | null;
  byDomainTier: CertificationLine[];
}

const byKey = <T extends { tier: string; domain: string }>(a: T, b: T) => a.domain.localeCompare(b.domain) || b.tier.localeCompare(a.tier);

/** Price one review fact. */
export const reviewFactCost = (f: ReviewFact, policy: CostPolicy = {}): number =>
  workCost({ payModel: f.payModel, payRate: f.payRate }, { kind: 'review', durationMs: f.durationMs ?? 0 }, policy);

export function reviewCosts(facts: readonly ReviewFact[], policy: CostPolicy = {}): ReviewCosts {
  const lines = new Map<string, ReviewLine>();
  let cost = 0,
    time = 0,
    missing = 0;
  for (const f of facts) {
    const c = reviewFactCost(f, policy),
      ms = f.durationMs ?? 0;
    if (f.durationMs === null) missing++;
    cost += c;
    time += ms;
    const key = `${f.tier}\u0000${f.domain}`;
    const l = lines.get(key) ?? { tier: f.tier, domain: f.domain, reviews: 0, costCents: 0, timeMs: 0, costPerReview: null };
    l.reviews++;
    l.costCents += c;
    l.timeMs += ms;
    lines.set(key, l);
  }
  const byTierDomain = [...lines.values()].map((l) => ({ ...l, costPerReview: l.costCents / l.reviews })).sort(byKey);
  return { reviews: facts.length, withoutDuration: missing, costCents: cost, timeMs: time, byTierDomain };
}

export function certificationCosts(facts: readonly ExamAttemptFact[], policy: CostPolicy = {}): CertificationCosts {
  const lines = new Map<string, CertificationLine>();
  let cost = 0,
    time = 0,
    passed = 0;
  for (const f of facts) {
    const work = { kind: 'exam' as const, durationMs: Math.max(0, f.submittedAt - f.startedAt), units: f.questions };
    const c = workCost({ payModel: f.payModel, payRate: f.payRate }, work, policy),
      ms = billableMs(work, policy);
    cost += c;
    time += ms;
    if (f.passed) passed++;
    const key = `${f.domain}\u0000${f.tier}`;
    const l = lines.get(key) ?? { domain: f.domain, tier: f.tier, attempts: 0, passed: 0, costCents: 0, timeMs: 0 };
    l.attempts++;
    l.costCents += c;
    l.timeMs += ms;
    if (f.passed) l.passed++;
    lines.set(key, l);
  }
  return {
    attempts: facts.length,
    passed,
    costCents: cost,
    timeMs: time,
    costPerPass: passed > 0 ? cost / passed : null,
    byDomainTier: [...lines.values()].sort(byKey),
  };
}
