import { describe, expect, it } from 'vitest';
import { asEncoded } from '../../../bench/quality/sparseCrowds.js';
import { generateSparseCrowd, oracleAccuracy } from '../../../bench/quality/synthetic.js';
import { encodeGold, encodeLabels } from '../../../src/quality/encoded.js';
import { DEFAULT_INFERENCE_METHOD, inferenceMethods, majorityVote } from '../../../src/quality/inference/index.js';
import { dawidSkene } from '../../../src/quality/inference/dawidSkene.js';
import { accuracyAgainst, smallCrowd } from './syntheticCrowd.js';

const methodNames = Object.keys(inferenceMethods);

describe('inference methods on a seeded synthetic crowd', () => {
  const { crowd, data } = smallCrowd();
  const mvAccuracy = accuracyAgainst(majorityVote(data).labels, crowd.truth);
  const oracle = oracleAccuracy(crowd);

  it.each(methodNames)('%s returns well-formed output and beats chance by far', (name) => {
    const result = inferenceMethods[name].infer(data, { seed: 1 });
    const K = data.classNames.length,
      T = data.taskNames.length;
    expect(result.labels).toHaveLength(T);
    expect(result.posteriors).toHaveLength(T * K);
    expect(result.workerReliability).toHaveLength(data.workerNames.length);
    for (let t = 0; t < T; t++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += result.posteriors[t * K + k];
      expect(sum).toBeCloseTo(1, 9);
      expect(result.confidence[t]).toBeCloseTo(result.posteriors[t * K + result.labels[t]], 12);
    }
    for (const r of result.workerReliability) expect(r >= 0 && r <= 1).toBe(true);
    expect(accuracyAgainst(result.labels, crowd.truth)).toBeGreaterThan(0.75);
  });

  it('model-based methods beat majority vote and approach the oracle', () => {
    for (const name of ['ds', 'bds', 'mace', 'hds']) {
      const accuracy = accuracyAgainst(inferenceMethods[name].infer(data).labels, crowd.truth);
      expect(accuracy, name).toBeGreaterThan(mvAccuracy);
      expect(accuracy, name).toBeGreaterThan(oracle - 0.03);
    }
  });

  it('Dawid–Skene returns row-stochastic confusion matrices that single out spammers', () => {
    const result = dawidSkene(data);
    const K = data.classNames.length;
    const confusion = result.confusion!;
    expect(confusion).toHaveLength(data.workerNames.length * K * K);
    for (let row = 0; row < confusion.length; row += K) {
      let sum = 0;
      for (let l = 0; l < K; l++) sum += confusion[row + l];
      expect(sum).toBeCloseTo(1, 9);
    }
    // Estimated reliability tracks the true one: rank correlation across workers is strong.
    const trueReliability = Array.from({ length: data.workerNames.length }, (_, w) => {
      let r = 0;
      for (let k = 0; k < K; k++) r += crowd.prior[k] * crowd.confusion[(w * K + k) * K + k];
      return r;
    });
    const est = Array.from(result.workerReliability);
    const rank = (xs: number[]): number[] => {
      const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
      const ranks = new Array<number>(xs.length);
      order.forEach(([, i], r) => (ranks[i] = r));
      return ranks;
    };
    const a = rank(trueReliability),
      b = rank(est),
      n = a.length;
    const d2 = a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0);
    expect(1 - (6 * d2) / (n * (n * n - 1))).toBeGreaterThan(0.8);
  });

  it('is deterministic for a seed', () => {
    for (const name of methodNames) {
      const a = inferenceMethods[name].infer(data, { seed: 3 });
      const b = inferenceMethods[name].infer(data, { seed: 3 });
      expect(Array.from(a.labels), name).toEqual(Array.from(b.labels));
    }
  });

  it('clamps gold tasks to their gold label', () => {
    const gold = new Int32Array(data.taskNames.length).fill(-1);
    for (let t = 0; t < 50; t++) gold[t] = (crowd.truth[t] + 1) % data.classNames.length; // deliberately "wrong" gold
    for (const name of methodNames) {
      const result = inferenceMethods[name].infer(data, { gold });
      for (let t = 0; t < 50; t++) expect(result.labels[t], name).toBe(gold[t]);
    }
  });

  it('has a registered default method', () => {
    expect(inferenceMethods[DEFAULT_INFERENCE_METHOD]).toBeDefined();
  });
});

describe('majority vote ties', () => {
  const data = encodeLabels([
    { worker: 'a', task: 'x', label: 'cat' },
    { worker: 'b', task: 'x', label: 'dog' },
    { worker: 'a', task: 'y', label: 'dog' },
    { worker: 'b', task: 'y', label: 'dog' },
    { worker: 'c', task: 'y', label: 'cat' },
  ]);

  it('reports the tie size and picks among the tied labels by seed', () => {
    const picks = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const result = majorityVote(data, { seed });
      expect(result.tieSize[0]).toBe(2);
      expect(result.tieSize[1]).toBe(1);
      expect(result.confidence[0]).toBe(0.5);
      expect(data.classNames[result.labels[1]]).toBe('dog');
      picks.add(result.labels[0]);
    }
    expect(picks.size).toBe(2);
  });

  it('encodes gold, appending classes no worker used', () => {
    const { data: withGold, gold } = encodeGold(data, [
      { task: 'x', label: 'bird' },
      { task: 'nope', label: 'cat' },
    ]);
    expect(withGold.classNames).toEqual(['cat', 'dog', 'bird']);
    expect(Array.from(gold)).toEqual([2, -1]);
  });
});

describe('crowds where most workers give a handful of labels', () => {
  // Zipf activity (a few workers do most of the work), 1–7 labels per task, 5 classes: plain
  // Dawid–Skene overfits the many small workers; the hierarchical prior must not.
  const crowds = [1, 2, 3].map((seed) => {
    const crowd = generateSparseCrowd({ nTasks: 3000, maxLabelsPerTask: 7, nWorkers: 600, nClasses: 5, activitySkew: 1.1, seed });
    return { crowd, data: asEncoded(crowd) };
  });
  const mean = (name: string): number =>
    crowds.reduce((sum, { crowd, data }) => sum + accuracyAgainst(inferenceMethods[name].infer(data).labels, crowd.truth), 0) /
    crowds.length;

  it('the default method beats Dawid–Skene and majority vote by far and stays near MACE and the oracle', () => {
    const oracle = crowds.reduce((sum, { crowd }) => sum + oracleAccuracy(crowd), 0) / crowds.length;
    const accuracy = { default: mean(DEFAULT_INFERENCE_METHOD), ds: mean('ds'), mv: mean('mv'), mace: mean('mace') };
    expect(accuracy.default).toBeGreaterThan(accuracy.ds + 0.03);
    expect(accuracy.default).toBeGreaterThan(accuracy.mv + 0.03);
    expect(accuracy.default).toBeGreaterThan(accuracy.mace - 0.025);
    expect(accuracy.default).toBeGreaterThan(oracle - 0.05);
  });

  it('stays finite when a class is only ever given unanimously (no worker spams it)', () => {
    // Under variational Bayes that class's spamming habit underflowed to 0 and log 0 made every
    // posterior NaN (found by the adaptive-overlap concurrency test, which stores consensus).
    const rows = [];
    for (let t = 0; t < 60; t++)
      for (let w = 0; w < 4; w++)
        rows.push({ worker: `w${(t + w) % 10}`, task: `t${t}`, label: t % 10 === 0 ? 'z' : (t + w) % 3 === 0 ? 'y' : 'x' });
    const data = encodeLabels(rows);
    const result = inferenceMethods[DEFAULT_INFERENCE_METHOD].infer(data);
    expect(Array.from(result.posteriors).every(Number.isFinite)).toBe(true);
    const z = data.classNames.indexOf('z');
    for (let t = 0; t < 60; t += 10) expect(result.labels[data.taskNames.indexOf(`t${t}`)]).toBe(z);
  });

  it('gives finite posteriors when every worker agrees and when a task has one label', () => {
    const data = encodeLabels([
      { worker: 'a', task: 't1', label: 'yes' },
      { worker: 'b', task: 't1', label: 'yes' },
      { worker: 'a', task: 't2', label: 'no' },
      { worker: 'b', task: 't2', label: 'no' },
      { worker: 'c', task: 't3', label: 'no' },
    ]);
    const result = inferenceMethods[DEFAULT_INFERENCE_METHOD].infer(data);
    expect(Array.from(result.posteriors).every(Number.isFinite)).toBe(true);
    expect(Array.from(result.labels).map((k) => data.classNames[k])).toEqual(['yes', 'no', 'no']);
  });
});
