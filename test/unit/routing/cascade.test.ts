import { describe, expect, it } from 'vitest';
import { CascadePolicy } from '../../../src/domain/projects.js';
import {
  cascadeTiers,
  decideCascade,
  judgmentsAt,
  startTier,
  type CascadeItem,
  type CascadeJudgment,
} from '../../../src/routing/cascade.js';

const policy = CascadePolicy.parse({
  tiers: ['model', 'generalist', 'specialist'],
  domains: { law: ['model', 'specialist'] },
  targetConfidence: 0.9,
  expertOnly: ['medicine'],
  judgments: { model: 1 },
  budgetCents: 1000,
});

/** Hand-set accuracies: the judge is 0.95 or 0.7 reliable, generalists 0.8, specialists 0.9. */
const ACCURACY: Record<string, number> = { judge: 0.95, weakJudge: 0.7, g1: 0.8, g2: 0.8, s1: 0.9 };
const j = (worker: string, tier: CascadeJudgment['tier'], label: string): CascadeJudgment => ({ worker, tier, label });
const item = (over: Partial<CascadeItem>): CascadeItem => ({
  domain: 'chat',
  tier: 'model',
  judgments: [],
  classes: ['a', 'b'],
  accuracyOf: (w) => ACCURACY[w],
  spentCents: 0,
  ...over,
});

describe('the cascade rule', () => {
  it('orders tiers per domain, starts expert-only domains at the last tier, and counts judgments per tier', () => {
    expect(cascadeTiers(policy, 'chat')).toEqual(['model', 'generalist', 'specialist']);
    expect(cascadeTiers(policy, 'law')).toEqual(['model', 'specialist']);
    expect(startTier(policy, 'chat')).toBe('model');
    expect(startTier(policy, 'medicine')).toBe('specialist');
    expect(judgmentsAt(policy, 'model', 3)).toBe(1);
    expect(judgmentsAt(policy, 'generalist', 3)).toBe(3);
  });

  it('sends to the next tier exactly the items the rule names (hand-checked fixture)', () => {
    // Posteriors by hand (two classes, uniform prior): one judgment of accuracy p gives p;
    // judge 'a' (0.95) + generalist 'b' (0.8): 0.95·0.2 / (0.95·0.2 + 0.05·0.8) = 0.826.
    const fixture: { name: string; item: CascadeItem; expect: ReturnType<typeof decideCascade> }[] = [
      {
        name: 'confident judge stays',
        item: item({ judgments: [j('judge', 'model', 'a')] }),
        expect: { escalate: false, reason: 'confident', confidence: 0.95 },
      },
      {
        name: 'unsure judge moves up',
        item: item({ judgments: [j('weakJudge', 'model', 'b')] }),
        expect: { escalate: true, to: 'generalist', reason: 'low confidence', confidence: 0.7 },
      },
      {
        name: 'law skips the generalists',
        item: item({ domain: 'law', judgments: [j('weakJudge', 'model', 'a')] }),
        expect: { escalate: true, to: 'specialist', reason: 'low confidence', confidence: 0.7 },
      },
      {
        name: 'flagged by the judge',
        item: item({ judgments: [j('judge', 'model', 'a')], flagged: true }),
        expect: { escalate: true, to: 'generalist', reason: 'flagged', confidence: 0.95 },
      },
      {
        name: 'tiers disagree',
        item: item({ tier: 'generalist', judgments: [j('judge', 'model', 'a'), j('g1', 'generalist', 'b')] }),
        expect: { escalate: true, to: 'specialist', reason: 'tiers disagree', confidence: 0.19 / 0.23 },
      },
      {
        name: 'tiers agree with a confident posterior',
        // a: 0.95·0.8·0.8 = 0.608; b: 0.05·0.2·0.2 = 0.002 → 0.9967
        item: item({ tier: 'generalist', judgments: [j('judge', 'model', 'a'), j('g1', 'generalist', 'a'), j('g2', 'generalist', 'a')] }),
        expect: { escalate: false, reason: 'confident', confidence: 0.608 / 0.61 },
      },
      {
        name: 'a split tier favours nothing, so it does not disagree; the posterior decides',
        // a: 0.95·0.8·0.2 = 0.152; b: 0.05·0.2·0.8 = 0.008 → 0.95
        item: item({ tier: 'generalist', judgments: [j('judge', 'model', 'a'), j('g1', 'generalist', 'a'), j('g2', 'generalist', 'b')] }),
        expect: { escalate: false, reason: 'confident', confidence: 0.152 / 0.16 },
      },
      {
        name: 'the last tier keeps it',
        item: item({ tier: 'specialist', judgments: [j('weakJudge', 'model', 'a'), j('s1', 'specialist', 'b')] }),
        expect: { escalate: false, reason: 'last tier', confidence: (0.3 * 0.9) / (0.3 * 0.9 + 0.7 * 0.1) },
      },
      {
        name: 'the budget is spent',
        item: item({ judgments: [j('weakJudge', 'model', 'b')], spentCents: 1000 }),
        expect: { escalate: false, reason: 'budget', confidence: 0.7 },
      },
      {
        name: 'expert-only at a lower tier (the order changed) goes up at once',
        item: item({ domain: 'medicine', judgments: [j('judge', 'model', 'a')] }),
        expect: { escalate: true, to: 'generalist', reason: 'expert-only', confidence: 0.95 },
      },
    ];
    for (const f of fixture) {
      const got = decideCascade(policy, f.item);
      expect({ name: f.name, ...got, confidence: Number(got.confidence.toFixed(9)) }).toEqual({
        name: f.name,
        ...f.expect,
        confidence: Number(f.expect.confidence.toFixed(9)),
      });
    }
    const escalated = fixture.filter((f) => decideCascade(policy, f.item).escalate).map((f) => f.name);
    expect(escalated).toEqual([
      'unsure judge moves up',
      'law skips the generalists',
      'flagged by the judge',
      'tiers disagree',
      'expert-only at a lower tier (the order changed) goes up at once',
    ]);
  });

  it('refuses a tier named twice and a cascade with adaptive overlap', async () => {
    expect(CascadePolicy.safeParse({ tiers: ['model', 'model'], targetConfidence: 0.9 }).success).toBe(false);
    const { ProjectInput } = await import('../../../src/domain/projects.js');
    const base = { name: 'p', type: 'preference', domains: ['chat'], eligibility: { tiers: ['model', 'specialist'] } };
    expect(ProjectInput.safeParse({ ...base, cascade: { tiers: ['model', 'specialist'], targetConfidence: 0.9 } }).success).toBe(true);
    const both = ProjectInput.safeParse({
      ...base,
      cascade: { tiers: ['model', 'specialist'], targetConfidence: 0.9 },
      quality: { adaptiveOverlap: { targetConfidence: 0.9, minJudgments: 1, maxJudgments: 3 } },
    });
    expect(both.success).toBe(false);
    const rating = ProjectInput.safeParse({
      ...base,
      type: 'rating',
      rubric: [{ name: 'helpfulness' }],
      cascade: { tiers: ['model', 'specialist'], targetConfidence: 0.9 },
    });
    expect(rating.error?.issues[0].message).toMatch(/preference or label project/);
    const notAdmitted = ProjectInput.safeParse({ ...base, cascade: { tiers: ['model', 'generalist'], targetConfidence: 0.9 } });
    expect(notAdmitted.error?.issues[0].message).toMatch(/tier "generalist"/);
  });
});
