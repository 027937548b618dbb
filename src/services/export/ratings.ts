/**
 * `ratings` (formerly `rm`): one line per rated task: prompt, response, and per rubric axis (a list of
 * records, `{axis, mean, annotators, stderr}`) the mean score, the number of annotators and the standard
 * error of the mean. `meta` adds the stored consensus' provenance. Reward-model trainers read pairs
 * (`dpo`); this export is for regression-style reward models and analysis.
 *
 * With one annotator the standard error is unknown, yet it is never written as null: a JSON reader
 * that types columns from the first 10 MB (`datasets`) types an all-null `stderr` as null and then
 * refuses a later number. It is written as the largest standard error the axis' 1..scale scores allow
 * with two annotators, (scale − 1) / 2: a float, and the least certain value any item can have, so a
 * consumer weighting by 1/stderr² gives such an item the least weight (`annotators` says which it is).
 */
import type { Db } from '../../store/transaction.js';
import type { ExportVote } from '../../store/repositories/exportPages.js';
import { consensusMeta, type ExportItem, promptMessages, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';

export function axisSummary(values: number[], scale: number): { mean: number; annotators: number; stderr: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, annotators: n, stderr: (scale - 1) / 2 };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, annotators: n, stderr: Math.sqrt(variance / n) };
}

/** The scale of each rubric axis (scores run 1..scale); an axis the rubric no longer names takes the default. */
type Scales = ReadonlyMap<string, number>;
const DEFAULT_SCALE = 5;

export async function* ratingRows(
  db: Db,
  projectId: number,
  scales: Scales,
  items: AsyncIterable<ExportItem<ExportVote>> = tasksWithAnnotations(db, projectId),
): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of items) {
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
      scores: [...perAxis].map(([axis, values]) => ({ axis, ...axisSummary(values, scales.get(axis) ?? DEFAULT_SCALE) })),
      meta: { taskId: task.externalId, domain: task.domain, annotators: annotations.length, ...consensusMeta(consensus, 'mean') },
      source_meta: sourceMeta(payload),
    };
  }
}
