/**
 * HelpSteer2 (nvidia/HelpSteer2), two shapes:
 * - ratings: `{prompt, response, helpfulness, correctness, coherence, complexity, verbosity}` (0–4 each):
 *   a response to rate or rewrite, the five scores kept in `meta.helpsteer2`;
 * - preference: `{prompt, response_1, response_2, preference_strength, …}` (strength −3…3, negative when
 *   response_1 is better): a preference pair; a strength of 0 has no better one and is left out.
 * Multi-turn prompts carry earlier turns as "<extra_id_1>User\n…\n<extra_id_1>Assistant\n…": they become context.
 */
import type { ChatMessage } from '../../../domain/tasks.js';
import { type Converted, type Converter, contentId, isText, type Obj, problem, rest, taskFrom } from './common.js';

const ATTRIBUTES = ['helpfulness', 'correctness', 'coherence', 'complexity', 'verbosity'] as const;

export const detectHelpSteer2 = (r: Obj): boolean =>
  'prompt' in r && (('response' in r && ATTRIBUTES.every((a) => a in r)) || ('response_1' in r && 'preference_strength' in r));

/** "turn 1<extra_id_1>Assistant\nreply<extra_id_1>User\nturn 2" → context + prompt. */
export function splitTurns(prompt: string): { context?: ChatMessage[]; prompt: string } {
  const parts = prompt.split(/\n?<extra_id_1>(User|Assistant)\n/);
  if (parts.length === 1) return { prompt };
  const turns: ChatMessage[] = [{ role: 'user', content: parts[0] }];
  for (let i = 1; i < parts.length; i += 2) turns.push({ role: parts[i] === 'User' ? 'user' : 'assistant', content: parts[i + 1] });
  const last = turns.pop()!;
  return { context: turns, prompt: last.content };
}

export const fromHelpSteer2: Converter = (record, options): Converted => {
  if (!isText(record.prompt)) return problem('prompt', 'must be a non-empty string');
  const head = splitTurns(record.prompt);
  if ('preference_strength' in record) {
    for (const f of ['response_1', 'response_2'] as const) if (typeof record[f] !== 'string') return problem(f, 'must be a string');
    const strength = record.preference_strength;
    if (typeof strength !== 'number' || !Number.isInteger(strength) || Math.abs(strength) > 3)
      return problem('preference_strength', 'must be a whole number from -3 to 3');
    if (strength === 0) return { leaveOut: 'preference_strength 0: neither response is better' };
    const [chosen, rejected] = strength < 0 ? [record.response_1, record.response_2] : [record.response_2, record.response_1];
    const meta = { source: 'helpsteer2', helpsteer2: rest(record, ['prompt', 'response_1', 'response_2']) };
    return taskFrom(
      { id: contentId('hs2', record.prompt, record.response_1, record.response_2), ...head, meta },
      { pair: { chosen: chosen as string, rejected: rejected as string } },
      options,
      'response_1',
    );
  }
  if (!isText(record.response)) return problem('response', 'must be a non-empty string');
  const scores: Record<string, number> = {};
  for (const a of ATTRIBUTES) {
    const v = record[a];
    if (typeof v !== 'number' || !Number.isFinite(v)) return problem(a, 'must be a number (0–4)');
    scores[a] = v;
  }
  const meta = { source: 'helpsteer2', helpsteer2: scores };
  return taskFrom({ id: contentId('hs2', record.prompt, record.response), ...head, meta }, { reply: record.response }, options, 'response');
};
