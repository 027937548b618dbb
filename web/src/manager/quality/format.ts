/** Number formats shared by the Quality and Cost panels. */
import { managerQualityStrings as S } from '../../strings/managerQuality.js';

export const fixed = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? S.na : x.toFixed(digits);
export const pct1 = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? S.na : `${(100 * x).toFixed(1)}%`;
export const interval = (lo: number | null | undefined, hi: number | null | undefined, f: (x: number) => string): string =>
  lo === null || lo === undefined || hi === null || hi === undefined ? '' : S.interval(f(lo), f(hi));
export const TIER_COLORS: Record<string, string> = { specialist: '#7048e8', generalist: '#2f9e77', model: '#e8590c' };
