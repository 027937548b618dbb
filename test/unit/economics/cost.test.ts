import { describe, expect, it } from 'vitest';
import { annotationCost, billableMs, examCost, reviewCost, workCost } from '../../../src/economics/cost.js';
import { rollup, type JudgmentRecord } from '../../../src/economics/rollup.js';

describe('workCost', () => {
  it('per task: the tutor rate wins over the project rate, which is the fallback', () => {
    expect(annotationCost({ payModel: 'per_task', payRate: 250 }, 90_000, { projectPayPerTask: 100 })).toBe(250);
    expect(annotationCost({ payModel: 'per_task', payRate: 0 }, 90_000, { projectPayPerTask: 100 })).toBe(100);
    expect(annotationCost({ payModel: 'per_task', payRate: 0 }, 90_000)).toBe(0);
  });

  it('hourly: rate × time, by hand', () => {
    // 3000 ¢/h for 6 minutes = 3000 × 0.1 = 300 ¢
    expect(annotationCost({ payModel: 'hourly', payRate: 3000 }, 6 * 60_000)).toBe(300);
    // 4500 ¢/h for 100 s = 4500 × 100/3600 = 125 ¢
    expect(annotationCost({ payModel: 'hourly', payRate: 4500 }, 100_000)).toBe(125);
  });

  it('hourly: rounds each line item to the nearest cent, halves up', () => {
    // 1800 ¢/h for 1 s = 0.5 ¢ → 1 ¢; for 0.9 s = 0.45 ¢ → 0 ¢; 2 s = 1 ¢ exactly
    expect(annotationCost({ payModel: 'hourly', payRate: 1800 }, 1000)).toBe(1);
    expect(annotationCost({ payModel: 'hourly', payRate: 1800 }, 900)).toBe(0);
    expect(annotationCost({ payModel: 'hourly', payRate: 1800 }, 2000)).toBe(1);
    // 1000 ¢/h for 61 s = 16.944… ¢ → 17 ¢
    expect(annotationCost({ payModel: 'hourly', payRate: 1000 }, 61_000)).toBe(17);
  });

  it('hourly: idle time beyond the cap is not paid', () => {
    // an annotation left open 2 h at 6000 ¢/h pays 15 min = 1500 ¢ under the default cap
    expect(annotationCost({ payModel: 'hourly', payRate: 6000 }, 2 * 3_600_000)).toBe(1500);
    // with a 5 min cap: 500 ¢
    expect(annotationCost({ payModel: 'hourly', payRate: 6000 }, 2 * 3_600_000, { idleCapMs: 5 * 60_000 })).toBe(500);
    expect(billableMs({ kind: 'annotation', durationMs: 10_000 }, { idleCapMs: 5_000 })).toBe(5_000);
  });

  it('reviews are priced like annotations; exams per item and with a per-item cap', () => {
    expect(reviewCost({ payModel: 'hourly', payRate: 3600 }, 30_000)).toBe(30);
    expect(reviewCost({ payModel: 'per_task', payRate: 40 }, 30_000)).toBe(40);
    expect(examCost({ payModel: 'per_task', payRate: 40 }, 600_000, 20)).toBe(800);
    // 20-item exam, 6000 ¢/h, 1 h spent: cap is 20 × 15 min = 5 h, so the full hour is paid
    expect(examCost({ payModel: 'hourly', payRate: 6000 }, 3_600_000, 20)).toBe(6000);
    // 2-item exam, 6000 ¢/h, 1 h spent: cap 30 min → 3000 ¢
    expect(examCost({ payModel: 'hourly', payRate: 6000 }, 3_600_000, 2)).toBe(3000);
  });

  it('refuses negative or fractional inputs', () => {
    expect(() => workCost({ payModel: 'hourly', payRate: 100 }, { kind: 'annotation', durationMs: -1 })).toThrow(RangeError);
    expect(() => workCost({ payModel: 'per_task', payRate: 100 }, { kind: 'exam', durationMs: 1, units: 1.5 })).toThrow(RangeError);
    expect(() => workCost({ payModel: 'per_task', payRate: -5 }, { kind: 'annotation', durationMs: 1 })).toThrow(RangeError);
  });
});

describe('rollup', () => {
  const rec = (
    tutor: string,
    tier: 'generalist' | 'specialist',
    domain: string,
    costCents: number,
    durationMs: number,
    accepted: boolean,
  ): JudgmentRecord => ({
    project: 'p',
    domain,
    tier,
    tutor,
    costCents,
    durationMs,
    accepted,
  });
  const records = [
    rec('a', 'generalist', 'law', 50, 60_000, true),
    rec('a', 'generalist', 'law', 50, 120_000, false),
    rec('b', 'specialist', 'law', 300, 180_000, true),
    rec('b', 'specialist', 'medicine', 300, 0, true),
  ];

  it('totals by hand', () => {
    const [total] = rollup(records);
    expect(total).toMatchObject({ costCents: 700, judgments: 4, accepted: 3, timeMs: 360_000 });
    // 4 judgments in 6 minutes of tutor time = 40 per hour
    expect(total.throughputPerHour).toBeCloseTo(40, 10);
    expect(total.costPerJudgment).toBe(175);
    expect(total.costPerAccepted).toBeCloseTo(700 / 3, 10);
  });

  it('groups by tier and domain, sorted by key', () => {
    const rows = rollup(records, ['tier', 'domain']);
    expect(rows.map((r) => r.key)).toEqual([
      { tier: 'generalist', domain: 'law' },
      { tier: 'specialist', domain: 'law' },
      { tier: 'specialist', domain: 'medicine' },
    ]);
    expect(rows[0]).toMatchObject({ costCents: 100, judgments: 2, accepted: 1, timeMs: 180_000 });
    expect(rows[0].throughputPerHour).toBeCloseTo(40, 10); // 2 in 3 min
    expect(rows[1].throughputPerHour).toBeCloseTo(20, 10); // 1 in 3 min
    expect(rows[2].throughputPerHour).toBeNull(); // no time recorded
  });

  it('per tutor, and an empty input gives one zero row', () => {
    expect(rollup(records, ['tutor']).map((r) => [r.key.tutor, r.costCents])).toEqual([
      ['a', 100],
      ['b', 600],
    ]);
    expect(rollup([])).toEqual([
      {
        key: {},
        costCents: 0,
        judgments: 0,
        accepted: 0,
        timeMs: 0,
        throughputPerHour: null,
        costPerJudgment: null,
        costPerAccepted: null,
      },
    ]);
    expect(rollup([], ['tier'])).toEqual([]);
  });
});
