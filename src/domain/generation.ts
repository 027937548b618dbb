/**
 * Candidate generation (issue 13): prompts in, model responses out, as preference (2 responses),
 * ranking (k) or rating/rewrite (1) tasks. Which model wrote which response lives only in the task's
 * `meta.generation` (exports carry it; tutors never see `meta`), and response ids are blind letters.
 */
import { z } from 'zod';
import { ChatMessage, DomainName } from './tasks.js';

/** One line of a prompts file: `prompt` (one user turn) or `messages` (a conversation ending with the user). */
export const PromptLine = z
  .object({
    id: z.string().trim().min(1).max(200),
    prompt: z.string().min(1).optional(),
    messages: z.array(ChatMessage).min(1).optional(),
    domain: DomainName,
  })
  .refine((p) => (p.prompt === undefined) !== (p.messages === undefined), {
    message: 'give "prompt" or "messages", not both',
    path: ['prompt'],
  })
  .refine((p) => p.messages === undefined || p.messages.at(-1)?.role === 'user', {
    message: "the last message must be the user's",
    path: ['messages'],
  });
export type PromptLine = z.output<typeof PromptLine>;

export const GenerationOptions = z.object({
  /** Endpoint names, in order; each writes `samples` responses per prompt. */
  models: z.array(z.string().min(1)).min(1).max(12),
  samples: z.number().int().min(1).max(12).default(1),
  temperature: z.number().min(0).max(2).default(0.7),
  maxTokens: z.number().int().min(1).max(32_000).default(1024),
});
export type GenerationOptions = z.input<typeof GenerationOptions>;

export interface GenerationSpec {
  prompts: PromptLine[];
  endpointIds: number[];
  samples: number;
  temperature: number;
  maxTokens: number;
}

export type GenerationJobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface GenerationProgress {
  jobId: number;
  projectId: number;
  state: GenerationJobState;
  total: number;
  done: number;
  failed: number;
  pending: number;
  /** Tasks in the project from this job (a re-run counts the ones already imported). */
  tasksCreated: number;
  error: string | null;
  /** One line per prompt that could not become a task, e.g. `p3: endpoint m1: HTTP 500 … (after 5 attempts)`. */
  problems: string[];
}

/** How many responses a task of each generatable type takes. */
export function responsesPerTask(type: string): { min: number; max: number } | null {
  if (type === 'preference') return { min: 2, max: 2 };
  if (type === 'ranking') return { min: 2, max: 12 };
  if (type === 'rating' || type === 'rewrite') return { min: 1, max: Number.POSITIVE_INFINITY };
  return null;
}

/** A deterministic seed per prompt × sample, recorded with the response (servers that honour it reproduce it). */
export function sampleSeed(promptId: string, sample: number): number {
  let h = 2166136261;
  for (const ch of `${promptId}#${sample}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 2_147_483_647;
}
