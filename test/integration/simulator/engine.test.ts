import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/database.js';
import { runSimulation } from '../../../src/simulator/engine.js';
import { inProcessPlatform } from '../../../src/simulator/inProcess.js';
import { parseScenario } from '../../../src/simulator/scenario.js';

const base = `
name: small
seed: 11
tasks:
  - { type: preference, domain: medicine, count: 40, difficulty: 0.1, goldItems: 10 }
  - { type: preference, domain: general, count: 40, goldItems: 10 }
workforce:
  - name: gen
    tier: generalist
    count: 12
    accuracy: { medicine: { mean: 0.65, sd: 0.08 }, general: { mean: 0.85, sd: 0.05 } }
    speed: { medianSeconds: 60 }
    pay: { model: per_task, rate: 40 }
  - name: spec
    tier: specialist
    count: 4
    domains: [medicine]
    accuracy: { medicine: { mean: 0.93, sd: 0.03 }, default: { mean: 0.7, sd: 0.1 } }
    speed: { medianSeconds: 120 }
    pay: { model: hourly, rate: 6000 }
project:
  overlap: 3
  goldRate: 0.2
`;

describe('simulator engine (real routing and submission services, temp SQLite, virtual time)', () => {
  it('is deterministic for a seed, and a different seed gives a different run', async () => {
    const s = parseScenario(base);
    const a = await runSimulation(s, inProcessPlatform());
    const b = await runSimulation(s, inProcessPlatform());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = await runSimulation(s, inProcessPlatform(), { seed: 12 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('fixed overlap: every task gets exactly k judgments, and the cost adds up from the pay models', async () => {
    const r = await runSimulation(parseScenario(base), inProcessPlatform());
    expect(r.stoppedBy).toBe('no work');
    expect(r.tasks).toEqual({ total: 80, gold: 20, labelled: 80 });
    expect(r.judgments - r.goldJudgments).toBe(80 * 3);
    expect(r.judgmentsPerTask).toBe(3);
    expect(r.rejectedSubmissions).toBe(0);
    // Per-tier rollups add up to the total; generalists are paid 40 ¢ per judgment exactly.
    const byTier = Object.fromEntries(r.rollups.byTier.map((x) => [x.key.tier, x]));
    expect(byTier.generalist.costCents).toBe(40 * byTier.generalist.judgments);
    expect(byTier.generalist.costCents + byTier.specialist.costCents).toBe(r.costCents);
    expect(byTier.generalist.judgments + byTier.specialist.judgments).toBe(r.judgments);
    // Specialists are hired for medicine only: routing never gave them a general task.
    expect(r.rollups.byTierDomain.find((x) => x.key.tier === 'specialist' && x.key.domain === 'general')).toBeUndefined();
    // Better than chance, and the curve ends at the final figures.
    expect(r.accuracy.value).toBeGreaterThan(0.6);
    const last = r.curve.at(-1)!;
    expect(last.judgments).toBe(r.judgments);
    expect(last.costCents).toBe(r.costCents);
    expect(last.accuracy).toBe(r.accuracy.value);
    expect(r.curve.length).toBeGreaterThan(5);
    // Depth curve against the truth: depth 1..3 for overlap 3, cost per item rising with depth.
    const depth = r.costToAccuracy.curve;
    expect(depth.map((p) => p.depth)).toEqual([1, 2, 3]);
    expect(depth[2].costPerItemCents).toBeGreaterThan(depth[0].costPerItemCents);
    expect(depth[2].items).toBe(80);
  });

  it('budget: stops handing out work once spent, overshooting by at most the work in flight', async () => {
    const s = parseScenario(`${base}budgetCents: 3000\n`);
    const r = await runSimulation(s, inProcessPlatform());
    expect(r.stoppedBy).toBe('budget');
    expect(r.costCents).toBeGreaterThanOrEqual(3000);
    // at most one judgment per tutor in flight, the dearest a specialist's capped hour share (15 min at $60/h = 1500 ¢)
    expect(r.costCents).toBeLessThan(3000 + 16 * 1500);
    expect(r.tasks.labelled).toBeLessThan(80);
  });

  it('deadline: no new work after it; what was started finishes', async () => {
    // everyone on shift from the start, so the deadline (not the shifts) is what stops the work
    const allDay = base.replaceAll('    speed: {', '    availability: { hoursPerDay: 24 }\n    speed: {');
    const r = await runSimulation(parseScenario(`${allDay}deadlineHours: 0.25\n`), inProcessPlatform());
    expect(r.stoppedBy).toBe('deadline');
    expect(r.tasks.labelled).toBeLessThan(80);
    expect(r.timeToFinishHours).toBeGreaterThan(0.2);
    // the last judgment started before 15 min; none takes anywhere near an hour
    expect(r.timeToFinishHours).toBeLessThan(1.25);
  });

  it('dropouts and expired leases: abandoned work goes back to the pool and still gets done', async () => {
    const rough = base
      .replace('pay: { model: per_task, rate: 40 }', 'pay: { model: per_task, rate: 40 }\n    dropout: 2')
      .replace('  goldRate: 0.2\n', '  goldRate: 0.2\n  leaseSeconds: 90\n');
    const r = await runSimulation(parseScenario(rough), inProcessPlatform());
    expect(r.tutors.droppedOut).toBeGreaterThan(0);
    expect(r.rejectedSubmissions).toBeGreaterThan(0); // specialists' ~2 min judgments overrun a 90 s lease
    // every task still reaches k = 3 accepted judgments unless nobody is left to do it
    expect(r.judgments - r.goldJudgments).toBeLessThanOrEqual(80 * 3);
    expect(r.stoppedBy).toBe('no work');
    expect(r.tasks.labelled).toBe(80);
  });

  it('label tasks with three classes run through the same path', async () => {
    const labelled = base
      .replace(
        '{ type: preference, domain: medicine, count: 40, difficulty: 0.1, goldItems: 10 }',
        '{ type: label, domain: medicine, count: 30, labels: [safe, unsafe, unclear], goldItems: 5 }',
      )
      .replace(
        '{ type: preference, domain: general, count: 40, goldItems: 10 }',
        '{ type: label, domain: general, count: 30, labels: [safe, unsafe, unclear], goldItems: 5 }',
      );
    const r = await runSimulation(parseScenario(labelled), inProcessPlatform());
    expect(r.tasks).toEqual({ total: 60, gold: 10, labelled: 60 });
    expect(r.judgments - r.goldJudgments).toBe(60 * 3);
    expect(r.rejectedSubmissions).toBe(0);
    // three classes: chance is 1/3, and these tutors are far better than that
    expect(r.accuracy.value).toBeGreaterThan(0.6);
  });

  it('adaptive overlap: between min and max judgments per item, fewer than fixed max', async () => {
    const s = parseScenario(base.replace('  overlap: 3\n', '  adaptive: { targetConfidence: 0.9, min: 2, max: 5 }\n'));
    const r = await runSimulation(s, inProcessPlatform());
    expect(r.judgmentsPerTask).toBeGreaterThanOrEqual(2);
    expect(r.judgmentsPerTask).toBeLessThan(5);
    expect(r.adaptiveClosedItems).toBeGreaterThan(0);
    // Routing does it (quality.adaptiveOverlap), not the simulator.
    expect(r.notes.join(' ')).toMatch(/adaptive overlap by the platform's routing/);
  });

  it("the platform's reliability floor: a tutor measured below it (5 gold answers) gets no more work, and the run still ends", async () => {
    const goldPerTutor = async (yaml: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'sim-floor-'));
      const r = await runSimulation(parseScenario(yaml), inProcessPlatform({ dir, keep: true }));
      const store = await openStore(`sqlite:${join(dir, 'sim.db')}`);
      try {
        const rows = await store.db
          .selectFrom('gold_results')
          .select(['user_id'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .groupBy('user_id')
          .execute();
        return { r, max: Math.max(...rows.map((x) => Number(x.n))) };
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const open = await goldPerTutor(base);
    // 0.999 is out of everyone's reach: evidence (5 gold results in a domain) is the last thing a tutor does there.
    const floored = await goldPerTutor(base.replace('  goldRate: 0.2\n', '  goldRate: 0.2\n  reliabilityFloor: 0.999\n'));
    expect(open.max).toBeGreaterThan(5 * 2);
    expect(floored.max).toBeLessThanOrEqual(5 * 2);
    expect(floored.r.stoppedBy).toBe('no work');
    expect(floored.r.judgments).toBeGreaterThan(0);
  });
});

describe('simulator engine with a cascade (the platform routes it)', () => {
  it('the judge sees every item once; people get only what the cascade sends up', async () => {
    const s = parseScenario(
      base
        .replace(
          'workforce:',
          `workforce:
  - name: judge
    tier: model
    count: 2
    accuracy: { medicine: { mean: 0.6, sd: 0.01 }, general: { mean: 0.97, sd: 0.01 } }
    speed: { medianSeconds: 5 }
    pay: { model: per_task, rate: 1 }
    availability: { hoursPerDay: 24 }`,
        )
        .replace(
          '  goldRate: 0.2\n',
          '  goldRate: 0.2\n  tiers: [model, generalist, specialist]\n  cascade: { tiers: [model, specialist], targetConfidence: 0.9, judgments: { model: 1, specialist: 2 } }\n',
        ),
    );
    const r = await runSimulation(s, inProcessPlatform());
    expect(r.notes.join(' ')).toMatch(/cascade by the platform's routing/);
    const byTierDomain = (tier: string, domain: string) =>
      r.rollups.byTierDomain.find((x) => x.key.tier === tier && x.key.domain === domain)?.judgments ?? 0;
    // The cascade names no generalists: no regular item is at their level, so (gold being a share of real work) nothing at all.
    expect(byTierDomain('generalist', 'medicine') + byTierDomain('generalist', 'general')).toBe(0);
    // Every regular item got its one judgment from the judge, gold aside.
    expect(byTierDomain('model', 'medicine')).toBeGreaterThanOrEqual(40);
    expect(byTierDomain('model', 'general')).toBeGreaterThanOrEqual(40);
    // The judge is unsure in medicine (measured ≈ 0.6 < 0.9): those items go up to the medicine specialists.
    expect(byTierDomain('specialist', 'medicine')).toBeGreaterThanOrEqual(2 * 30);
    expect(r.tasks.labelled).toBe(80);
  });
});
