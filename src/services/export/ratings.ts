/**
 * `ratings` (formerly `rm`): one line per rated task: prompt, response, and per rubric axis (a list of
 * records, `{axis, mean, annotators, stderr}`) the mean score, the number of annotators and the standard
 * error of the mean (null with one annotator). `meta` adds the stored consensus' provenance. Reward-model
 * trainers read pairs (`dpo`); this export is for regression-style reward models and analysis.
 */
import type { Db } from '../../store/transaction.js';
import { consensusMeta, promptMessages, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';

export function axisSummary(values: number[]): { mean: number; annotators: number; stderr: number | null } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, annotators: n, stderr: null };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, annotators: n, stderr: Math.sqrt(variance / n) };
}

export async function* ratingRows(db: Db, projectId: number): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as {
      context?: { role: string; content: string }[];
      prompt: string;
      response: { text: string };
      meta?: Record<string, unknown>;
    };
    const perAxis = new Map<string, number[]>();
    for (const a of annotations) {
      const { scores } = JSON.parse(a.response) as { scores: Record<string, number> };
      for (const [axis, score] of Object.entries(scores)) {
        const list = perAxis.get(axis);
        if (list) list.push(score);
        else perAxis.set(axis, [score]);
      }
    }
    yield {
      prompt: promptMessages(payload),
      response: payload.response.text,
      scores: [...perAxis].map(([axis, values]) => ({ axis, ...axisSummary(values) })),
      meta: { taskId: task.externalId, domain: task.domain, annotators: annotations.length, ...consensusMeta(consensus, 'mean') },
      source_meta: sourceMeta(payload),
    };
  }
}
