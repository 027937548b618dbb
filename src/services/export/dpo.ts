/**
 * `dpo`: one line per preference task with a decided preference, in TRL's conversational preference
 * shape: `{prompt: [messages…], chosen: [{assistant}], rejected: [{assistant}], meta}`.
 * Chosen/rejected follow the task's stored consensus (the project's method, refreshed before the
 * export); a reviewer's verdict wins over the model. Left out: a consensus of "tie", and a model
 * consensus on a split vote (the top count shared — such pairs teach little and go to review; once a
 * reviewer decides, the verdict is exported). A task with no stored consensus falls back to majority vote.
 * `meta` carries the vote counts, margin, agreement, and the consensus' confidence, annotator count,
 * method, version and provenance (`source`, `reviewId`).
 */
import type { Db } from '../../store/transaction.js';
import { consensusMeta, line, promptMessages, tasksWithAnnotations } from './pages.js';

type Payload = { context?: { role: string; content: string }[]; prompt: string; responses: { id: string; text: string }[]; meta?: Record<string, unknown> };

export async function* dpoLines(db: Db, projectId: number): AsyncGenerator<string> {
  for await (const { task, annotations, consensus } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as Payload;
    const votes: Record<string, number> = { tie: 0 };
    for (const r of payload.responses) votes[r.id] = 0;
    for (const a of annotations) {
      const choice = (JSON.parse(a.response) as { choice: string }).choice;
      votes[choice] = (votes[choice] ?? 0) + 1;
    }
    const ranked = Object.entries(votes).sort((x, y) => y[1] - x[1]);
    const top = ranked[0][1];
    const split = top === ranked[1][1];
    let winner: string;
    if (consensus) {
      winner = (JSON.parse(consensus.label) as { choice: string }).choice;
      if (consensus.source === 'model' && split) continue;
    } else {
      if (split) continue;
      winner = ranked[0][0];
    }
    const chosen = payload.responses.find((r) => r.id === winner);
    if (!chosen) continue; // "tie" (or an id the payload does not have)
    const rejected = payload.responses.find((r) => r.id !== winner)!;
    const n = annotations.length;
    yield line({
      prompt: promptMessages(payload),
      chosen: [{ role: 'assistant', content: chosen.text }],
      rejected: [{ role: 'assistant', content: rejected.text }],
      meta: {
        taskId: task.externalId,
        domain: task.domain,
        votes,
        annotators: n,
        agreement: top / n,
        margin: (votes[winner] - votes[rejected.id]) / n,
        ...(consensus ? consensusMeta(consensus) : { method: 'majority_vote' }),
        ...(payload.meta ? { source: payload.meta } : {}),
      },
    });
  }
}
