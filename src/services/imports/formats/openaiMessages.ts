/**
 * OpenAI's chat fine-tuning lines, which TRL reads as its conversational language-modeling format:
 * `{"messages": [{role, content}, …]}`; and OpenAI's preference fine-tuning lines,
 * `{"input": {"messages": […]}, "preferred_output": [assistant], "non_preferred_output": [assistant]}`.
 * A conversation that ends with the assistant becomes a response to rate or rewrite (a demonstration
 * keeps only the prompt, the reply in `meta.reply`); a label or conversation task takes the whole chat
 * (a preference line becomes a conversation whose last turn is a branch of the two replies).
 */
import type { ChatMessage } from '../../../domain/tasks.js';
import {
  type Converted,
  type Converter,
  contentId,
  isObj,
  type Obj,
  problem,
  promptOf,
  readMessages,
  replyOf,
  rest,
  taskFrom,
} from './common.js';

export const detectOpenAiMessages = (r: Obj): boolean =>
  (Array.isArray(r.messages) && !('chosen' in r) && !('rejected' in r)) ||
  (isObj(r.input) && Array.isArray(r.input.messages) && 'preferred_output' in r);

function lastAssistant(value: unknown, field: string): string | Converted {
  const read = readMessages(value, field);
  if ('problem' in read) return { problem: read.problem };
  const last = read.messages.at(-1)!;
  return last.role === 'assistant' ? last.content : problem(field, 'must end with an assistant message');
}

export const fromOpenAiMessages: Converter = (record, options): Converted => {
  if (isObj(record.input)) {
    const read = readMessages(record.input.messages, 'input.messages');
    if ('problem' in read) return { problem: read.problem };
    const head = promptOf(read.messages, 'input.messages');
    if ('problem' in head) return { problem: head.problem };
    const chosen = lastAssistant(record.preferred_output, 'preferred_output');
    const rejected = lastAssistant(record.non_preferred_output, 'non_preferred_output');
    if (typeof chosen !== 'string') return chosen;
    if (typeof rejected !== 'string') return rejected;
    const other = rest(record, ['input', 'preferred_output', 'non_preferred_output']);
    const meta = { source: 'openai-preference', ...(other ? { openai: other } : {}) };
    return taskFrom(
      { id: contentId('oai', read.messages, chosen, rejected), ...head, meta },
      { pair: { chosen, rejected } },
      options,
      'preferred_output',
    );
  }
  const read = readMessages(record.messages, 'messages');
  if ('problem' in read) return { problem: read.problem };
  const messages: ChatMessage[] = read.messages;
  const other = rest(record, ['messages']);
  const meta = { source: 'openai-messages', ...(other ? { openai: other } : {}) };
  const id = contentId('msg', messages);
  if (options.type === 'label') return { task: { id, type: 'label', domain: options.domain, messages, meta } };
  // A multi-turn chat, kept whole: every assistant turn is judged.
  if (options.type === 'conversation') return { task: { id, type: 'conversation', domain: options.domain, messages, meta } };
  if (messages.at(-1)?.role === 'assistant') {
    const r = replyOf(messages, 'messages');
    if ('problem' in r) return { problem: r.problem };
    return taskFrom({ id, context: r.context, prompt: r.prompt, meta }, { reply: r.reply }, options, 'messages');
  }
  const head = promptOf(messages, 'messages');
  if ('problem' in head) return { problem: head.problem };
  return taskFrom({ id, ...head, meta }, { prompt: true }, options, 'messages');
};
