/** Reviews and exams in a project's economics: hand-checked prices, lines, totals and cost per quality-adjusted label. */
import { describe, expect, it } from 'vitest';
import { projectEconomics, type AnnotationFact } from '../../../src/economics/projectEconomics.js';
import { certificationCosts, reviewCosts, type ExamAttemptFact, type ReviewFact } from '../../../src/economics/reviewExamCosts.js';

const MIN = 60_000;
const review = (task: string, over: Partial<ReviewFact> = {}): ReviewFact => ({
  task,
  domain: 'medicine',
  reviewer: 'r1',
  tier: 'specialist',
  payModel: 'per_task',
  payRate: 50,
  durationMs: null,
  ...over,
});
const hourlyReviewer = { reviewer: 'r2', tier: 'generalist' as const, payModel: 'hourly' as const, payRate: 6000 };
const attempt = (over: Partial<ExamAttemptFact>): ExamAttemptFact => ({
  tutor: 't',
  tier: 'generalist',
  domain: 'medicine',
  payModel: 'hourly',
  payRate: 3000,
  startedAt: 0,
  submittedAt: 20 * MIN,
  questions: 5,
  passed: true,
  ...over,
});

describe('review costs', () => {
  it('prices per-task verdicts per review whatever the time, hourly ones by time, a missing time as 0', () => {
    const r = reviewCosts([
      review('x1', { durationMs: 5 * MIN }),
      review('x2'), // 50¢ + 50¢ = $1.00
      review('x3', { ...hourlyReviewer, durationMs: 10 * MIN }), // $60/h × 10 min = $10.00
      review('x4', { ...hourlyReviewer }), // no time: $0
    ]);
    expect(r).toMatchObject({ reviews: 4, withoutDuration: 2, costCents: 1100, timeMs: 15 * MIN });
    expect(r.byTierDomain).toEqual([
      { tier: 'specialist', domain: 'medicine', reviews: 2, costCents: 100, timeMs: 5 * MIN, costPerReview: 50 },
      { tier: 'generalist', domain: 'medicine', reviews: 2, costCents: 1000, timeMs: 10 * MIN, costPerReview: 500 },
    ]);
  });

  it('falls back to the project rate for a per-task reviewer without one, as for annotations', () => {
    expect(reviewCosts([review('x', { payRate: 0 })], { projectPayPerTask: 40 }).costCents).toBe(40);
  });
});

describe('certification costs', () => {
  it('prices exams by time with the idle cap per question, or per question for per-task tutors', () => {
    const c = certificationCosts([
      attempt({}), // 20 min at $30/h (cap 5 × 15 = 75 min) = $10.00
      attempt({ tutor: 'u', questions: 4, submittedAt: 3 * 60 * MIN, passed: false }), // 3 h capped at 60 min = $30.00
      attempt({ tutor: 's', tier: 'specialist', payModel: 'per_task', payRate: 300, questions: 10 }), // 10 × $3.00 = $30.00
      attempt({ tutor: 'l', domain: 'law', submittedAt: 30 * MIN }), // $15.00
    ]);
    expect(c).toMatchObject({ attempts: 4, passed: 3, costCents: 8500, timeMs: 20 * MIN + 60 * MIN + 20 * MIN + 30 * MIN });
    expect(c.costPerPass).toBeCloseTo(8500 / 3, 10);
    expect(c.byDomainTier.map((l) => [l.domain, l.tier, l.attempts, l.passed, l.costCents])).toEqual([
      ['law', 'generalist', 1, 1, 1500],
      ['medicine', 'specialist', 1, 1, 3000],
      ['medicine', 'generalist', 2, 1, 4000],
    ]);
    expect(certificationCosts([]).costPerPass).toBeNull();
  });
});

describe('projectEconomics with reviews and exams', () => {
  // Tutors A and B ($1.00 per task) right on 16 gold items each: reliability (16 + 0.7·4)/(16 + 4) = 0.94.
  // x1: A and B say "a" → posterior 0.94²/(0.94² + 0.06²) ≈ 0.996 ≥ 0.95 after 2 judgments ($2.00).
  // x2: A alone → 0.94 < 0.95, never reached ($1.00 spent).
  const facts: AnnotationFact[] = [];
  let at = 0;
  for (let g = 0; g < 16; g++) {
    for (const tutor of ['A', 'B'])
      facts.push({
        task: `g${g}`,
        domain: 'medicine',
        tutor,
        tier: 'specialist',
        payModel: 'per_task',
        payRate: 100,
        durationMs: MIN,
        at: at++,
        label: 'a',
        gold: 'a',
      });
  }
  const prod = (task: string, tutor: string): AnnotationFact => ({
    task,
    domain: 'medicine',
    tutor,
    tier: 'specialist',
    payModel: 'per_task',
    payRate: 100,
    durationMs: MIN,
    at: at++,
    label: 'a',
  });
  facts.push(prod('x1', 'A'), prod('x1', 'B'), prod('x2', 'A'));

  it('without reviews: annotations only (3200 + 300 = 3500 ¢), cost per QAL = (200 + 100) / 1', () => {
    const e = projectEconomics(facts);
    expect(e).toMatchObject({ costCents: 3500, annotationCostCents: 3500 });
    expect(e.qualityAdjusted).toMatchObject({
      items: 2,
      reached: 1,
      reachedByReview: 0,
      reviewCostCents: 0,
      costPerQualityAdjustedLabel: 300,
      costPerQualityAdjustedLabelWithoutReviews: 300,
    });
    expect(e.reviews.costCents).toBe(0);
    expect(e.certification).toMatchObject({ attempts: 0, costCents: 0 });
  });

  it('with reviews: total + 1100 ¢; x2 reached by its verdict; cost per QAL = (300 + 1050) / 2; exams apart', () => {
    const reviews = [
      review('x2'), // 50¢: x2 now reached
      review('x1', { ...hourlyReviewer, durationMs: 10 * MIN }), // $10.00: x1 was already reached
      review('g3'), // 50¢ on a gold item: in the total, not in the QAL
    ];
    const e = projectEconomics(facts, {}, { reviews, exams: [attempt({})] });
    expect(e).toMatchObject({ costCents: 3500 + 1100, annotationCostCents: 3500 });
    expect(e.reviews).toMatchObject({ reviews: 3, costCents: 1100 });
    expect(e.qualityAdjusted).toMatchObject({
      items: 2,
      reached: 2,
      reachedByReview: 1,
      reviewCostCents: 1050,
      costPerQualityAdjustedLabelWithoutReviews: 300,
    });
    expect(e.qualityAdjusted.costPerQualityAdjustedLabel).toBe(675);
    // The exam costs $10.00 and changes neither the total nor the cost per QAL.
    expect(e.certification).toMatchObject({ attempts: 1, passed: 1, costCents: 1000 });
    // Rollups stay about annotators.
    expect(e.rollups.byTier[0]).toMatchObject({ judgments: 35, costCents: 3500 });
  });
});
