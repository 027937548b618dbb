import { describe, expect, it } from 'vitest';
import { admit } from '../../../src/routing/eligibility.js';
import { AVAILABLE_CAP, drawGold, goldQuota, keyedUniform, poolOrder, workPlan } from '../../../src/routing/goldMixing.js';
import { isOpen, leaseExpiry, planCompletion, submitVerdict, sweepDue, SWEEP_INTERVAL_MS } from '../../../src/routing/leases.js';
import { comparePick } from '../../../src/routing/pickOrder.js';

const project = (over: Partial<Parameters<typeof admit>[0]> = {}) => ({
  status: 'active' as const,
  domains: ['law', 'medicine'],
  eligibility: { tiers: ['generalist' as const, 'specialist' as const], requireCertification: false },
  ...over,
});

describe('eligibility', () => {
  it('refuses inactive projects and tiers not listed', () => {
    expect(admit(project({ status: 'paused' }), { tier: 'generalist', domains: [], certifiedDomains: [] })).toMatchObject({
      admitted: false,
      reason: 'the project is paused',
    });
    const specOnly = project({ eligibility: { tiers: ['specialist'], requireCertification: false } });
    expect(admit(specOnly, { tier: 'generalist', domains: [], certifiedDomains: [] }).admitted).toBe(false);
  });

  it('narrows specialists to their domains but not generalists', () => {
    expect(admit(project(), { tier: 'specialist', domains: ['law'], certifiedDomains: [] })).toEqual({
      admitted: true,
      domains: ['law'],
      allDomains: false,
    });
    expect(admit(project(), { tier: 'generalist', domains: ['law'], certifiedDomains: [] })).toEqual({
      admitted: true,
      domains: ['law', 'medicine'],
      allDomains: true,
    });
    expect(admit(project(), { tier: 'specialist', domains: ['code'], certifiedDomains: [] }).admitted).toBe(false);
  });

  it('requires an active certification per task domain when asked', () => {
    const cert = project({ eligibility: { tiers: ['generalist', 'specialist'], requireCertification: true } });
    expect(admit(cert, { tier: 'generalist', domains: [], certifiedDomains: [] }).admitted).toBe(false);
    expect(admit(cert, { tier: 'generalist', domains: [], certifiedDomains: ['medicine', 'code'] })).toEqual({
      admitted: true,
      domains: ['medicine'],
      allDomains: false,
    });
  });
});

describe('gold mixing', () => {
  it('draws gold at about the configured rate and reproducibly', () => {
    let gold = 0;
    for (let t = 0; t < 20_000; t++) if (drawGold('secret', 0.1, 1, 7, t)) gold++;
    expect(gold / 20_000).toBeGreaterThan(0.09);
    expect(gold / 20_000).toBeLessThan(0.11);
    expect(drawGold('secret', 0.5, 1, 7, 123)).toBe(drawGold('secret', 0.5, 1, 7, 123));
    expect(keyedUniform('a', 1)).not.toBe(keyedUniform('b', 1));
  });

  it('never draws at chance 0, always at chance 1, and falls back from real work to gold only when gold is in the count', () => {
    expect(drawGold('s', 0, 1, 1, 1)).toBe(false);
    expect(drawGold('s', 1, 1, 1, 1)).toBe(true);
    expect(poolOrder(true)).toEqual([1, 0]);
    expect(poolOrder(false)).toEqual([0]);
    expect(poolOrder(false, true)).toEqual([0, 1]);
  });

  /**
   * One tutor alone on a project, leasing until `next` has nothing: the readable count must fall by
   * exactly one on every lease below the cap (stay put above it) whichever kind was served, `next`
   * must serve while it is above 0 and nothing at 0, and the gold share must stay near the rate.
   */
  function playTutor(real: number, gold: number, goldRate: number, seed: string) {
    const served = { real: 0, gold: 0 };
    const kinds: ('gold' | 'real')[] = [];
    for (let t = 0; ; t++) {
      const left = { realLeft: Math.min(real - served.real, AVAILABLE_CAP + 1), goldUnmet: gold - served.gold };
      const plan = workPlan(goldRate, left.realLeft <= AVAILABLE_CAP ? { ...left, served: { ...served } } : left);
      const pools = poolOrder(drawGold(seed, plan.goldChance, 1, 1, t), plan.goldInCount);
      const pool = pools.find((p) => (p === 1 ? gold - served.gold : real - served.real) > 0);
      if (pool === undefined) {
        if (plan.available !== 0) throw new Error(`nothing served while the count says ${plan.available}`);
        return kinds;
      }
      if (plan.available === 0) throw new Error('served after the count said 0');
      if (pool === 1) served.gold++;
      else served.real++;
      kinds.push(pool === 1 ? 'gold' : 'real');
      const after = { realLeft: Math.min(real - served.real, AVAILABLE_CAP + 1), goldUnmet: gold - served.gold };
      const next = workPlan(goldRate, after.realLeft <= AVAILABLE_CAP ? { ...after, served: { ...served } } : after);
      const step = plan.available === AVAILABLE_CAP && next.available === AVAILABLE_CAP ? 0 : 1;
      if (plan.available - next.available !== step)
        throw new Error(`lease ${t} (${kinds.at(-1)}) moved the count ${plan.available} → ${next.available}`);
    }
  }

  it('moves the tutor count by one on every lease, gold or real, and stops at 0 with nothing served after', () => {
    for (const [real, gold, rate] of [
      [12, 8, 0.4],
      [1000, 60, 0.1],
      [3000, 500, 0.1],
      [150, 3, 0.2],
      [40, 40, 1],
    ] as const) {
      const kinds = playTutor(real, gold, rate, `seed ${real}`);
      expect(kinds.filter((k) => k === 'real')).toHaveLength(real);
      const goldShare = kinds.filter((k) => k === 'gold').length / kinds.length;
      if (rate < 1) expect(goldShare).toBeLessThanOrEqual(Math.min(gold / (real + gold), rate) + 0.03);
    }
  });

  it('spreads gold evenly through the last leases: the end of the work does not say which were gold', () => {
    // Over many tutors, gold's share among the final 20 leases is the share among the 80 before them.
    let tail = 0;
    let before = 0;
    for (let i = 0; i < 300; i++) {
      const kinds = playTutor(200, 100, 0.2, `tutor ${i}`);
      tail += kinds.slice(-20).filter((k) => k === 'gold').length / 20;
      before += kinds.slice(-100, -20).filter((k) => k === 'gold').length / 80;
    }
    expect(Math.abs(tail - before) / 300).toBeLessThan(0.02);
  });

  it('keeps the gold share at the rate while the count is pinned at the cap', () => {
    expect(workPlan(0.1, { realLeft: AVAILABLE_CAP + 1, goldUnmet: 30 })).toEqual({
      available: AVAILABLE_CAP,
      goldChance: 0.1,
      goldInCount: false,
    });
    expect(workPlan(0.1, { realLeft: 5, goldUnmet: 0, served: { real: 10, gold: 0 } })).toEqual({
      available: 5,
      goldChance: 0,
      goldInCount: false,
    });
    // 90 real served, 10 left: the share keeps 1 gold per 9 real, 11 in all, 10 already met: 1 more.
    expect(goldQuota(0.1, 30, { real: 90, gold: 10 }, 10)).toBe(1);
  });
});

describe('leases and pick order', () => {
  it('judges submits by state and expiry', () => {
    expect(leaseExpiry(1000, 30)).toBe(31_000);
    expect(submitVerdict('leased', 2000, 1999)).toBe('ok');
    expect(submitVerdict('leased', 2000, 2000)).toBe('expired');
    expect(submitVerdict('expired', 9999, 0)).toBe('expired');
    expect(submitVerdict('submitted', 9999, 0)).toBe('used');
    expect(submitVerdict('skipped', 9999, 0)).toBe('used');
  });

  it('sweeps a project at most once per interval, and again when the clock goes back', () => {
    expect(sweepDue(undefined, 5)).toBe(true);
    expect(sweepDue(1000, 1000 + SWEEP_INTERVAL_MS - 1)).toBe(false);
    expect(sweepDue(1000, 1000 + SWEEP_INTERVAL_MS)).toBe(true);
    expect(sweepDue(1000, 999)).toBe(true);
  });

  it('keeps gold open past k and real tasks under k', () => {
    expect(isOpen(false, 2, 0, 3)).toBe(true);
    expect(isOpen(false, 2, 1, 3)).toBe(false);
    expect(isOpen(true, 10, 5, 3)).toBe(true);
  });

  it('orders by judgments, then priority, then age', () => {
    const tasks = [
      { id: 1, submitted: 0, priority: 0 },
      { id: 2, submitted: 0, priority: 5 },
      { id: 3, submitted: 1, priority: -1 },
      { id: 4, submitted: 0, priority: 5 },
    ];
    expect([...tasks].sort(comparePick).map((t) => t.id)).toEqual([3, 2, 4, 1]);
  });
});

describe('the lease state machine (planCompletion)', () => {
  const held = (state: 'leased' | 'submitted' | 'expired' | 'skipped', expiresAt = 2000) => ({ userId: 7, state, expiresAt, taskId: 42 });
  const submit = { userId: 7, action: 'submit' as const, now: 1000 };
  const skip = { userId: 7, action: 'skip' as const, now: 1000 };

  it('refuses an assignment that does not exist or is someone else’s, whatever the action', () => {
    for (const req of [submit, skip]) {
      expect(planCompletion(undefined, req)).toEqual({ kind: 'refuse', status: 'not_found' });
      expect(planCompletion(held('leased'), { ...req, userId: 8 })).toEqual({ kind: 'refuse', status: 'not_yours' });
    }
  });

  it('submit: a live lease is submitted; a used one refused; an expired one expired (released only if still leased)', () => {
    const live = held('leased');
    expect(planCompletion(live, submit)).toEqual({ kind: 'submit', held: live });
    expect(planCompletion(held('submitted'), submit)).toEqual({ kind: 'refuse', status: 'used' });
    expect(planCompletion(held('skipped'), submit)).toEqual({ kind: 'refuse', status: 'used' });
    const late = held('leased', 1000);
    expect(planCompletion(late, submit)).toEqual({ kind: 'expire', held: late });
    expect(planCompletion(held('expired'), submit)).toEqual({ kind: 'refuse', status: 'expired' });
  });

  it('skip: a lease gives its slot back; an expired one is only marked; a second skip changes nothing; a submitted one is refused', () => {
    const live = held('leased');
    expect(planCompletion(live, skip)).toEqual({ kind: 'skip', held: live, markSkipped: true, releaseSlot: true });
    const lapsed = held('leased', 500);
    expect(planCompletion(lapsed, skip)).toEqual({ kind: 'skip', held: lapsed, markSkipped: true, releaseSlot: true });
    const expired = held('expired');
    expect(planCompletion(expired, skip)).toEqual({ kind: 'skip', held: expired, markSkipped: true, releaseSlot: false });
    const skipped = held('skipped');
    expect(planCompletion(skipped, skip)).toEqual({ kind: 'skip', held: skipped, markSkipped: false, releaseSlot: false });
    expect(planCompletion(held('submitted'), skip)).toEqual({ kind: 'refuse', status: 'used' });
  });
});

describe('isOpen with per-task targets', () => {
  it('a task’s own target replaces the overlap; gold stays open', () => {
    expect(isOpen(false, 2, 0, 3, 2)).toBe(false);
    expect(isOpen(false, 3, 0, 3, 5)).toBe(true);
    expect(isOpen(false, 2, 0, 3, null)).toBe(true);
    expect(isOpen(true, 9, 0, 3, 1)).toBe(true);
  });
});
