import { describe, expect, it } from 'vitest';
import { categoricalLabel, projectEconomics, type AnnotationFact } from '../../../src/economics/projectEconomics.js';

const fact = (
  task: string,
  tutor: string,
  tier: 'generalist' | 'specialist',
  label: string | null,
  extra: Partial<AnnotationFact> = {},
): AnnotationFact => ({
  task,
  domain: 'law',
  tutor,
  tier,
  payModel: tier === 'specialist' ? 'hourly' : 'per_task',
  payRate: tier === 'specialist' ? 6000 : 40,
  durationMs: 120_000,
  at: 0,
  label,
  ...extra,
});

describe('categoricalLabel', () => {
  it('reads preference and label answers, nothing else', () => {
    expect(categoricalLabel('preference', { choice: 'b', strength: 2 })).toBe('b');
    expect(categoricalLabel('label', { labels: ['unsafe', 'harm'] })).toBe('harm+unsafe');
    expect(categoricalLabel('rewrite', { text: 'x' })).toBeNull();
  });
});

describe('projectEconomics', () => {
  const facts: AnnotationFact[] = [
    fact('t1', 'g1', 'generalist', 'a', { at: 1 }),
    fact('t1', 'g2', 'generalist', 'a', { at: 2 }),
    fact('t1', 's1', 'specialist', 'a', { at: 3 }),
    fact('t2', 'g1', 'generalist', 'b', { at: 4 }),
    fact('t2', 's1', 'specialist', 'a', { at: 5 }),
    fact('t2', 'g2', 'generalist', 'a', { at: 6 }),
    fact('gold1', 'g1', 'generalist', 'b', { gold: 'a', at: 7 }),
    fact('gold1', 's1', 'specialist', 'a', { gold: 'a', at: 8 }),
    fact('free', 's1', 'specialist', null, { durationMs: 60 * 60_000, at: 9 }),
  ];
  const e = projectEconomics(facts, { seed: 1, comparison: { resamples: 100, minGoldItems: 1 } });

  it('prices every annotation from its pay model, free-form ones included', () => {
    // generalists: 5 × 40 ¢; specialist: 3 × (6000 ¢/h × 2 min = 200 ¢) + 1 h capped at 15 min = 1500 ¢
    expect(e.costCents).toBe(5 * 40 + 3 * 200 + 1500);
    const byTier = Object.fromEntries(e.rollups.byTier.map((r) => [r.key.tier, r]));
    expect(byTier.generalist).toMatchObject({ costCents: 200, judgments: 5 });
    expect(byTier.specialist).toMatchObject({ costCents: 2100, judgments: 4 });
    expect(e.rollups.byTutor.map((r) => r.key.tutor)).toEqual(['g1', 'g2', 's1']);
  });

  it('accepted = agrees with consensus; the free-form annotation is never accepted', () => {
    const byTutor = Object.fromEntries(e.rollups.byTutor.map((r) => [r.key.tutor, r]));
    // consensus: t1 = a, t2 = a (2 of 3), gold1 clamped to a
    expect(byTutor.g1.accepted).toBe(1);
    expect(byTutor.g2.accepted).toBe(2);
    expect(byTutor.s1.accepted).toBe(3);
  });

  it('quality-adjusted cost on regular tasks and gold depth curve on gold tasks', () => {
    expect(e.qualityAdjusted.items).toBe(2);
    expect(e.goldAccuracy?.curve[0]).toMatchObject({ depth: 1, items: 1, accuracy: 0 }); // g1 answered first, wrongly
    expect(e.goldAccuracy?.curve.at(-1)?.depth).toBe(2);
    expect(e.tierComparison.map((c) => c.domain)).toEqual(['law']);
    expect(e.tierComparison[0].specialist.values.goldAccuracy).toBe(1);
    expect(e.tierComparison[0].generalist.values.goldAccuracy).toBe(0);
  });
});
