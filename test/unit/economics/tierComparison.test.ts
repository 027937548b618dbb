import { describe, expect, it } from 'vitest';
import { compareTiers, type TierJudgment } from '../../../src/economics/tierComparison.js';
import { beta, betaFromMoments, logNormal } from '../../../src/simulator/distributions.js';
import { createRng } from '../../../src/quality/random.js';

interface CrowdSpec {
  tutors: number;
  accuracy: { a: number; b: number };
  speedMedianMs: number;
  cost: number;
}

/** A simulated crowd: each tutor has a hidden accuracy drawn from the tier's Beta and answers gold items with it. */
function crowd(seed: number, spec: CrowdSpec, gen: CrowdSpec, perTutor: number): TierJudgment[] {
  const rng = createRng(seed),
    out: TierJudgment[] = [];
  for (const [tier, s] of [
    ['specialist', spec],
    ['generalist', gen],
  ] as const) {
    for (let t = 0; t < s.tutors; t++) {
      const acc = beta(rng, s.accuracy.a, s.accuracy.b);
      for (let k = 0; k < perTutor; k++) {
        const item = `i${rng.int(400)}`;
        const right = rng.next() < acc;
        out.push({
          tutor: `${tier}-${t}`,
          tier,
          domain: 'medicine',
          item,
          label: right ? 'a' : 'b',
          gold: 'a',
          consensus: 'a',
          costCents: s.cost,
          durationMs: logNormal(rng, s.speedMedianMs, 0.5),
        });
      }
    }
  }
  return out;
}

describe('compareTiers', () => {
  it('point estimates by hand', () => {
    const js: TierJudgment[] = [
      {
        tutor: 's1',
        tier: 'specialist',
        domain: 'law',
        item: 'x',
        label: 'a',
        gold: 'a',
        consensus: 'a',
        costCents: 300,
        durationMs: 60_000,
      },
      {
        tutor: 's1',
        tier: 'specialist',
        domain: 'law',
        item: 'y',
        label: 'a',
        gold: 'a',
        consensus: 'b',
        costCents: 300,
        durationMs: 120_000,
      },
      {
        tutor: 'g1',
        tier: 'generalist',
        domain: 'law',
        item: 'x',
        label: 'b',
        gold: 'a',
        consensus: 'a',
        costCents: 50,
        durationMs: 30_000,
      },
      {
        tutor: 'g2',
        tier: 'generalist',
        domain: 'law',
        item: 'y',
        label: 'a',
        gold: 'a',
        consensus: 'b',
        costCents: 50,
        durationMs: 10_000,
      },
      { tutor: 'g2', tier: 'generalist', domain: 'chat', item: 'z', label: 'a', costCents: 50, durationMs: 10_000 },
    ];
    const [law, ...rest] = compareTiers(js, {
      resamples: 200,
      reliability: new Map([
        ['s1', 0.9],
        ['g1', 0.5],
        ['g2', 0.7],
      ]),
      targetAccuracy: 0.9,
      minGoldItems: 2,
    });
    expect(rest).toEqual([]); // chat had no specialist
    expect(law.specialist.values).toEqual({ goldAccuracy: 1, agreement: 0.5, reliability: 0.9, speedMs: 90_000, costPerQAL: 300 });
    // generalists: accuracy 1/2 → a majority never reaches 0.9 → unreachable
    expect(law.generalist.values).toEqual({
      goldAccuracy: 0.5,
      agreement: 0,
      reliability: expect.closeTo(0.6, 12),
      speedMs: 20_000,
      costPerQAL: null,
    });
    expect(law.differences.goldAccuracy.estimate).toBe(0.5);
    expect(law.differences.speedMs.estimate).toBe(70_000);
    // …but with one specialist and two generalists, resampling g2 twice gives generalists accuracy 1 at 50 ¢:
    // the interval spans 0, and the verdict must not claim more than the data shows.
    expect(law.verdict).toBe('no clear difference');
    expect(law.differences.costPerQAL.upper).toBe(250);
  });

  it('says when the data is too thin', () => {
    const js = crowd(
      1,
      { tutors: 3, accuracy: { a: 9, b: 1 }, speedMedianMs: 60_000, cost: 300 },
      { tutors: 3, accuracy: { a: 7, b: 3 }, speedMedianMs: 30_000, cost: 50 },
      3,
    );
    const [r] = compareTiers(js, { resamples: 200, minGoldItems: 30 });
    expect(r.verdict).toBe('too little data: need ≥ 30 gold items per tier');
    expect(r.summary).toMatch(/too little data to tell/);
  });

  it('reaches each verdict on crowds built for it', () => {
    // expertise matters and pays: specialists .95 at 150 ¢ vs generalists .65 at 40 ¢
    const med = crowd(
      2,
      { tutors: 20, accuracy: { a: 95, b: 5 }, speedMedianMs: 60_000, cost: 150 },
      { tutors: 40, accuracy: { a: 65, b: 35 }, speedMedianMs: 30_000, cost: 40 },
      40,
    );
    expect(compareTiers(med, { seed: 1, resamples: 300 })[0].verdict).toBe('specialists better per dollar');
    // expertise barely matters: .92 vs .90, specialists cost 6×
    const chat = crowd(
      3,
      { tutors: 20, accuracy: { a: 92, b: 8 }, speedMedianMs: 60_000, cost: 300 },
      { tutors: 40, accuracy: { a: 90, b: 10 }, speedMedianMs: 30_000, cost: 50 },
      40,
    );
    expect(compareTiers(chat, { seed: 1, resamples: 300 })[0].verdict).toBe('generalists better per dollar');
  });

  it('the tutor-cluster bootstrap interval covers the true difference in ≥ 90% of 100 seeded repetitions', () => {
    // true: specialist mean accuracy .85 (Beta moments), generalist .70 → difference .15; every tutor
    // judges the same number of gold items, so the pooled ratio estimates the mean tutor accuracy.
    // speed: median 60 s vs 30 s with σ = .5 → mean ms differ by (60 − 30)·e^{σ²/2} s.
    const s = betaFromMoments(0.85, 0.06),
      g = betaFromMoments(0.7, 0.1);
    const trueAcc = 0.15,
      trueSpeed = 30_000 * Math.exp(0.125);
    let coveredAcc = 0,
      coveredSpeed = 0,
      width = 0;
    const reps = 100;
    for (let rep = 0; rep < reps; rep++) {
      const js = crowd(
        1000 + rep,
        { tutors: 15, accuracy: s, speedMedianMs: 60_000, cost: 200 },
        { tutors: 30, accuracy: g, speedMedianMs: 30_000, cost: 50 },
        20,
      );
      const [r] = compareTiers(js, { seed: rep, resamples: 400 });
      const a = r.differences.goldAccuracy,
        sp = r.differences.speedMs;
      width += a.upper! - a.lower!;
      if (a.lower! <= trueAcc && trueAcc <= a.upper!) coveredAcc++;
      if (sp.lower! <= trueSpeed && trueSpeed <= sp.upper!) coveredSpeed++;
    }
    expect(coveredAcc / reps).toBeGreaterThanOrEqual(0.9);
    expect(coveredSpeed / reps).toBeGreaterThanOrEqual(0.9);
    // and the intervals are informative, not wide enough to cover anything: mean width well under the effect
    expect(width / reps).toBeLessThan(0.15);
    console.log(
      `coverage: accuracy ${coveredAcc}/${reps}, speed ${coveredSpeed}/${reps}, mean accuracy CI width ${(width / reps).toFixed(3)}`,
    );
  });

  it('is deterministic for a seed', () => {
    const js = crowd(
      5,
      { tutors: 10, accuracy: { a: 9, b: 1 }, speedMedianMs: 60_000, cost: 300 },
      { tutors: 10, accuracy: { a: 7, b: 3 }, speedMedianMs: 30_000, cost: 50 },
      10,
    );
    expect(compareTiers(js, { seed: 9, resamples: 100 })).toEqual(compareTiers(js, { seed: 9, resamples: 100 }));
    expect(compareTiers(js, { seed: 9, resamples: 100 })).not.toEqual(compareTiers(js, { seed: 10, resamples: 100 }));
  });
});
