import { describe, expect, it } from 'vitest';
import { decideOverlap, itemPosterior } from '../../../src/quality/adaptive/index.js';

describe('itemPosterior (one-coin model)', () => {
  it('matches the closed form for two agreeing workers on two classes', () => {
    const r = itemPosterior(
      [
        { worker: 'a', label: 'x' },
        { worker: 'b', label: 'x' },
      ],
      ['x', 'y'],
      () => 0.8,
    );
    // 0.8² / (0.8² + 0.2²)
    expect(r.label).toBe('x');
    expect(r.confidence).toBeCloseTo(0.64 / 0.68, 12);
    expect(r.posterior.y).toBeCloseTo(0.04 / 0.68, 12);
  });

  it('lets one reliable worker outweigh two unreliable ones', () => {
    const acc: Record<string, number> = { expert: 0.97, n1: 0.55, n2: 0.55 };
    const r = itemPosterior(
      [
        { worker: 'expert', label: 'a' },
        { worker: 'n1', label: 'b' },
        { worker: 'n2', label: 'b' },
      ],
      ['a', 'b'],
      (w) => acc[w],
    );
    expect(r.label).toBe('a');
    expect(r.confidence).toBeGreaterThan(0.9);
  });

  it('spreads a miss over the other classes and adds unseen labels to the class set', () => {
    const r = itemPosterior([{ worker: 'a', label: 'z' }], ['x', 'y'], () => 0.7);
    expect(Object.keys(r.posterior).sort()).toEqual(['x', 'y', 'z']);
    expect(r.posterior.z).toBeCloseTo(0.7, 12);
    expect(r.posterior.x).toBeCloseTo(0.15, 12);
  });

  it('is the prior with no judgments, and never reaches exactly 1', () => {
    expect(itemPosterior([], ['x', 'y'], () => 0.9).confidence).toBeCloseTo(0.5, 12);
    const r = itemPosterior([{ worker: 'a', label: 'x' }], ['x', 'y'], () => 1);
    expect(r.confidence).toBeLessThan(1);
  });
});

describe('decideOverlap', () => {
  const policy = { targetConfidence: 0.9, minJudgments: 2, maxJudgments: 5 };
  it('waits for the minimum even when confident', () => {
    expect(decideOverlap(policy, 1, 0.99)).toEqual({ done: false, needed: 2, exhausted: false });
  });
  it('stops at the target confidence', () => {
    expect(decideOverlap(policy, 2, 0.95)).toEqual({ done: true, needed: 2, exhausted: false });
  });
  it('asks for one more while below target, up to the maximum', () => {
    expect(decideOverlap(policy, 3, 0.7)).toEqual({ done: false, needed: 4, exhausted: false });
    expect(decideOverlap(policy, 5, 0.7)).toEqual({ done: true, needed: 5, exhausted: true });
  });
  it('is fixed overlap when min = max', () => {
    const fixed = { targetConfidence: 0.99, minJudgments: 3, maxJudgments: 3 };
    expect(decideOverlap(fixed, 2, 0.999).done).toBe(false);
    expect(decideOverlap(fixed, 3, 0.4).done).toBe(true);
  });
});
