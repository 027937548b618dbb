/**
 * TRL's dataset formats (huggingface.co/docs/trl/dataset_formats), standard (strings) or conversational
 * (lists of {role, content}):
 * - preference `{prompt, chosen, rejected}`, or with an implicit prompt `{chosen, rejected}` (the turns
 *   both share are the prompt; for strings, their common start up to a word boundary, as TRL's
 *   `extract_prompt` does);
 * - prompt-completion `{prompt, completion}` and unpaired preference `{prompt, completion, label}`.
 * The known better reply is kept in `meta.chosen` (and as gold when asked); other keys in `meta.trl`.
 */
import type { ChatMessage } from '../../../domain/tasks.js';
import { type Converted, type Converter, contentId, isObj, type Obj, problem, promptOf, readMessages, rest, taskFrom } from './common.js';

const KNOWN = ['prompt', 'chosen', 'rejected', 'completion', 'label'] as const;

export const detectTrl = (r: Obj): boolean =>
  ('chosen' in r && 'rejected' in r && !('meta' in r && isObj(r.meta) && 'chosenId' in r.meta)) || ('prompt' in r && 'completion' in r);

type Side = { messages: ChatMessage[] } | { text: string };

function side(value: unknown, field: string): Side | { problem: { field?: string; message: string } } {
  if (typeof value === 'string') return { text: value };
  if (Array.isArray(value)) return readMessages(value, field);
  return { problem: { field, message: 'must be a string or a list of {role, content} messages' } };
}

/** The assistant's reply in a completion / chosen / rejected list: its last turn, which must be the assistant's. */
function replyText(s: Side, field: string): string | { problem: { field: string; message: string } } {
  if ('text' in s) return s.text;
  const last = s.messages.at(-1)!;
  return last.role === 'assistant' ? last.content : { problem: { field, message: 'must end with an assistant message' } };
}

/** TRL's extract_prompt for strings: the common start, ending before the space where the two part. */
function commonStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i > 0 && i < Math.min(a.length, b.length) && a[i - 1] === ' ') i--;
  return i;
}

export const fromTrl: Converter = (record, options): Converted => {
  const meta: Obj = { source: 'trl', ...(rest(record, KNOWN) ? { trl: rest(record, KNOWN) } : {}) };
  const id = contentId('trl', record.prompt ?? '', record.chosen ?? record.completion ?? '', record.rejected ?? '');
  if ('completion' in record) {
    const p = side(record.prompt, 'prompt');
    const c = side(record.completion, 'completion');
    if ('problem' in p) return { problem: p.problem };
    if ('problem' in c) return { problem: c.problem };
    const head = 'text' in p ? { prompt: p.text } : promptOf(p.messages, 'prompt');
    if ('problem' in head) return { problem: head.problem };
    const reply = replyText(c, 'completion');
    if (typeof reply !== 'string') return { problem: reply.problem };
    const label = typeof record.label === 'boolean' ? { label: record.label } : {};
    return taskFrom({ id, ...head, meta: { ...meta, ...label } }, { reply }, options, 'completion');
  }
  const chosen = side(record.chosen, 'chosen');
  const rejected = side(record.rejected, 'rejected');
  if ('problem' in chosen) return { problem: chosen.problem };
  if ('problem' in rejected) return { problem: rejected.problem };
  if ('prompt' in record) {
    const p = side(record.prompt, 'prompt');
    if ('problem' in p) return { problem: p.problem };
    const head = 'text' in p ? { prompt: p.text } : promptOf(p.messages, 'prompt');
    if ('problem' in head) return { problem: head.problem };
    const c = replyText(chosen, 'chosen');
    const r = replyText(rejected, 'rejected');
    if (typeof c !== 'string') return { problem: c.problem };
    if (typeof r !== 'string') return { problem: r.problem };
    return taskFrom({ id, ...head, meta }, { pair: { chosen: c, rejected: r } }, options, 'chosen');
  }
  // Implicit prompt: what both sides share is the prompt.
  if ('text' in chosen && 'text' in rejected) {
    const at = commonStart(chosen.text, rejected.text);
    if (at === 0) return problem('chosen', 'chosen and rejected share no prompt: give it in "prompt"');
    const prompt = chosen.text.slice(0, at);
    return taskFrom(
      { id, prompt, meta },
      { pair: { chosen: chosen.text.slice(at), rejected: rejected.text.slice(at) } },
      options,
      'chosen',
    );
  }
  if (!('messages' in chosen) || !('messages' in rejected))
    return problem('rejected', 'chosen and rejected must both be strings or both message lists');
  const shared = chosen.messages.length - 1;
  const same =
    shared === rejected.messages.length - 1 &&
    chosen.messages.slice(0, shared).every((m, i) => m.role === rejected.messages[i].role && m.content === rejected.messages[i].content);
  if (!same) return problem('rejected', 'chosen and rejected must be the same conversation up to their last (assistant) turn');
  const head = promptOf(chosen.messages.slice(0, shared), 'chosen');
  if ('problem' in head) return { problem: head.problem };
  const c = replyText(chosen, 'chosen');
  const r = replyText(rejected, 'rejected');
  if (typeof c !== 'string') return { problem: c.problem };
  if (typeof r !== 'string') return { problem: r.problem };
  return taskFrom({ id, ...head, meta }, { pair: { chosen: c, rejected: r } }, options, 'chosen');
};
