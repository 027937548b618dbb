/**
 * Formats that hold a task as named fields of the user's choosing (Label Studio's `data`, Argilla's
 * fields, a CSV row) become a task of the project's type by these names, case-insensitive:
 *
 * | role | names |
 * |---|---|
 * | prompt | prompt, instruction, question, input, query |
 * | one response (rating, rewrite) | response, answer, completion, output |
 * | a pair with a known better one | chosen + rejected |
 * | responses to compare, in order | answer1, answer2, … / response1, … / response_1, … / response_a, … |
 * | the item to label | text, content, sentence (or messages: a list of {role, content}) |
 * | steps | steps (a list, a JSON list, or one step per line) |
 * | earlier turns | system (a system message before the prompt) |
 *
 * Problems name the field as the source calls it (`data.prompt`, `answer`), through `nameOf`.
 */
import type { ChatMessage } from '../../../domain/tasks.js';
import { type ConvertOptions, type Converted, isText, type Obj, placePair, problem, readMessages } from './common.js';

const PROMPT = ['prompt', 'instruction', 'question', 'input', 'query'];
const RESPONSE = ['response', 'answer', 'completion', 'output'];
const TEXT = ['text', 'content', 'sentence'];
const NUMBERED = /^(?:answer|response|completion|output)[_-]?([0-9]+|[a-z])$/;

export interface FieldsContext {
  id: string;
  domain?: string;
  priority?: number;
  /** The source's name of a field, for problems. */
  nameOf: (key: string) => string;
  meta: Obj;
}

/** The first of `names` that is present, by the record's own key. */
function pick(fields: Obj, names: string[]): { key: string; value: unknown } | null {
  const lower = new Map(Object.keys(fields).map((k) => [k.toLowerCase(), k]));
  for (const n of names) {
    const key = lower.get(n);
    if (key !== undefined && fields[key] !== null && fields[key] !== '') return { key, value: fields[key] };
  }
  return null;
}

function numbered(fields: Obj): { key: string; text: unknown }[] {
  return Object.keys(fields)
    .map((key) => ({ key, m: NUMBERED.exec(key.toLowerCase()) }))
    .filter((x) => x.m && fields[x.key] !== null && fields[x.key] !== '')
    .sort((x, y) => x.m![1].localeCompare(y.m![1], 'en', { numeric: true }))
    .map((x) => ({ key: x.key, text: fields[x.key] }));
}

function steps(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.every((s) => typeof s === 'string') ? (value as string[]) : null;
  if (typeof value !== 'string') return null;
  if (value.trim().startsWith('[')) {
    try {
      return steps(JSON.parse(value));
    } catch {
      return null;
    }
  }
  return value.split(/\r?\n/).filter((s) => s.trim() !== '');
}

export function fromNamedFields(fields: Obj, options: ConvertOptions, ctx: FieldsContext): Converted {
  const { nameOf } = ctx;
  const text = (p: { key: string; value: unknown } | null): string | null => (p && isText(p.value) ? p.value : null);
  const envelope = {
    id: ctx.id,
    type: options.type,
    domain: ctx.domain ?? options.domain,
    ...(ctx.priority !== undefined ? { priority: ctx.priority } : {}),
  };
  const system = text(pick(fields, ['system']));
  const context: ChatMessage[] | undefined = system ? [{ role: 'system', content: system }] : undefined;
  const promptField = pick(fields, PROMPT);
  const prompt = text(promptField);
  const needPrompt = () => problem(nameOf(promptField?.key ?? 'prompt'), `is required: a text field named ${PROMPT.join(', ')}`);
  const withPrompt = { ...envelope, ...(context ? { context } : {}), prompt };

  switch (options.type) {
    case 'preference':
    case 'ranking': {
      if (!prompt) return needPrompt();
      const chosen = text(pick(fields, ['chosen']));
      const rejected = text(pick(fields, ['rejected']));
      if (chosen !== null || rejected !== null) {
        if (chosen === null || rejected === null)
          return problem(nameOf(chosen === null ? 'chosen' : 'rejected'), 'is required with the other');
        const { responses, chosenId } = placePair(chosen, rejected);
        const gold = options.type === 'ranking' ? { order: chosenId === 'a' ? ['a', 'b'] : ['b', 'a'] } : { choice: chosenId };
        return { task: { ...withPrompt, responses, meta: { ...ctx.meta, chosen: chosenId }, ...(options.asGold ? { gold } : {}) } };
      }
      const answers = numbered(fields);
      for (const a of answers) if (!isText(a.text)) return problem(nameOf(a.key), 'must be non-empty text');
      const want = options.type === 'preference' ? 'two' : 'at least two';
      if (answers.length < 2 || (options.type === 'preference' && answers.length !== 2))
        return problem(nameOf('answer1'), `a ${options.type} task needs ${want} responses (answer1, answer2, … or chosen and rejected)`);
      const responses = answers.map((a, i) => ({ id: String.fromCharCode(97 + i), text: a.text as string }));
      return { task: { ...withPrompt, responses, meta: ctx.meta } };
    }
    case 'rating':
    case 'rewrite': {
      if (!prompt) return needPrompt();
      const response = text(pick(fields, RESPONSE));
      if (response === null) return problem(nameOf('response'), `is required: a text field named ${RESPONSE.join(', ')}`);
      return { task: { ...withPrompt, response: { text: response }, meta: ctx.meta } };
    }
    case 'demonstration':
      return prompt ? { task: { ...withPrompt, meta: ctx.meta } } : needPrompt();
    case 'steps': {
      if (!prompt) return needPrompt();
      const list = steps(pick(fields, ['steps'])?.value);
      if (!list || list.length === 0) return problem(nameOf('steps'), 'is required: a list of steps, a JSON list, or one step per line');
      return { task: { ...withPrompt, steps: list, meta: ctx.meta } };
    }
    case 'label': {
      const item = text(pick(fields, TEXT));
      if (item !== null) return { task: { ...envelope, text: item, meta: ctx.meta } };
      const conv = pick(fields, ['messages', 'conversation', 'chat']);
      if (conv) {
        const read = readMessages(typeof conv.value === 'string' ? safeJson(conv.value) : conv.value, nameOf(conv.key));
        if ('problem' in read) return { problem: read.problem };
        return { task: { ...envelope, messages: read.messages, meta: ctx.meta } };
      }
      if (!prompt) return problem(nameOf('text'), `is required: a text field named ${TEXT.join(', ')} (or messages)`);
      const response = text(pick(fields, RESPONSE));
      const messages = [
        ...(context ?? []),
        { role: 'user', content: prompt },
        ...(response ? [{ role: 'assistant', content: response }] : []),
      ];
      return { task: { ...envelope, messages, meta: ctx.meta } };
    }
    case 'rubric': {
      if (!prompt) return needPrompt();
      const single = text(pick(fields, RESPONSE));
      const answers = single !== null ? [{ key: 'response', text: single }] : numbered(fields);
      if (answers.length === 0 || answers.some((a) => !isText(a.text)))
        return problem(nameOf(answers[0]?.key ?? 'response'), 'a rubric item needs responses to grade (response, or answer1, answer2, …)');
      const responses = answers.map((a, i) => ({ id: String.fromCharCode(97 + i), text: a.text as string }));
      return { task: { ...withPrompt, stage: 'author', responses, meta: ctx.meta } };
    }
    case 'conversation': {
      const conv = pick(fields, ['messages', 'conversation', 'chat']);
      if (conv) {
        const read = readMessages(typeof conv.value === 'string' ? safeJson(conv.value) : conv.value, nameOf(conv.key));
        if ('problem' in read) return { problem: read.problem };
        return { task: { ...envelope, messages: read.messages, meta: ctx.meta } };
      }
      if (!prompt) return problem(nameOf('messages'), `is required: a list of messages (or ${PROMPT.join(', ')} with a response)`);
      const response = text(pick(fields, RESPONSE));
      if (response === null) return problem(nameOf('response'), `is required: a text field named ${RESPONSE.join(', ')}`);
      const messages = [...(context ?? []), { role: 'user', content: prompt }, { role: 'assistant', content: response }];
      return { task: { ...envelope, messages, meta: ctx.meta } };
    }
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
