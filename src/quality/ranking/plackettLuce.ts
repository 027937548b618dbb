/**
 * Plackett–Luce for full (or top-k) rankings: P(π) = Π_r γ_{π(r)} / Σ_{s ≥ r} γ_{π(s)}
 * (Luce 1959; Plackett 1975), fitted by Hunter's (2004, §5) MM algorithm:
 *   γ_i ← (w_i + ε) / (Σ_j Σ_{r < m_j − 1, i ∈ π_j(r…)} 1 / Σ_{s ≥ r} γ_{π_j(s)} + 2ε / (γ_i + 1)),
 * w_i = number of rankings where i is not last; ε is the same virtual-opponent regulariser as
 * Bradley–Terry (with two items this model is Bradley–Terry). Scores: log γ, centred.
 */
import { centre } from './types.js';

export interface Rankings {
  /** Concatenated orders, best first. */
  items: Int32Array;
  /** Ranking j is items[offsets[j]] … items[offsets[j+1]−1]. */
  offsets: Int32Array;
  nItems: number;
}

export function plackettLuce(
  rankings: Rankings,
  options: { regularization?: number; maxIterations?: number; tolerance?: number } = {},
): Float64Array {
  const { items, offsets, nItems: n } = rankings;
  const eps = options.regularization ?? 0.1,
    maxIterations = options.maxIterations ?? 10_000,
    tolerance = options.tolerance ?? 1e-8;
  const gamma = new Float64Array(n).fill(1),
    wins = new Float64Array(n),
    denom = new Float64Array(n),
    step = new Float64Array(n);
  for (let j = 0; j + 1 < offsets.length; j++) for (let r = offsets[j]; r < offsets[j + 1] - 1; r++) wins[items[r]]++;
  const suffix = new Float64Array(items.length);
  for (let it = 0; it < maxIterations; it++) {
    for (let i = 0; i < n; i++) denom[i] = (2 * eps) / (gamma[i] + 1);
    for (let j = 0; j + 1 < offsets.length; j++) {
      const s = offsets[j],
        e = offsets[j + 1];
      let acc = 0;
      for (let r = e - 1; r >= s; r--) suffix[r] = acc += gamma[items[r]];
      // Item at position r takes part in the choices at stages s … r (except the last stage).
      let running = 0;
      for (let r = s; r < e; r++) {
        if (r < e - 1) running += 1 / suffix[r];
        denom[items[r]] += running;
      }
    }
    // Converged when the centred log-strengths stop moving (the scale itself drifts slowly).
    let meanStep = 0;
    for (let i = 0; i < n; i++) (step[i] = Math.log((wins[i] + eps) / denom[i] / gamma[i])), (meanStep += step[i] / n);
    let change = 0;
    for (let i = 0; i < n; i++) {
      change = Math.max(change, Math.abs(step[i] - meanStep));
      gamma[i] *= Math.exp(step[i]);
    }
    if (change < tolerance) break;
  }
  return centre(gamma.map(Math.log));
}
