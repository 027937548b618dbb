/**
 * Seeded draws from the distributions scenarios speak in, on top of the quality engine's
 * mulberry32 `Rng`:
 * - Gamma(k, 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma variables"
 *   (k < 1 via the boost Gamma(k+1)·U^{1/k}); Beta(a, b) = X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b).
 * - A mean/sd accuracy is turned into the Beta with that mean and variance (method of moments), so
 *   a scenario can say "mean 0.9, sd 0.05" and still get values inside (0, 1).
 * - Log-normal durations: exp(μ + σZ), parameterised by the median (e^μ) and σ, because "a typical
 *   judgment takes 90 s, with a long right tail" is how people describe speed.
 */
import type { Rng } from '../quality/random.js';

export function gamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3,
    c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a),
    y = gamma(rng, b);
  return x / (x + y);
}

/** Beta(a, b) with the given mean and standard deviation (needs sd² < mean(1 − mean)). */
export function betaFromMoments(mean: number, sd: number): { a: number; b: number } {
  if (!(mean > 0 && mean < 1)) throw new RangeError(`mean must be in (0, 1), got ${mean}`);
  const v = sd * sd,
    max = mean * (1 - mean);
  if (!(v > 0 && v < max)) throw new RangeError(`sd must be in (0, ${Math.sqrt(max).toFixed(4)}) for mean ${mean}, got ${sd}`);
  const k = max / v - 1;
  return { a: mean * k, b: (1 - mean) * k };
}

/** Log-normal with the given median and log-scale σ. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal());
}

/** Index drawn with probability proportional to weights. */
export function weightedIndex(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}
