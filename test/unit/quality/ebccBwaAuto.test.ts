/**
 * EBCC, BWA and `auto`: one update worked out by hand on a tiny crowd for each model, and the
 * selection rule of `auto` on a seeded synthetic crowd.
 */
import { describe, expect, it } from 'vitest';
import { encodeLabels } from '../../../src/quality/encoded.js';
import { auto } from '../../../src/quality/inference/auto.js';
import { bwa } from '../../../src/quality/inference/bwa.js';
import { digamma } from '../../../src/quality/inference/common.js';
import { ebcc } from '../../../src/quality/inference/ebcc.js';
import { inferenceMethods } from '../../../src/quality/inference/index.js';
import { accuracyAgainst, smallCrowd } from './syntheticCrowd.js';

// t0: a and b say 0, c says 1 (vote shares 2/3, 1/3); t1: everyone says 1 (0, 1).
const tiny = encodeLabels([
  { worker: 'a', task: 't0', label: '0' },
  { worker: 'b', task: 't0', label: '0' },
  { worker: 'c', task: 't0', label: '1' },
  { worker: 'a', task: 't1', label: '1' },
  { worker: 'b', task: 't1', label: '1' },
  { worker: 'c', task: 't1', label: '1' },
]);

const softmax = (scores: number[]): number[] => {
  const max = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - max));
  const sum = e.reduce((x, y) => x + y, 0);
  return e.map((x) => x / sum);
};

describe('BWA', () => {
  it('one update by hand: worker precisions, then precision-weighted averages', () => {
    // b_v = a_v · Σ_t n_t z(1 − z) / N · 4(1 − 1/K) = 15 · (3 · 2/9) / 6 · 2 = 10/3 for both classes.
    // Squared deviations: a and b 1/9 per class, c 4/9; each has 2 labels, so
    // v_a = v_b = 17 / (10/3 + 1/9) = 153/31 and v_c = 17 / (10/3 + 4/9) = 153/34. Crowd means μ = (1/3, 2/3).
    const vAB = 153 / 31,
      vC = 153 / 34;
    const denominator = 1 + 2 * vAB + vC;
    const t0 = [(1 / 3 + 2 * vAB) / denominator, (2 / 3 + vC) / denominator];
    const t1 = [1 / 3 / denominator, (2 / 3 + 2 * vAB + vC) / denominator];
    const normalise = (z: number[]) => z.map((x) => x / (z[0] + z[1]));
    const result = bwa(tiny, { maxIterations: 1 });
    expect(result.iterations).toBe(1);
    const expected = [...normalise(t0), ...normalise(t1)];
    expected.forEach((p, j) => expect(result.posteriors[j]).toBeCloseTo(p, 12));
    expect(Array.from(result.labels)).toEqual([0, 1]);
  });

  it('iterates to a fixed point and trusts the workers who agree with the crowd', () => {
    const result = bwa(tiny);
    expect(result.converged).toBe(true);
    const [a, b, c] = result.workerReliability;
    expect(a).toBeCloseTo(b, 12);
    expect(a).toBeGreaterThan(c);
  });
});

describe('EBCC', () => {
  it('one update by hand with one subtype per class (then EBCC is IBCC)', () => {
    // q(z) starts at the vote shares. Dirichlet posteriors (a_v = 4, b_v = 1, α = 1):
    //   ν = (1 + 2/3, 1 + 4/3); rows v_w,k over the observed label:
    //   a, b: k=0 (4 + 2/3, 1), k=1 (1 + 1/3, 4 + 1); c: k=0 (4, 1 + 2/3), k=1 (1, 4 + 1/3 + 1).
    // With M = 1, E[log π] = 0. Task t0 (a, b say 0; c says 1):
    const logTau = [digamma(5 / 3) - digamma(4), digamma(7 / 3) - digamma(4)];
    const t0 = softmax([
      logTau[0] + 2 * (digamma(14 / 3) - digamma(17 / 3)) + (digamma(5 / 3) - digamma(17 / 3)),
      logTau[1] + 2 * (digamma(4 / 3) - digamma(19 / 3)) + (digamma(16 / 3) - digamma(19 / 3)),
    ]);
    // Task t1 (all say 1):
    const t1 = softmax([
      logTau[0] + 2 * (digamma(1) - digamma(17 / 3)) + (digamma(5 / 3) - digamma(17 / 3)),
      logTau[1] + 2 * (digamma(5) - digamma(19 / 3)) + (digamma(16 / 3) - digamma(19 / 3)),
    ]);
    const result = ebcc(tiny, { subtypes: 1, maxIterations: 1 });
    [...t0, ...t1].forEach((p, j) => expect(result.posteriors[j]).toBeCloseTo(p, 12));
  });

  it('is seeded, reports an ELBO that grows with more iterations, and confusion rows that sum to 1', () => {
    const { crowd, data } = smallCrowd(11, 200, 5, 20, 3);
    const short = ebcc(data, { seed: 2, maxIterations: 2, elboTolerance: 0 });
    const long = ebcc(data, { seed: 2, maxIterations: 40, elboTolerance: 0 });
    expect(long.elbo).toBeGreaterThan(short.elbo);
    expect(Array.from(ebcc(data, { seed: 2 }).posteriors)).toEqual(Array.from(ebcc(data, { seed: 2 }).posteriors));
    const K = data.classNames.length;
    for (let row = 0; row < long.confusion!.length; row += K) {
      let sum = 0;
      for (let l = 0; l < K; l++) sum += long.confusion![row + l];
      expect(sum).toBeCloseTo(1, 9);
    }
    expect(accuracyAgainst(long.labels, crowd.truth)).toBeGreaterThan(accuracyAgainst(inferenceMethods.mv.infer(data).labels, crowd.truth));
  });
});

describe('auto', () => {
  const { data } = smallCrowd(5, 300, 5, 25, 3);

  it('scores every candidate on held-out labels and returns the full fit of the one it chose', () => {
    const result = auto(data, { seed: 1 });
    const { selection } = result;
    expect(selection).toBeDefined();
    const scores = selection!.scores;
    expect(Object.keys(scores).sort()).toEqual(['bwa', 'ds', 'ebcc', 'hds', 'mace', 'mv']);
    for (const s of Object.values(scores)) expect(s).toBeLessThan(0);
    // hds is kept unless a candidate predicts the held-out labels better.
    if (selection!.chosen !== 'hds') expect(scores[selection!.chosen]).toBeGreaterThan(scores.hds);
    expect(selection!.heldOutLabels).toBe(300); // one from every task
    expect(selection!.reason).toContain(selection!.chosen);
    expect(result.method).toBe('auto');
    const direct = inferenceMethods[selection!.chosen].infer(data, { seed: 1 });
    expect(Array.from(result.labels)).toEqual(Array.from(direct.labels));
  });

  it('scores the hierarchical Dawid–Skene above majority vote on a crowd with spammers', () => {
    // 15 % of this crowd spam uniformly and 5 % always give one class: vote shares predict worse.
    const { selection } = auto(data, { seed: 1, candidates: ['mv', 'hds'] });
    expect(selection!.scores.hds).toBeGreaterThan(selection!.scores.mv);
  });

  it('chooses on a sample of whole tasks above the label budget', () => {
    const { selection } = auto(data, { seed: 1, candidates: ['mv', 'bwa'], selectionLabels: 500 });
    expect(selection!.selectionLabels).toBeLessThan(data.labels.length);
    expect(selection!.selectionLabels % 5).toBe(0); // whole tasks of 5 labels
    expect(selection!.reason).toContain('sample');
  });

  it('keeps the incumbent unless another method wins by more than two standard errors', () => {
    // A candidate identical to the incumbent gains exactly 0: never enough.
    expect(auto(data, { seed: 1, candidates: ['mv', 'mv'] }).selection!.chosen).toBe('mv');
    // Without hds the first candidate is the incumbent; a clearly better model replaces it.
    const { selection } = auto(data, { seed: 1, candidates: ['mv', 'mace'] });
    expect(selection!.scores.mace).toBeGreaterThan(selection!.scores.mv);
    expect(selection!.chosen).toBe('mace');
    expect(selection!.reason).toMatch(/^mace predicts 300 held-out labels better than mv by [\d.]+ ± [\d.]+ nats per label/);
  });

  it('refuses an unknown candidate', () => {
    expect(() => auto(data, { candidates: ['nope'] })).toThrow(/unknown candidate method "nope"/);
  });
});
