/**
 * `sft`: one line per current annotation of a rewrite or demonstration task:
 * `{messages: [context…, {user: prompt}, {assistant: the tutor's text}], meta, source_meta}`.
 */
import type { Db } from '../../store/transaction.js';
import { promptMessages, type Row, sourceMeta, tasksWithAnnotations } from './pages.js';

export async function* sftRows(db: Db, projectId: number, type: string): AsyncGenerator<Row> {
  for await (const { task, annotations } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as {
      context?: { role: string; content: string }[];
      prompt: string;
      meta?: Record<string, unknown>;
    };
    for (const a of annotations) {
      const { text } = JSON.parse(a.response) as { text: string };
      yield {
        messages: [...promptMessages(payload), { role: 'assistant', content: text }],
        meta: { taskId: task.externalId, domain: task.domain, type },
        source_meta: sourceMeta(payload),
      };
    }
  }
}
