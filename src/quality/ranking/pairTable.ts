/**
 * Collapses comparisons into distinct unordered pairs {a < b} with win counts each way, so
 * Bradley–Terry iterations cost O(pairs) instead of O(comparisons). `pairOf[c]` and
 * `aWon[c]` let a reweighted (bootstrap) table be rebuilt in one pass without re-hashing.
 */
import type { Comparisons } from './types.js';

export interface PairTable {
  nItems: number;
  a: Int32Array;
  b: Int32Array;
  /** Wins of a over b, and of b over a. */
  winsA: Float64Array;
  winsB: Float64Array;
  pairOf: Int32Array;
  aWon: Uint8Array;
}

export function buildPairTable(comparisons: Comparisons): PairTable {
  const n = comparisons.itemNames.length,
    N = comparisons.winners.length;
  const pairOf = new Int32Array(N),
    aWon = new Uint8Array(N);
  const a: number[] = [],
    b: number[] = [];
  // Dense index for up to 4,096 items (16 M cells); a Map beyond that.
  const dense = n <= 4096 ? new Int32Array(n * n).fill(-1) : null;
  const sparse = dense ? null : new Map<number, number>();
  for (let c = 0; c < N; c++) {
    const w = comparisons.winners[c],
      l = comparisons.losers[c];
    const lo = w < l ? w : l,
      hi = w < l ? l : w;
    const key = lo * n + hi;
    let p = dense ? dense[key] : (sparse!.get(key) ?? -1);
    if (p < 0) {
      p = a.length;
      a.push(lo), b.push(hi);
      if (dense) dense[key] = p;
      else sparse!.set(key, p);
    }
    pairOf[c] = p;
    aWon[c] = w === lo ? 1 : 0;
  }
  const table: PairTable = {
    nItems: n,
    a: Int32Array.from(a),
    b: Int32Array.from(b),
    winsA: new Float64Array(a.length),
    winsB: new Float64Array(a.length),
    pairOf,
    aWon,
  };
  fillWins(table, undefined);
  return table;
}

/** Recounts wins with per-comparison weights (undefined = all 1). */
export function fillWins(table: PairTable, weights: Float64Array | undefined): void {
  table.winsA.fill(0);
  table.winsB.fill(0);
  const { pairOf, aWon, winsA, winsB } = table;
  for (let c = 0; c < pairOf.length; c++) {
    const w = weights ? weights[c] : 1;
    if (aWon[c]) winsA[pairOf[c]] += w;
    else winsB[pairOf[c]] += w;
  }
}

/**
 * Poisson bootstrap (Hanley & MacGibbon 2006; Chamandy et al. 2012): every comparison gets an
 * independent Poisson(1) multiplicity, so a cell of m identical comparisons gets Poisson(m).
 * Drawn per pair and direction from the original counts — sequential, no per-comparison pass.
 */
export function poissonResample(
  table: PairTable,
  original: { winsA: Float64Array; winsB: Float64Array },
  rng: { fillPoisson(out: Float64Array, means: Float64Array): void },
): void {
  rng.fillPoisson(table.winsA, original.winsA);
  rng.fillPoisson(table.winsB, original.winsB);
}
