/**
 * `dpo`: preference pairs. Preference tasks give one pair; ranking tasks give one pair per consecutive
 * rank of the consensus order (1st over 2nd, 2nd over 3rd, …: n−1 pairs, no pair implied twice).
 * Chosen/rejected follow the task's stored consensus (refreshed before the export); a reviewer's verdict
 * wins. Left out, and counted: a consensus of "tie", and a model consensus on a split vote (the top count
 * shared; for a ranking pair, as many annotators put it one way as the other) unless `includeTies`, which
 * keeps them marked `meta.split = true`. Styles (shapes.ts): TRL conversational, TRL standard, LLaMA-Factory.
 */
import type { DpoStyle } from '../../domain/api/export.js';
import { plainChoice } from '../../domain/answers.js';
import type { StoredConsensus } from '../../store/repositories/consensus.js';
import type { Db } from '../../store/transaction.js';
import type { ExportVote } from '../../store/repositories/exportPages.js';
import { rankingConsensus } from '../../quality/consensus/freeForm.js';
import { consensusMeta, type ExportItem, promptMessages, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';
import type { LeftOut } from './summary.js';

type Msg = { role: string; content: string };
export type Payload = { context?: Msg[]; prompt: string; responses: { id: string; text: string }[]; meta?: Record<string, unknown> };
type Vote = { response: string; count: number };
export interface Pair {
  chosen: { id: string; text: string };
  rejected: { id: string; text: string };
  votes: Vote[];
  annotators: number;
  agreement: number;
  margin: number;
  split: boolean;
}

export interface DpoOptions {
  style: DpoStyle;
  includeTies: boolean;
}

export async function* dpoRows(
  db: Db,
  projectId: number,
  type: string,
  opts: DpoOptions,
  left: LeftOut,
  items: AsyncIterable<ExportItem<ExportVote>> = tasksWithAnnotations(db, projectId),
): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of items) {
    const splitBefore = left.split;
    const payload = JSON.parse(task.payload) as Payload;
    const pairs =
      type === 'ranking'
        ? rankingPairs(
            payload,
            annotations.map((a) => JSON.parse(a.response) as { order: string[] }),
            consensus,
            left,
          )
        : preferencePair(
            payload,
            annotations.map((a) => choiceOf(a.response).choice),
            consensus,
            left,
          );
    // Shared by the task's pairs (a ranking gives several): formed once per task, on its first pair.
    const taskConsensus = consensusMeta(consensus, 'majority_vote');
    let prompt: Msg[] | undefined;
    let source: string | null | undefined;
    for (const pair of pairs) {
      if (pair.split && !opts.includeTies) {
        left.split++;
        continue;
      }
      const meta = {
        taskId: task.externalId,
        domain: task.domain,
        chosenId: pair.chosen.id,
        rejectedId: pair.rejected.id,
        votes: pair.votes,
        annotators: pair.annotators,
        agreement: pair.agreement,
        margin: pair.margin,
        split: pair.split,
        ...taskConsensus,
      };
      const row = styled(opts.style, prompt ?? (prompt = promptMessages(payload)), pair);
      row.meta = meta;
      row.source_meta = source ?? (source = sourceMeta(payload));
      yield row;
    }
    if (left.split > splitBefore) left.noteSplitTask(task.id);
  }
}

/** A stored preference response's choice (read by a slice where it can be: plainChoice). */
export function choiceOf(response: string): { choice: string } {
  const choice = plainChoice(response);
  return choice !== null ? { choice } : (JSON.parse(response) as { choice: string });
}

function preferencePair(payload: Payload, choices: string[], consensus: StoredConsensus | undefined, left: LeftOut): Pair[] {
  const counts = new Map<string, number>();
  for (const r of payload.responses) counts.set(r.id, 0);
  counts.set('tie', 0);
  for (const c of choices) counts.set(c, (counts.get(c) ?? 0) + 1);
  // The most votes, the first response (in the payload's order, then "tie") holding them, and how many hold them.
  let top = -1;
  let leader = '';
  let holders = 0;
  for (const [id, n] of counts) {
    if (n > top) [top, leader, holders] = [n, id, 1];
    else if (n === top) holders++;
  }
  const reviewed = consensus?.source === 'review';
  const split = !reviewed && holders > 1;
  const winner = consensus ? choiceOf(consensus.label).choice : split ? null : leader;
  const chosen = payload.responses.find((r) => r.id === winner);
  if (!chosen) {
    // "tie", or a split with no consensus to break it
    if (split) left.split++;
    else left.tie++;
    return [];
  }
  const rejected = payload.responses.find((r) => r.id !== winner)!;
  const n = choices.length;
  const votes: Vote[] = [];
  for (const [response, count] of counts) votes.push({ response, count });
  return [
    {
      chosen,
      rejected,
      votes,
      annotators: n,
      agreement: top / n,
      margin: (counts.get(chosen.id)! - counts.get(rejected.id)!) / n,
      split,
    },
  ];
}

export function rankingPairs(
  payload: Payload,
  responses: { order: string[] }[],
  consensus: StoredConsensus | undefined,
  left: LeftOut,
): Pair[] {
  const ids = payload.responses.map((r) => r.id);
  const order = consensus
    ? (JSON.parse(consensus.label) as { order: string[] }).order
    : (rankingConsensus(responses, ids).label as { order: string[] }).order;
  const byId = new Map(payload.responses.map((r) => [r.id, r]));
  const n = responses.length;
  const reviewed = consensus?.source === 'review';
  const pairs: Pair[] = [];
  for (let i = 0; i + 1 < order.length; i++) {
    const [hi, lo] = [order[i], order[i + 1]];
    const agree = responses.filter((r) => r.order.indexOf(hi) < r.order.indexOf(lo)).length;
    if (!byId.has(hi) || !byId.has(lo)) {
      left.tie++;
      continue;
    }
    pairs.push({
      chosen: byId.get(hi)!,
      rejected: byId.get(lo)!,
      votes: [
        { response: hi, count: agree },
        { response: lo, count: n - agree },
      ],
      annotators: n,
      agreement: Math.max(agree, n - agree) / n,
      margin: (2 * agree - n) / n,
      split: !reviewed && agree * 2 <= n,
    });
  }
  return pairs;
}

/** The pair in the requested style (shapes.ts holds the columns). */
export function styled(style: DpoStyle, prompt: Msg[], pair: Pair): Row {
  const answer = (text: string) => ({ role: 'assistant', content: text });
  switch (style) {
    case 'conversational':
      return { prompt, chosen: [answer(pair.chosen.text)], rejected: [answer(pair.rejected.text)] };
    case 'trl-standard':
      return { prompt: promptText(prompt), chosen: pair.chosen.text, rejected: pair.rejected.text };
    case 'llamafactory':
      return { messages: prompt, chosen: answer(pair.chosen.text), rejected: answer(pair.rejected.text) };
  }
}

/** TRL's standard (plain-text) prompt: the final user turn, earlier turns prefixed by role ("user: …"). */
export function promptText(messages: Msg[]): string {
  if (messages.length === 1) return messages[0].content;
  return messages.map((m) => `${m.role}: ${m.content}`).join('\n\n');
}
