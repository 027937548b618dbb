/**
 * Accuracy on the public crowdsourcing sets of ../shared/data against the published figures
 * (Zheng et al., VLDB 2017, Table 6; crowd-kit). Each set is aggregated once per method.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSet, type AccuracyCell } from '../../../bench/quality/accuracy.js';
import { atPublishedPrecision, bestPublished, CROWD_KIT, ZHENG_2017 } from '../../../bench/quality/published.js';
import { DEFAULT_INFERENCE_METHOD } from '../../../src/quality/inference/index.js';
import { hasSharedData, sharedDataDir, sharedDataSkipReason } from '../../support/sharedData.js';

const TOLERANCE_PP = 0.5;
const pct = (x: number): number => Math.round(x * 10000) / 100;

describe.skipIf(!hasSharedData)(`accuracy on the shared sets${sharedDataSkipReason ? ` (${sharedDataSkipReason})` : ''}`, () => {
  const results = new Map<string, Map<string, AccuracyCell>>();
  const sets = ['product', 'sentiment', 'relevance', 'adult'] as const;
  beforeAll(() => {
    for (const set of sets)
      results.set(set, new Map(evaluateSet(sharedDataDir, set, ['mv', 'ds', 'glad', DEFAULT_INFERENCE_METHOD]).map((c) => [c.method, c])));
  }, 60_000);
  const acc = (set: string, method: string): number => pct(results.get(set)!.get(method)!.accuracy);

  for (const set of ['product', 'sentiment', 'relevance'] as const) {
    it(`${set}: MV (ties counted 1/k), DS and GLAD within ${TOLERANCE_PP} pp of Zheng et al. or above`, () => {
      const mv = pct(results.get(set)!.get('mv')!.fractionalAccuracy);
      expect(mv).toBeGreaterThanOrEqual(ZHENG_2017.MV[set] - TOLERANCE_PP);
      expect(acc(set, 'ds')).toBeGreaterThanOrEqual(ZHENG_2017['D&S'][set] - TOLERANCE_PP);
      expect(acc(set, 'glad')).toBeGreaterThanOrEqual(ZHENG_2017.GLAD[set] - TOLERANCE_PP);
    });
  }

  it(`adult: MV, DS and GLAD within ${TOLERANCE_PP} pp of crowd-kit's figures or above`, () => {
    expect(pct(results.get('adult')!.get('mv')!.fractionalAccuracy)).toBeGreaterThanOrEqual(CROWD_KIT.MV.adult - TOLERANCE_PP);
    expect(acc('adult', 'ds')).toBeGreaterThanOrEqual(CROWD_KIT.DS.adult - TOLERANCE_PP);
    expect(acc('adult', 'glad')).toBeGreaterThanOrEqual(CROWD_KIT.GLAD.adult - TOLERANCE_PP);
  });

  // The default is compared at the precision each figure was published with: crowd-kit's DS
  // .940 on product covers 93.95–94.05 %; our DS (the same algorithm) gets 93.97 and hds 93.96.
  it.each(sets)('the default method is at least as accurate as the best published method on %s', (set) => {
    const best = bestPublished(set)!;
    expect(atPublishedPrecision(acc(set, DEFAULT_INFERENCE_METHOD), best.decimals), best.by).toBeGreaterThanOrEqual(best.accuracy);
  });
});

describe.skipIf(!hasSharedData)('EBCC and BWA on the shared sets', () => {
  // EBCC and BWA on the two Snow et al. (2008) sets, which both papers use: each must beat
  // majority vote (the figure BWA's paper measures itself against) and stay within 0.5 pp of DS.
  it.each(['rte', 'temp'] as const)('%s: EBCC and BWA beat majority vote and stay near Dawid–Skene', (set) => {
    const cells = new Map(evaluateSet(sharedDataDir, set, ['mv', 'ds', 'ebcc', 'bwa']).map((c) => [c.method, pct(c.accuracy)]));
    for (const method of ['ebcc', 'bwa']) {
      expect(cells.get(method)!, method).toBeGreaterThan(cells.get('mv')!);
      expect(cells.get(method)!, method).toBeGreaterThanOrEqual(cells.get('ds')! - TOLERANCE_PP);
    }
  });
});

it('reads the published tables consistently', () => {
  expect(bestPublished('relevance')).toEqual({ accuracy: 61.64, by: 'LFC (Zheng 2017)', decimals: 2 });
  expect(bestPublished('adult')).toEqual({ accuracy: 76.6, by: 'Wawa (crowd-kit)', decimals: 1 });
  expect(atPublishedPrecision(93.96, 1)).toBe(94);
  expect(atPublishedPrecision(61.644, 2)).toBe(61.64);
});
