/**
 * Checking and grading an answer to a bank question: the same response schema as production work
 * (task type + the bank project's label set, rubric, rationale rule), then goldMatch.
 */
import { goldMatch, type GoldMatch } from '../../domain/goldMatch.js';
import { describeIssues } from '../../domain/validation.js';
import type { LineProblem } from '../../domain/errors.js';
import type { TaskPayload } from '../../domain/tasks.js';
import { cachedResponseSchema } from '../work/responseSchemas.js';
import type { BankQuestion } from './banks.js';

export type Checked = { ok: true; response: Record<string, unknown> } | { ok: false; problems: LineProblem[] };

/** Validate `raw` as an answer to `q`; problems name fields under `prefix` (e.g. `answers.2.`). */
export function checkAnswer(q: BankQuestion, raw: unknown, prefix: string): Checked {
  const c = q.project.config;
  const parsed = cachedResponseSchema(c.type, JSON.parse(q.task.payload) as TaskPayload, c, q.project.configJson).safeParse(raw);
  if (parsed.success) return { ok: true, response: parsed.data as Record<string, unknown> };
  return {
    ok: false,
    problems: describeIssues(parsed.error).map((p) => ({
      field: p.field ? `${prefix}${p.field}` : prefix.replace(/\.$/, ''),
      message: p.message,
    })),
  };
}

/** Grade a checked answer; gold that stopped being gradable (re-imported since the draw) counts as wrong. */
export function grade(q: BankQuestion, response: Record<string, unknown>): GoldMatch {
  return goldMatch(q.project.config.type, response, q.gold) ?? { correct: false, score: 0 };
}
