/**
 * `turn-ratings`: one line per assistant turn of a judged conversation: the history before it
 * (`prompt`), what the turn says on the chat's path (`response`), per rubric axis the mean score,
 * annotators and standard error (as `ratings`), the labels given with their counts, how many
 * annotators marked it the first bad turn, and how many rewrote it; `meta` carries the consensus.
 */
import type { ConversationResponse } from '../../domain/conversation.js';
import type { Db } from '../../store/transaction.js';
import { assistantTurns, conversationLabel, type ConversationPayload, pathMessages } from './conversationPath.js';
import { consensusMeta, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';
import { axisSummary } from './ratings.js';

const DEFAULT_SCALE = 5;

export async function* turnRatingRows(db: Db, projectId: number, scales: ReadonlyMap<string, number>): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as ConversationPayload;
    const responses = annotations.map((a) => JSON.parse(a.response) as ConversationResponse);
    const label = conversationLabel(payload, responses, consensus);
    const history = pathMessages(payload.messages);
    for (const turn of assistantTurns(payload.messages)) {
      const judged = responses.flatMap((r) => r.turns.filter((t) => t.turn === turn));
      const perAxis = new Map<string, number[]>();
      const labels = new Map<string, number>();
      for (const t of judged) {
        for (const [axis, s] of Object.entries(t.scores ?? {})) (perAxis.get(axis) ?? perAxis.set(axis, []).get(axis)!).push(s);
        for (const l of t.labels ?? []) labels.set(l, (labels.get(l) ?? 0) + 1);
      }
      yield {
        prompt: history.slice(0, turn),
        response: history[turn].content,
        turn,
        scores: [...perAxis].map(([axis, values]) => ({ axis, ...axisSummary(values, scales.get(axis) ?? DEFAULT_SCALE) })),
        labels: [...labels].map(([name, count]) => ({ label: name, count })),
        consensusLabels: label.turns.find((t) => t.turn === turn)?.labels ?? [],
        firstBadVotes: responses.filter((r) => r.firstBadTurn === turn).length,
        rewrites: judged.filter((t) => t.rewrite !== undefined).length,
        meta: {
          taskId: task.externalId,
          domain: task.domain,
          annotators: annotations.length,
          consensusFirstBadTurn: label.firstBadTurn,
          ...consensusMeta(consensus, 'per-turn'),
        },
        source_meta: sourceMeta(payload),
      };
    }
  }
}
