/** Model, generalist and specialist measured alike, against values computed by hand on a small fixture. */
import { describe, expect, it } from 'vitest';
import { measureTiersByDomain, type TierJudgmentFact } from '../../../src/economics/tierMeasures.js';
import { calibration } from '../../../src/quality/calibration.js';
import { wilsonInterval } from '../../../src/quality/gold.js';

const GOLD: Record<string, string | null> = { t1: 'a', t2: 'b', t3: null, t4: null };
const fact = (
  tier: string,
  tutor: string,
  task: string,
  label: string,
  costCents: number,
  confidence: number | null = null,
): TierJudgmentFact => ({
  tier,
  domain: 'math',
  task,
  tutor,
  label,
  gold: GOLD[task],
  confidence,
  costCents,
});
// Specialists s1, s2, s3; one generalist; one model judge with stated confidence.
const FIXTURE: TierJudgmentFact[] = [
  ...['t1:a', 't2:b', 't3:a', 't4:b'].map((x) => fact('specialist', 's1', x.split(':')[0], x.split(':')[1], 50)),
  ...['t1:a', 't2:b', 't3:a', 't4:b'].map((x) => fact('specialist', 's2', x.split(':')[0], x.split(':')[1], 50)),
  ...['t1:a', 't2:a', 't3:b', 't4:b'].map((x) => fact('specialist', 's3', x.split(':')[0], x.split(':')[1], 50)),
  ...['t1:a', 't2:b', 't3:b', 't4:b'].map((x) => fact('generalist', 'g1', x.split(':')[0], x.split(':')[1], 10)),
  fact('model', 'm', 't1', 'a', 2, 0.9),
  fact('model', 'm', 't2', 'a', 2, 0.8),
  fact('model', 'm', 't3', 'a', 2, 0.65),
  fact('model', 'm', 't4', 'b', 2, 0.95),
];

describe('tier measures', () => {
  const [math] = measureTiersByDomain(FIXTURE, { rounds: 0 });
  const tier = (t: string) => math.tiers.find((x) => x.tier === t)!;

  it('orders the tiers model, generalist, specialist', () => {
    expect(math.tiers.map((t) => t.tier)).toEqual(['model', 'generalist', 'specialist']);
  });

  it('gold accuracy with Wilson intervals', () => {
    expect(tier('model').gold).toEqual(wilsonInterval(1, 2));
    expect(tier('generalist').gold).toEqual(wilsonInterval(2, 2));
    expect(tier('specialist').gold).toEqual(wilsonInterval(5, 6));
  });

  it("Cohen's κ against the specialists' consensus (leaving a specialist's own label out)", () => {
    // Model: pairs (a,a) (a,b) (a,a) (b,b): p_o = 3/4, p_e = 3/4·1/2 + 1/4·1/2 = 1/2, κ = 1/2.
    expect(tier('model').agreement).toMatchObject({ pairs: 4, kappa: 0.5, lower: null, upper: null });
    // Generalist: (a,a) (b,b) (b,a) (b,b): p_o = 3/4, p_e = 1/4·1/2 + 3/4·1/2 = 1/2.
    expect(tier('generalist').agreement.kappa).toBeCloseTo(0.5, 12);
    // Specialists: s1 and s2 meet a tie on t2 and t3 (no pair); 8 pairs, 6 agree, margins 4/4 → κ = 1/2.
    expect(tier('specialist').agreement.pairs).toBe(8);
    expect(tier('specialist').agreement.kappa).toBeCloseTo(0.5, 12);
  });

  it('expected calibration error of the stated confidence, against gold else the consensus', () => {
    // Bins: [0.9,1) holds 0.9 ✓ and 0.95 ✓ (gap |1 − 0.925|), [0.8,0.9) 0.8 ✗ (gap 0.8), [0.6,0.7) 0.65 ✓ (gap 0.35).
    const c = tier('model').calibration;
    expect(c.ece).toBeCloseTo(0.5 * 0.075 + 0.25 * 0.8 + 0.25 * 0.35, 12);
    expect(c.bins[9]).toMatchObject({ count: 2, accuracy: 1 });
    expect(c.bins[9].meanConfidence).toBeCloseTo(0.925, 12);
    expect(c.bins[8]).toMatchObject({ count: 1, accuracy: 0, meanConfidence: 0.8 });
    expect(c.bins[6]).toMatchObject({ count: 1, accuracy: 1, meanConfidence: 0.65 });
    expect(tier('specialist').calibration).toMatchObject({ ece: null, judgments: 0 });
  });

  it('cost per judgment and per quality-adjusted label', () => {
    expect(tier('model').costPerJudgmentCents).toBe(2);
    // Gold accuracy 1/2 can never reach 95 % by majority: no QAL.
    expect(tier('model').costPerQALCents).toBeNull();
    // p = 5/6: 3 judgments give 0.926, 5 give 0.965 ≥ 0.95 → 5 × 50 cents.
    expect(tier('specialist').costPerQALCents).toBe(250);
    expect(tier('generalist').costPerQALCents).toBe(10);
  });

  it('gives a bootstrap interval around κ when asked', () => {
    const [withInterval] = measureTiersByDomain(FIXTURE, { rounds: 200 });
    const k = withInterval.tiers.find((t) => t.tier === 'model')!.agreement;
    expect(k.lower).not.toBeNull();
    expect(k.lower!).toBeLessThanOrEqual(0.5);
    expect(k.upper!).toBeGreaterThanOrEqual(0.5);
  });
});

describe('calibration', () => {
  it('a perfectly calibrated judge has zero error; confidence 1 falls in the last bin', () => {
    const points = [
      { confidence: 1, correct: true },
      { confidence: 0.5, correct: true },
      { confidence: 0.5, correct: false },
    ];
    const c = calibration(points);
    expect(c.ece).toBe(0);
    expect(c.bins[9].count).toBe(1);
    expect(calibration([]).ece).toBeNull();
  });
});
