/**
 * `sft`: one line per current annotation of a rewrite or demonstration task:
 * `{messages: [context…, {user: prompt}, {assistant: the tutor's text}], meta}`.
 */
import type { Db } from '../../store/transaction.js';
import { line, promptMessages, tasksWithAnnotations } from './pages.js';

export async function* sftLines(db: Db, projectId: number, type: string): AsyncGenerator<string> {
  if (type !== 'rewrite' && type !== 'demonstration') return;
  for await (const { task, annotations } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as { context?: { role: string; content: string }[]; prompt: string; meta?: Record<string, unknown> };
    for (const a of annotations) {
      const { text } = JSON.parse(a.response) as { text: string };
      yield line({
        messages: [...promptMessages(payload), { role: 'assistant', content: text }],
        meta: { taskId: task.externalId, domain: task.domain, type, ...(payload.meta ? { source: payload.meta } : {}) },
      });
    }
  }
}
