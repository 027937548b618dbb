/**
 * Consensus for task types whose answers are not one class (pure; same result in the batch and after
 * each submit, so both paths store the same row):
 * - rating: per rubric axis the mean score; confidence = the share of (annotator, axis) scores within
 *   ±1 of their axis mean (how many annotators the mean speaks for);
 * - steps: per step the majority verdict (ties: correct, then incorrect, then neutral); confidence =
 *   the mean over steps of the majority's share;
 * - ranking: Borda — responses ordered by mean position (ties: payload order); confidence = the share
 *   of annotators' pairwise orderings that agree with the consensus order.
 * - conversation: per turn, in conversation.ts.
 * rewrite and demonstration have no consensus (every text is its own answer).
 */
import { STEP_VERDICTS } from '../../domain/responses.js';

export interface FreeFormConsensus {
  method: 'mean' | 'majority' | 'borda' | 'per-turn';
  label: Record<string, unknown>;
  confidence: number;
}

const avg = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

export function ratingConsensus(responses: readonly { scores: Record<string, number> }[]): FreeFormConsensus {
  const perAxis = new Map<string, number[]>();
  for (const r of responses)
    for (const [axis, s] of Object.entries(r.scores)) (perAxis.get(axis) ?? perAxis.set(axis, []).get(axis)!).push(s);
  const scores: Record<string, number> = {};
  let within = 0;
  let total = 0;
  for (const [axis, values] of perAxis) {
    const mean = avg(values);
    scores[axis] = mean;
    within += values.filter((v) => Math.abs(v - mean) <= 1).length;
    total += values.length;
  }
  return { method: 'mean', label: { scores }, confidence: total === 0 ? 0 : within / total };
}

export function stepsConsensus(responses: readonly { verdicts: string[] }[]): FreeFormConsensus {
  const steps = Math.max(0, ...responses.map((r) => r.verdicts.length));
  const verdicts: string[] = [];
  const shares: number[] = [];
  for (let i = 0; i < steps; i++) {
    const votes = STEP_VERDICTS.map((v) => responses.filter((r) => r.verdicts[i] === v).length);
    const top = votes.indexOf(Math.max(...votes));
    verdicts.push(STEP_VERDICTS[top]);
    shares.push(votes[top] / responses.length);
  }
  return { method: 'majority', label: { verdicts }, confidence: avg(shares) };
}

export function rankingConsensus(responses: readonly { order: string[] }[], ids: readonly string[]): FreeFormConsensus {
  const meanPos = new Map(ids.map((id) => [id, avg(responses.map((r) => r.order.indexOf(id)).filter((p) => p >= 0))]));
  const order = [...ids].sort((a, b) => meanPos.get(a)! - meanPos.get(b)! || ids.indexOf(a) - ids.indexOf(b));
  const rank = new Map(order.map((id, i) => [id, i]));
  let agree = 0;
  let pairs = 0;
  for (const r of responses) {
    for (let i = 0; i < r.order.length; i++) {
      for (let j = i + 1; j < r.order.length; j++) {
        pairs++;
        if (rank.get(r.order[i])! < rank.get(r.order[j])!) agree++;
      }
    }
  }
  return { method: 'borda', label: { order }, confidence: pairs === 0 ? 0 : agree / pairs };
}
