/**
 * `rm`: one line per rated task: prompt, response, and per rubric axis the mean score with the number
 * of annotators and the standard error of the mean (null with one annotator) as a simple confidence.
 * `meta` adds the stored consensus (per-axis means, or a reviewer's scores, which win) with its
 * confidence (share of scores within ±1 of the mean), annotator count, method, version and provenance.
 */
import type { Db } from '../../store/transaction.js';
import { consensusMeta, line, promptMessages, tasksWithAnnotations } from './pages.js';

export function axisSummary(values: number[]): { mean: number; annotators: number; stderr: number | null } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, annotators: n, stderr: null };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, annotators: n, stderr: Math.sqrt(variance / n) };
}

export async function* rmLines(db: Db, projectId: number, type: string): AsyncGenerator<string> {
  if (type !== 'rating') return;
  for await (const { task, annotations, consensus } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as { context?: { role: string; content: string }[]; prompt: string; response: { text: string } };
    const perAxis = new Map<string, number[]>();
    for (const a of annotations) {
      const { scores } = JSON.parse(a.response) as { scores: Record<string, number> };
      for (const [axis, score] of Object.entries(scores)) {
        const list = perAxis.get(axis);
        if (list) list.push(score);
        else perAxis.set(axis, [score]);
      }
    }
    const scores = Object.fromEntries([...perAxis].map(([axis, values]) => [axis, axisSummary(values)]));
    yield line({
      prompt: promptMessages(payload),
      response: payload.response.text,
      scores,
      meta: {
        taskId: task.externalId,
        domain: task.domain,
        annotators: annotations.length,
        ...(consensus ? consensusMeta(consensus) : { method: 'mean', annotatorCount: annotations.length }),
      },
    });
  }
}
