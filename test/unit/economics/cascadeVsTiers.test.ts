/**
 * The cascade against each tier alone, by hand. Two classes, one judgment per tier at its level, target
 * 0.9. Reliabilities: judge J 0.8, generalist G 0.7, specialist S 0.95; costs 1, 30 and 100 cents. With
 * two classes and a uniform prior one judgment of accuracy p gives confidence p, so J alone (0.8) always
 * moves up. J a + G a: 0.8·0.7 / (0.8·0.7 + 0.2·0.3) = 0.903 ≥ 0.9 stays; J a + G b: the tiers disagree.
 * Gold g1 (a): J a, G a, S a → cascade takes J, G → a ✓ (31 ¢).
 * Gold g2 (b): J a, G b, S b → J, G disagree, S b → b ✓ (131 ¢).
 * Gold g3 (a): J b, G b, S a → J, G → b ✗ (31 ¢).   g4 has no specialist judgment: not a common item.
 * Alone: model 1/3 (3 ¢), generalist 2/3 (90 ¢), specialist 3/3 (300 ¢); cascade 2/3 (193 ¢).
 * Production p1: J a (final a, 0.96); p2: J a, G b, S b (final b, 0.99); p3: J b, G b (final b, 0.903).
 */
import { describe, expect, it } from 'vitest';
import { compareCascadeWithTiers, type CascadeJudgmentFact } from '../../../src/economics/cascadeVsTiers.js';
import { CascadePolicy } from '../../../src/domain/projects.js';
import { cascadeRule } from '../../../src/routing/cascade.js';
import type { Tier } from '../../../src/domain/users.js';

const WHO: Record<string, { tier: Tier; cost: number; accuracy: number }> = {
  J: { tier: 'model', cost: 1, accuracy: 0.8 },
  G: { tier: 'generalist', cost: 30, accuracy: 0.7 },
  S: { tier: 'specialist', cost: 100, accuracy: 0.95 },
};
const j = (task: string, worker: string, label: string): CascadeJudgmentFact => ({
  task,
  domain: 'math',
  tier: WHO[worker].tier,
  worker,
  label,
  costCents: WHO[worker].cost,
});

const input = {
  rule: cascadeRule(
    CascadePolicy.parse({
      tiers: ['model', 'generalist', 'specialist'],
      targetConfidence: 0.9,
      judgments: { model: 1, generalist: 1, specialist: 1 },
    }),
    3,
  ),
  judgments: [
    j('g1', 'J', 'a'),
    j('g1', 'G', 'a'),
    j('g1', 'S', 'a'),
    j('g2', 'J', 'a'),
    j('g2', 'G', 'b'),
    j('g2', 'S', 'b'),
    j('g3', 'J', 'b'),
    j('g3', 'G', 'b'),
    j('g3', 'S', 'a'),
    j('g4', 'J', 'a'),
    j('g4', 'G', 'a'),
    j('p1', 'J', 'a'),
    j('p2', 'J', 'a'),
    j('p2', 'G', 'b'),
    j('p2', 'S', 'b'),
    j('p3', 'J', 'b'),
    j('p3', 'G', 'b'),
  ],
  gold: new Map([
    ['g1', 'a'],
    ['g2', 'b'],
    ['g3', 'a'],
    ['g4', 'a'],
  ]),
  consensus: new Map([
    ['p1', { label: 'a', confidence: 0.96 }],
    ['p2', { label: 'b', confidence: 0.99 }],
    ['p3', { label: 'b', confidence: 0.903 }],
  ]),
  classesOf: () => ['a', 'b'],
  accuracyOf: (w: string) => WHO[w].accuracy,
  targetConfidence: 0.95,
};

describe('the cascade against each tier alone', () => {
  const c = compareCascadeWithTiers(input);

  it('on gold, the same three items: accuracy with a Wilson interval, cost and cost per correct label', () => {
    expect(c.gold.items).toBe(3);
    const row = (who: string) => c.gold.rows.find((r) => r.who === who)!;
    expect(c.gold.rows.map((r) => r.who)).toEqual(['cascade', 'model', 'generalist', 'specialist']);
    expect(c.gold.rows.every((r) => r.items === 3)).toBe(true);
    expect(row('cascade')).toMatchObject({ correct: 2, costCents: 193, costPerQALCents: 96.5 });
    expect(row('cascade').costPerItemCents).toBeCloseTo(64.333, 3);
    expect(row('model')).toMatchObject({ correct: 1, costCents: 3, costPerItemCents: 1, costPerQALCents: 3 });
    expect(row('generalist')).toMatchObject({ correct: 2, costCents: 90, costPerItemCents: 30, costPerQALCents: 45 });
    expect(row('specialist')).toMatchObject({ correct: 3, costCents: 300, costPerItemCents: 100, costPerQALCents: 100 });
    // Wilson 95 % for 2 of 3: centre (2/3 + z²/6) / (1 + z²/3) = 0.5731, half-width 0.3654.
    expect(row('cascade').accuracy.value).toBeCloseTo(2 / 3, 6);
    expect(row('cascade').accuracy.lower).toBeCloseTo(0.2077, 3);
    expect(row('cascade').accuracy.upper).toBeCloseTo(0.9385, 3);
    expect(row('specialist').accuracy.value).toBe(1);
  });

  it('in production, as it ran: each tier on the items it judged, the cascade on every item', () => {
    const row = (who: string) => c.production.rows.find((r) => r.who === who)!;
    expect(row('cascade')).toEqual({
      who: 'cascade',
      items: 3,
      agreed: null,
      costCents: 163,
      costPerItemCents: 163 / 3,
      reached: 2,
      costPerQALCents: 81.5,
    });
    expect(row('model')).toMatchObject({ items: 3, agreed: 2, costCents: 3, reached: null });
    expect(row('generalist')).toMatchObject({ items: 2, agreed: 2, costCents: 60, costPerItemCents: 30 });
    expect(row('specialist')).toMatchObject({ items: 1, agreed: 1, costCents: 100 });
  });

  it('no common gold item and no production item: no rows', () => {
    const empty = compareCascadeWithTiers({
      ...input,
      judgments: input.judgments.filter((x) => x.worker !== 'S' && x.task.startsWith('g')),
    });
    expect(empty.gold).toEqual({ items: 0, rows: [] });
    expect(empty.production.rows).toEqual([]);
  });
});
