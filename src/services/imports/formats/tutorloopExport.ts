/**
 * tutorloop's own training exports, read back (a round trip: export → import → export gives the same
 * rows once annotated alike). The task's id, domain, prompt turns, response ids and its own `meta`
 * (the export's `source_meta`) are restored; the export's judgment is not a task's content, so it is
 * dropped, or kept as gold when asked.
 * - `dpo`, every style (conversational, trl-standard, llamafactory): a preference task per row. A
 *   ranking task's pairs share its id, so a row without a "tie" count (ranking rows have none) gets
 *   `TASKID/ID1-ID2` (the ids sorted: the id never tells which was chosen).
 * - `sft`: a demonstration task per source task (its rows are identical: the first is imported, the
 *   others skipped as present); for rating or rewrite, the tutor's text becomes the response, one task
 *   per row (`TASKID/hash`); for a label task the whole conversation.
 */
import type { ChatMessage } from '../../../domain/tasks.js';
import { type Converted, type Converter, contentId, isObj, type Obj, problem, promptOf, readMessages, replyOf } from './common.js';

type DpoMeta = { taskId: string; domain: string; chosenId: string; rejectedId: string; votes?: { response: string }[] };

const isDpoMeta = (m: unknown): m is DpoMeta =>
  isObj(m) &&
  typeof m.taskId === 'string' &&
  typeof m.domain === 'string' &&
  typeof m.chosenId === 'string' &&
  typeof m.rejectedId === 'string';

export const detectTutorloopDpo = (r: Obj): boolean => 'chosen' in r && 'rejected' in r && isDpoMeta(r.meta);
export const detectTutorloopSft = (r: Obj): boolean =>
  Array.isArray(r.messages) && isObj(r.meta) && typeof r.meta.taskId === 'string' && typeof r.meta.type === 'string';

/** The task's own meta, written by the export as one JSON string ("" when none). */
function sourceMeta(value: unknown): { meta?: Obj; problem?: undefined } | { problem: NonNullable<Converted['problem']> } {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'string') return { problem: { field: 'source_meta', message: 'must be a JSON string' } };
  try {
    const meta = JSON.parse(value) as unknown;
    return isObj(meta) ? { meta } : { problem: { field: 'source_meta', message: 'must hold a JSON object' } };
  } catch {
    return { problem: { field: 'source_meta', message: 'is not valid JSON' } };
  }
}

function answerText(value: unknown, field: string): string | Converted {
  if (typeof value === 'string') return value;
  const msg = Array.isArray(value) ? value.at(-1) : value;
  return isObj(msg) && typeof msg.content === 'string'
    ? msg.content
    : problem(field, 'must be a string, an assistant message, or a list ending with one');
}

export const fromTutorloopDpo: Converter = (record, options): Converted => {
  const m = record.meta as DpoMeta;
  const restored = sourceMeta(record.source_meta);
  if (restored.problem) return { problem: restored.problem };
  let head: { context?: ChatMessage[]; prompt: string };
  const promptField = 'messages' in record ? 'messages' : 'prompt';
  const p = record[promptField];
  if (typeof p === 'string') head = { prompt: p };
  else {
    const read = readMessages(p, promptField);
    if ('problem' in read) return { problem: read.problem };
    const split = promptOf(read.messages, promptField);
    if ('problem' in split) return { problem: split.problem };
    head = split;
  }
  const chosen = answerText(record.chosen, 'chosen');
  const rejected = answerText(record.rejected, 'rejected');
  if (typeof chosen !== 'string') return chosen;
  if (typeof rejected !== 'string') return rejected;
  if (options.type !== 'preference' && options.type !== 'ranking')
    return problem('chosen', `a dpo export becomes preference tasks; this project takes ${options.type} tasks`);
  const ids = [m.chosenId, m.rejectedId].sort();
  const fromPreference = Array.isArray(m.votes) && m.votes.some((v) => isObj(v) && v.response === 'tie');
  const text = new Map([
    [m.chosenId, chosen],
    [m.rejectedId, rejected],
  ]);
  return {
    task: {
      id: fromPreference ? m.taskId : `${m.taskId}/${ids.join('-')}`,
      type: options.type,
      domain: m.domain,
      ...head,
      responses: ids.map((id) => ({ id, text: text.get(id) })),
      ...(restored.meta ? { meta: restored.meta } : {}),
      ...(options.asGold ? { gold: options.type === 'ranking' ? { order: [m.chosenId, m.rejectedId] } : { choice: m.chosenId } } : {}),
    },
  };
};

export const fromTutorloopSft: Converter = (record, options): Converted => {
  const m = record.meta as { taskId: string; domain?: unknown };
  const restored = sourceMeta(record.source_meta);
  if (restored.problem) return { problem: restored.problem };
  const read = readMessages(record.messages, 'messages');
  if ('problem' in read) return { problem: read.problem };
  const domain = typeof m.domain === 'string' ? m.domain : options.domain;
  const meta = restored.meta ? { meta: restored.meta } : {};
  if (options.type === 'label') return { task: { id: m.taskId, type: 'label', domain, messages: read.messages, ...meta } };
  const r = replyOf(read.messages, 'messages');
  if ('problem' in r) return { problem: r.problem };
  const head = { type: options.type, domain, ...(r.context ? { context: r.context } : {}), prompt: r.prompt, ...meta };
  switch (options.type) {
    case 'demonstration':
      return { task: { id: m.taskId, ...head } };
    case 'rating':
    case 'rewrite':
      return { task: { id: `${m.taskId}/${contentId('r', r.reply).slice(2, 14)}`, ...head, response: { text: r.reply } } };
    default:
      return problem(
        'messages',
        `an sft export becomes demonstration, rewrite, rating or label tasks; this project takes ${options.type} tasks`,
      );
  }
};
