/**
 * `sft` from conversations: one line per current judgment, the chat it chooses as `messages`
 * (conversationPath.ts `chosenPath`: rewrites replace turns, a branch's best reply is taken).
 */
import type { ConversationResponse } from '../../domain/conversation.js';
import type { Db } from '../../store/transaction.js';
import { type ConversationPayload, chosenPath } from './conversationPath.js';
import { type Row, sourceMeta, tasksWithAnnotations } from './pages.js';

export async function* conversationSftRows(db: Db, projectId: number): AsyncGenerator<Row> {
  for await (const { task, annotations } of tasksWithAnnotations(db, projectId)) {
    const payload = JSON.parse(task.payload) as ConversationPayload;
    for (const a of annotations) {
      const messages = chosenPath(payload.messages, JSON.parse(a.response) as ConversationResponse);
      if (messages)
        yield { messages, meta: { taskId: task.externalId, domain: task.domain, type: 'conversation' }, source_meta: sourceMeta(payload) };
    }
  }
}
