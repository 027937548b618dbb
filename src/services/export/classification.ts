/**
 * `classification`: one line per label task: the item (`text`, or `messages` for a conversation), its
 * consensus `label` (several labels joined by "+" in multi-label projects, all of them in `labels`) and
 * the consensus confidence. A split (no label held by more than half the annotators, no reviewer verdict)
 * is left out and counted, unless `includeTies`, which keeps it marked `meta.split = true`.
 */
import type { Db } from '../../store/transaction.js';
import type { ExportVote } from '../../store/repositories/exportPages.js';
import { classOf, topShare } from '../consensus/labels.js';
import { consensusMeta, type ExportItem, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';
import type { LeftOut } from './summary.js';

export async function* classificationRows(
  db: Db,
  projectId: number,
  includeTies: boolean,
  left: LeftOut,
  items: AsyncIterable<ExportItem<ExportVote>> = tasksWithAnnotations(db, projectId),
): AsyncGenerator<Row> {
  for await (const { task, annotations, consensus } of items) {
    const payload = JSON.parse(task.payload) as {
      text?: string;
      messages?: { role: string; content: string }[];
      meta?: Record<string, unknown>;
    };
    const classes = annotations.map((a) => classOf('label', a.response)).filter((c): c is string => c !== null);
    const agreement = topShare(classes);
    const split = consensus?.source !== 'review' && agreement <= 0.5;
    const labels = consensus ? (JSON.parse(consensus.label) as { labels: string[] }).labels : majority(classes)?.split('+');
    if (!labels || (split && !includeTies)) {
      left.split++;
      left.noteSplitTask(task.id);
      continue;
    }
    yield {
      text: payload.text ?? null,
      messages: payload.messages ?? null,
      label: labels.join('+'),
      labels,
      confidence: consensus ? Number(consensus.confidence) : agreement,
      meta: {
        taskId: task.externalId,
        domain: task.domain,
        annotators: annotations.length,
        agreement,
        split,
        ...consensusMeta(consensus, 'majority_vote'),
      },
      source_meta: sourceMeta(payload),
    };
  }
}

function majority(classes: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const c of classes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
