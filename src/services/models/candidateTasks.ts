/**
 * Generated responses → task lines for the import. Responses get blind ids (a, b, c, …); the order
 * of a preference pair alternates from prompt to prompt, so each model sits at A as often as at B;
 * which model wrote which response is kept only in `meta.generation.responses`.
 */
import type { PromptLine } from '../../domain/generation.js';

export interface GeneratedResponse {
  text: string;
  provenance: Record<string, unknown>;
}

const LETTERS = 'abcdefghijkl';

/** The prompt as the task shows it: `prompt` is the last user turn, earlier turns are `context`. */
function promptFields(p: PromptLine): { prompt: string; context?: { role: 'system' | 'user' | 'assistant'; content: string }[] } {
  if (p.prompt !== undefined) return { prompt: p.prompt };
  const messages = p.messages ?? [];
  const context = messages.slice(0, -1);
  return { prompt: messages.at(-1)?.content ?? '', ...(context.length ? { context } : {}) };
}

/** Rotate by the prompt's position, so every response slot is held by each model equally often. */
function balanced<T>(items: T[], index: number): T[] {
  const k = index % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export function candidateTasks(type: string, jobId: number, prompts: PromptLine[], responses: Map<string, GeneratedResponse[]>): object[] {
  const lines: object[] = [];
  prompts.forEach((p, index) => {
    const got = responses.get(p.id);
    if (!got || got.length === 0) return;
    const base = { domain: p.domain, ...promptFields(p) };
    if (type === 'preference' || type === 'ranking') {
      const ordered = balanced(got, index);
      const ids = ordered.map((_, i) => LETTERS[i]);
      lines.push({
        id: p.id,
        type,
        ...base,
        responses: ordered.map((r, i) => ({ id: ids[i], text: r.text })),
        meta: { generation: { job: jobId, responses: Object.fromEntries(ordered.map((r, i) => [ids[i], r.provenance])) } },
      });
      return;
    }
    got.forEach((r, i) => {
      lines.push({
        id: got.length === 1 ? p.id : `${p.id}~${i + 1}`,
        type,
        ...base,
        response: { id: 'r', text: r.text },
        meta: { generation: { job: jobId, responses: { r: r.provenance } } },
      });
    });
  });
  return lines;
}
