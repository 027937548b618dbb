/**
 * Seeded pseudo-random numbers (mulberry32), so every tie-break, bootstrap and simulation
 * is reproducible from its seed. Not cryptographic.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Poisson(mean) draw: Knuth's product method, in chunks of mean ≤ 30 (a sum of Poissons is Poisson). */
  poisson(mean: number): number;
  /** out[i] = Poisson(means[i]) for every i: the same method as poisson(), without a call per uniform. */
  fillPoisson(out: Float64Array, means: Float64Array): void;
  /** Fills `out` with uniform integers in [0, n): the same stream as calling int(n) repeatedly, without a call per draw. */
  fillInts(out: Int32Array, n: number): void;
}

export function createRng(seed: number): Rng {
  let state = (seed >>> 0) ^ 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const fillInts = (out: Int32Array, n: number): void => {
    let s = state;
    for (let i = 0; i < out.length; i++) {
      s = (s + 0x6d2b79f5) | 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    }
    state = s;
  };
  const poisson = (mean: number): number => {
    let total = 0;
    while (mean > 0) {
      const chunk = Math.min(mean, 30);
      mean -= chunk;
      const limit = Math.exp(-chunk);
      let p = next(),
        k = 0;
      while (p > limit) (p *= next()), k++;
      total += k;
    }
    return total;
  };
  const fillPoisson = (out: Float64Array, means: Float64Array): void => {
    let s = state;
    for (let i = 0; i < means.length; i++) {
      let mean = means[i],
        total = 0;
      while (mean > 0) {
        const chunk = Math.min(mean, 30);
        mean -= chunk;
        const limit = Math.exp(-chunk);
        let p = 1,
          k = -1;
        do {
          s = (s + 0x6d2b79f5) | 0;
          let t = s;
          t = Math.imul(t ^ (t >>> 15), t | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          p *= ((t ^ (t >>> 14)) >>> 0) / 4294967296;
          k++;
        } while (p > limit);
        total += k;
      }
      out[i] = total;
    }
    state = s;
  };
  return {
    next,
    fillInts,
    poisson,
    fillPoisson,
    int: (n: number) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
  };
}
