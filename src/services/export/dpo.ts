/**
 * `dpo`: one line per preference task with a clear majority, in TRL's conversational preference shape:
 * `{prompt: [messages…], chosen: [{assistant}], rejected: [{assistant}], meta}`. Consensus is majority vote
 * over {a, b, tie} until the quality engine lands; a task whose top count is shared, or is "tie", is left out.
 * `meta` carries the vote counts, margin and agreement.
 */
import type { Db } from '../../store/transaction.js';
import { line, promptMessages, tasksWithAnnotations } from './pages.js';

type Payload = { context?: { role: string; content: string }[]; prompt: string; responses: { id: string; text: string }[]; meta?: Record<string, unknown> };

export async function* dpoLines(db: Db, projectId: number): AsyncGenerator<string> {
  for await (const { task, annotations } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as Payload;
    const votes: Record<string, number> = { tie: 0 };
    for (const r of payload.responses) votes[r.id] = 0;
    for (const a of annotations) {
      const choice = (JSON.parse(a.response) as { choice: string }).choice;
      votes[choice] = (votes[choice] ?? 0) + 1;
    }
    const ranked = Object.entries(votes).sort((x, y) => y[1] - x[1]);
    const [winner, top] = ranked[0];
    if (winner === 'tie' || top === ranked[1][1]) continue;
    const loserId = payload.responses.find((r) => r.id !== winner)!.id;
    const chosen = payload.responses.find((r) => r.id === winner)!;
    const rejected = payload.responses.find((r) => r.id === loserId)!;
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
        margin: (top - votes[loserId]) / n,
        method: 'majority_vote',
        ...(payload.meta ? { source: payload.meta } : {}),
      },
    });
  }
}
