/**
 * Consensus of a conversation, turn by turn (pure; the batch and the per-submit path store the same):
 * per assistant turn the mean score of each rubric axis, the labels a majority gave (more than half
 * of the annotators who judged the turn), and for a branch the Borda order of its replies; across
 * turns, the first bad turn most annotators marked (ties: the earliest, "none" counting as a vote).
 * Confidence = the mean over the turn-level parts (each axis, the label set, the order) and the first
 * bad turn of how much of the crowd the consensus speaks for.
 */
import { rankingConsensus, type FreeFormConsensus } from './freeForm.js';

export interface TurnVotes {
  turn: number;
  scores?: Record<string, number>;
  labels?: string[];
  order?: string[];
}
export interface ConversationVotes {
  turns: TurnVotes[];
  firstBadTurn: number | null;
}

const avg = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** One turn's consensus from the judgments of that turn. */
export function turnConsensus(judged: readonly TurnVotes[], ids: readonly string[] | undefined): { label: TurnVotes; shares: number[] } {
  const turn = judged[0].turn;
  const shares: number[] = [];
  const perAxis = new Map<string, number[]>();
  for (const j of judged)
    for (const [axis, s] of Object.entries(j.scores ?? {})) (perAxis.get(axis) ?? perAxis.set(axis, []).get(axis)!).push(s);
  const scores: Record<string, number> = {};
  for (const [axis, values] of perAxis) {
    const mean = avg(values);
    scores[axis] = mean;
    shares.push(values.filter((v) => Math.abs(v - mean) <= 1).length / values.length);
  }
  const counts = new Map<string, number>();
  for (const j of judged) for (const l of new Set(j.labels ?? [])) counts.set(l, (counts.get(l) ?? 0) + 1);
  const labels = [...counts]
    .filter(([, n]) => n * 2 > judged.length)
    .map(([l]) => l)
    .sort();
  if (counts.size > 0) {
    const key = labels.join('+');
    shares.push(judged.filter((j) => [...new Set(j.labels ?? [])].sort().join('+') === key).length / judged.length);
  }
  const label: TurnVotes = { turn, ...(perAxis.size > 0 ? { scores } : {}), ...(counts.size > 0 ? { labels } : {}) };
  if (ids) {
    const ranked = rankingConsensus(
      judged.filter((j) => j.order).map((j) => ({ order: j.order! })),
      ids,
    );
    label.order = (ranked.label as { order: string[] }).order;
    shares.push(ranked.confidence);
  }
  return { label, shares };
}

/** `branches`: for each turn with alternatives, its reply ids (payload order). */
export function conversationConsensus(
  responses: readonly ConversationVotes[],
  branches: ReadonlyMap<number, readonly string[]>,
): FreeFormConsensus {
  const byTurn = new Map<number, TurnVotes[]>();
  for (const r of responses) for (const t of r.turns) (byTurn.get(t.turn) ?? byTurn.set(t.turn, []).get(t.turn)!).push(t);
  const shares: number[] = [];
  const turns = [...byTurn.keys()]
    .sort((a, b) => a - b)
    .map((turn) => {
      const c = turnConsensus(byTurn.get(turn)!, branches.get(turn));
      shares.push(...c.shares);
      return c.label;
    });
  const firstBad = new Map<number | null, number>();
  for (const r of responses) firstBad.set(r.firstBadTurn, (firstBad.get(r.firstBadTurn) ?? 0) + 1);
  // Most votes wins; on a tie the earliest turn (a problem someone saw is not outvoted by "none").
  const [firstBadTurn, votes] = [...firstBad].sort((x, y) => y[1] - x[1] || (x[0] ?? Infinity) - (y[0] ?? Infinity))[0] ?? [null, 0];
  if (responses.length > 0) shares.push(votes / responses.length);
  return { method: 'per-turn', label: { turns, firstBadTurn }, confidence: avg(shares) };
}
