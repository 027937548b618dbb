/**
 * Turn-level `dpo` from conversations: for each branch (an assistant turn with alternatives), the
 * shared history before it as the prompt and its replies paired by the consensus order, one pair per
 * consecutive rank (as ranking tasks do). Ids in `meta` read `turn:reply` ("3:b").
 */
import type { ConversationResponse } from '../../domain/conversation.js';
import type { ExportTask, TaskAnnotation } from '../../store/repositories/annotations.js';
import type { StoredConsensus } from '../../store/repositories/consensus.js';
import { conversationLabel, type ConversationPayload, pathMessages } from './conversationPath.js';
import { type DpoOptions, rankingPairs, styled } from './dpo.js';
import type { Db } from '../../store/transaction.js';
import { consensusMeta, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';
import type { LeftOut } from './summary.js';

export async function* conversationDpoRows(db: Db, projectId: number, opts: DpoOptions, left: LeftOut): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of tasksWithAnnotations(db, projectId))
    yield* taskPairs(task, annotations, consensus, opts, left);
}

function* taskPairs(
  task: ExportTask,
  annotations: TaskAnnotation[],
  consensus: StoredConsensus | undefined,
  opts: DpoOptions,
  left: LeftOut,
): Generator<Row> {
  const payload = JSON.parse(task.payload) as ConversationPayload;
  const responses = annotations.map((a) => JSON.parse(a.response) as ConversationResponse);
  const label = conversationLabel(payload, responses, consensus);
  const history = pathMessages(payload.messages);
  for (const [i, m] of payload.messages.entries()) {
    if (!m.alternatives) continue;
    const order = label.turns.find((t) => t.turn === i)?.order;
    const orders = responses.flatMap((r) => r.turns.filter((t) => t.turn === i && t.order).map((t) => ({ order: t.order! })));
    // The turn's consensus order, in the shape rankingPairs reads (a reviewer's verdict keeps its provenance).
    const turnConsensus = order && consensus ? { ...consensus, label: JSON.stringify({ order }) } : undefined;
    const pairs = rankingPairs({ prompt: '', responses: m.alternatives }, orders, turnConsensus, left);
    for (const pair of pairs) {
      if (pair.split && !opts.includeTies) {
        left.split++;
        continue;
      }
      const meta = {
        taskId: task.externalId,
        domain: task.domain,
        chosenId: `${i}:${pair.chosen.id}`,
        rejectedId: `${i}:${pair.rejected.id}`,
        votes: pair.votes.map((v) => ({ ...v, response: `${i}:${v.response}` })),
        annotators: pair.annotators,
        agreement: pair.agreement,
        margin: pair.margin,
        split: pair.split,
        ...consensusMeta(consensus, 'per-turn'),
      };
      yield { ...styled(opts.style, history.slice(0, i), pair), meta, source_meta: sourceMeta(payload) };
    }
  }
}
