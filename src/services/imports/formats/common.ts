/**
 * What every foreign format's converter shares: its outcome type, the options it is given, balanced
 * A/B placement of a known pair, stable ids for records without one, and the split of a conversation
 * into context + prompt. A converter turns one record into a tutorloop import object (validateTask.ts
 * then checks it against the project like any tutorloop line), or names the field at fault.
 */
import { hash } from 'node:crypto';
import type { ChatMessage, TaskType } from '../../../domain/tasks.js';

export interface ConvertOptions {
  type: TaskType;
  /** The domain of records that do not carry one. */
  domain: string;
  /** Keep a record's known answer (a published chosen, a label) as the task's gold. */
  asGold: boolean;
  /** csv: which column plays which role (`{prompt: "question"}`). */
  columns?: Record<string, string>;
}

export interface Problem {
  field?: string;
  message: string;
}

export interface Converted {
  task?: Record<string, unknown>;
  problem?: Problem;
  /** A valid record that cannot become a task (e.g. an empty reply): left out and counted, not an error. */
  leaveOut?: string;
}

export type Obj = Record<string, unknown>;
export type Converter = (record: Obj, options: ConvertOptions) => Converted;

export const problem = (field: string | undefined, message: string): Converted => ({
  problem: field ? { field, message } : { message },
});

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** A stable external id from a record's content, so a re-import is the same task (idempotent). */
export function contentId(prefix: string, ...parts: unknown[]): string {
  const text = parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join('\u0000');
  return `${prefix}-${hash('sha1', text, 'hex').slice(0, 20)}`;
}

/**
 * Two responses whose better one is known, placed as "a" and "b" by a hash of the pair: the position
 * never tells the answer, half land each way, and a re-import places them the same.
 */
export function placePair(chosen: string, rejected: string): { responses: { id: string; text: string }[]; chosenId: 'a' | 'b' } {
  const chosenIsA = Number.parseInt(hash('sha1', `${chosen}\u0000${rejected}`, 'hex').slice(0, 2), 16) % 2 === 0;
  return chosenIsA
    ? {
        responses: [
          { id: 'a', text: chosen },
          { id: 'b', text: rejected },
        ],
        chosenId: 'a',
      }
    : {
        responses: [
          { id: 'a', text: rejected },
          { id: 'b', text: chosen },
        ],
        chosenId: 'b',
      };
}

const ROLES = new Set(['system', 'user', 'assistant']);

/** A list of `{role, content}` messages, or the problem with it (named under `field`). */
export function readMessages(value: unknown, field: string): { messages: ChatMessage[] } | { problem: Problem } {
  if (!Array.isArray(value) || value.length === 0)
    return { problem: { field, message: 'must be a non-empty list of {role, content} messages' } };
  const messages: ChatMessage[] = [];
  for (const [i, m] of value.entries()) {
    if (!isObj(m) || typeof m.content !== 'string')
      return { problem: { field: `${field}.${i}`, message: 'must be a {role, content} message with text content' } };
    if (typeof m.role !== 'string' || !ROLES.has(m.role))
      return { problem: { field: `${field}.${i}.role`, message: 'must be system, user or assistant' } };
    messages.push({ role: m.role as ChatMessage['role'], content: m.content });
  }
  return { messages };
}

/** The turns before the last user turn as context, that turn as the prompt. */
export function promptOf(messages: ChatMessage[], field: string): { context?: ChatMessage[]; prompt: string } | { problem: Problem } {
  const last = messages.length - 1;
  if (last < 0 || messages[last].role !== 'user') return { problem: { field, message: 'the prompt turns must end with a user turn' } };
  return last > 0 ? { context: messages.slice(0, last), prompt: messages[last].content } : { prompt: messages[last].content };
}

/** A conversation that ends with the assistant's reply: its prompt (as promptOf) and the reply. */
export function replyOf(
  messages: ChatMessage[],
  field: string,
): { context?: ChatMessage[]; prompt: string; reply: string } | { problem: Problem } {
  const last = messages.at(-1);
  if (last?.role !== 'assistant') return { problem: { field, message: 'the conversation must end with an assistant turn' } };
  const p = promptOf(messages.slice(0, -1), field);
  return 'problem' in p ? p : { ...p, reply: last.content };
}

const goldOf = (type: TaskType, chosenId: 'a' | 'b') =>
  type === 'ranking' ? { order: chosenId === 'a' ? ['a', 'b'] : ['b', 'a'] } : { choice: chosenId };

/** The record's other keys, kept in meta as the source had them. */
export function rest(record: Obj, known: readonly string[]): Obj | undefined {
  const other = Object.entries(record).filter(([k]) => !known.includes(k));
  return other.length > 0 ? Object.fromEntries(other) : undefined;
}

/**
 * A task of the project's type from a prompt and what was said to it: a pair with a known better one
 * (preference, ranking), or one reply (rating, rewrite; demonstration keeps only the prompt), or the
 * whole conversation (label). `meta` records where it came from and what the source said.
 */
export function taskFrom(
  base: { id: string; domain?: string; context?: ChatMessage[]; prompt: string; meta: Obj },
  said: { pair: { chosen: string; rejected: string } } | { reply: string } | { prompt: true },
  options: ConvertOptions,
  field: string,
): Converted {
  const { id, context, prompt, meta } = base;
  const head = { id, type: options.type, domain: base.domain ?? options.domain, ...(context ? { context } : {}), prompt };
  switch (options.type) {
    case 'preference':
    case 'ranking': {
      if (!('pair' in said))
        return problem(field, `a ${options.type} task needs two responses, and this record has ${'reply' in said ? 'one' : 'none'}`);
      if (!said.pair.chosen || !said.pair.rejected) return { leaveOut: `the ${said.pair.chosen ? 'rejected' : 'chosen'} reply is empty` };
      const { responses, chosenId } = placePair(said.pair.chosen, said.pair.rejected);
      return {
        task: {
          ...head,
          responses,
          meta: { ...meta, chosen: chosenId },
          ...(options.asGold ? { gold: goldOf(options.type, chosenId) } : {}),
        },
      };
    }
    case 'rating':
    case 'rewrite':
      if (!('reply' in said))
        return problem(field, `a ${options.type} task needs one response to ${options.type === 'rating' ? 'rate' : 'rewrite'}`);
      return { task: { ...head, response: { text: said.reply }, meta } };
    case 'demonstration':
      return { task: { ...head, meta: 'reply' in said ? { ...meta, reply: said.reply } : meta } };
    case 'label': {
      const turns = [...(context ?? []), { role: 'user', content: prompt }];
      if ('reply' in said) turns.push({ role: 'assistant', content: said.reply });
      if ('pair' in said) return problem(field, 'a label task takes one conversation, not a pair');
      return { task: { id, type: 'label', domain: head.domain, messages: turns, meta } };
    }
    case 'conversation': {
      const turns: Obj[] = [...(context ?? []), { role: 'user', content: prompt }];
      if ('prompt' in said) return problem(field, 'a conversation task needs at least one assistant turn, and this record has none');
      if ('reply' in said) turns.push({ role: 'assistant', content: said.reply });
      else {
        // A known better reply becomes a branch to rank, placed blind; which one was chosen stays in meta.
        const { responses, chosenId } = placePair(said.pair.chosen, said.pair.rejected);
        turns.push({ role: 'assistant', alternatives: responses });
        return { task: { id, type: 'conversation', domain: head.domain, messages: turns, meta: { ...meta, chosen: chosenId } } };
      }
      return { task: { id, type: 'conversation', domain: head.domain, messages: turns, meta } };
    }
    case 'steps':
      return problem(field, 'this format holds no steps: import steps tasks as tutorloop lines or CSV with a steps column');
    case 'rubric': {
      // A prompt and what was said to it become an authoring task; the rubric is written on the platform.
      if ('prompt' in said) return problem(field, 'a rubric item needs at least one response to grade');
      const responses = 'pair' in said ? placePair(said.pair.chosen, said.pair.rejected).responses : [{ id: 'a', text: said.reply }];
      return { task: { ...head, stage: 'author', responses, meta } };
    }
  }
}
