/**
 * UltraFeedback (openbmb/UltraFeedback), two shapes:
 * - raw: `{source, instruction, models, completions: [{model, response, annotations, fine-grained_score,
 *   overall_score, critique, …}]}`: a ranking task over every completion (ids a, b, …; the models, their
 *   scores and GPT-4's ratings kept in `meta.ultrafeedback`, never shown to tutors), or a preference task
 *   between the best and the worst by `fine-grained_score` (ties: the earlier);
 * - binarized (HuggingFaceH4/ultrafeedback_binarized): `{prompt, prompt_id, chosen, rejected, messages,
 *   score_chosen, score_rejected}`, chosen/rejected being [user, assistant] conversations: a preference pair.
 */
import type { ChatMessage } from '../../../domain/tasks.js';
import { type Converted, type Converter, contentId, isObj, isText, type Obj, problem, promptOf, readMessages, taskFrom } from './common.js';

export const detectUltraFeedback = (r: Obj): boolean =>
  (typeof r.instruction === 'string' && Array.isArray(r.completions)) || ('prompt_id' in r && 'score_chosen' in r && 'chosen' in r);

type Completion = { model?: unknown; response?: unknown; annotations?: unknown; 'fine-grained_score'?: unknown; overall_score?: unknown };

function raw(record: Obj, options: Parameters<Converter>[1]): Converted {
  if (!isText(record.instruction)) return problem('instruction', 'must be a non-empty string');
  const completions = record.completions as Completion[];
  for (const [i, c] of completions.entries()) {
    if (!isObj(c) || !isText(c.response)) return problem(`completions.${i}.response`, 'must be a non-empty string');
  }
  if (completions.length < 2) return problem('completions', 'needs at least two completions to compare');
  const ids = completions.map((_, i) => String.fromCharCode(97 + i));
  const score = (c: Completion) => (typeof c['fine-grained_score'] === 'number' ? c['fine-grained_score'] : Number.NEGATIVE_INFINITY);
  const byScore = ids.map((id, i) => ({ id, i, s: score(completions[i]) })).sort((x, y) => y.s - x.s || x.i - y.i);
  const meta = {
    source: 'ultrafeedback',
    ultrafeedback: {
      source: record.source ?? null,
      completions: completions.map((c, i) => ({
        id: ids[i],
        model: c.model ?? null,
        fineGrainedScore: c['fine-grained_score'] ?? null,
        overallScore: c.overall_score ?? null,
        annotations: c.annotations ?? null,
      })),
    },
  };
  const id = contentId(
    'uf',
    record.instruction,
    completions.map((c) => c.response),
  );
  if (options.type === 'ranking') {
    const order = byScore.map((x) => x.id);
    return {
      task: {
        id,
        type: 'ranking',
        domain: options.domain,
        prompt: record.instruction,
        responses: completions.map((c, i) => ({ id: ids[i], text: c.response })),
        meta: { ...meta, order },
        ...(options.asGold ? { gold: { order } } : {}),
      },
    };
  }
  const best = completions[byScore[0].i].response as string;
  const worst = completions[byScore[byScore.length - 1].i].response as string;
  return taskFrom({ id, prompt: record.instruction, meta }, { pair: { chosen: best, rejected: worst } }, options, 'completions');
}

function binarized(record: Obj, options: Parameters<Converter>[1]): Converted {
  const sides: ChatMessage[][] = [];
  for (const field of ['chosen', 'rejected'] as const) {
    const read = readMessages(record[field], field);
    if ('problem' in read) return { problem: read.problem };
    if (read.messages.at(-1)?.role !== 'assistant') return problem(field, 'must end with an assistant message');
    sides.push(read.messages);
  }
  const head = promptOf(sides[0].slice(0, -1), 'chosen');
  if ('problem' in head) return { problem: head.problem };
  const meta = {
    source: 'ultrafeedback',
    ultrafeedback: {
      promptId: record.prompt_id ?? null,
      scoreChosen: record.score_chosen ?? null,
      scoreRejected: record.score_rejected ?? null,
    },
  };
  const chosen = sides[0].at(-1)!.content;
  const rejected = sides[1].at(-1)!.content;
  return taskFrom({ id: contentId('uf', head.prompt, chosen, rejected), ...head, meta }, { pair: { chosen, rejected } }, options, 'chosen');
}

export const fromUltraFeedback: Converter = (record, options) =>
  Array.isArray(record.completions) ? raw(record, options) : binarized(record, options);
