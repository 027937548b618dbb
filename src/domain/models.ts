/**
 * Model endpoints (issue 13): servers that speak the OpenAI-compatible Chat Completions protocol
 * (OpenAI, vLLM, llama.cpp's server, Ollama, TGI, most gateways). The API key is input only: it is
 * encrypted at rest and no shape that leaves the server has a field for it.
 */
import { z } from 'zod';
import { ConflictError } from './errors.js';

/** Prices are US dollars per million tokens, as providers quote them. */
const Price = z.number().min(0).max(10_000);

export const ModelEndpointInput = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore, starting with a letter or digit'),
  baseUrl: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL, e.g. https://api.openai.com/v1' }).max(2000),
  model: z.string().trim().min(1).max(200),
  apiKey: z.string().min(1).max(4000),
  priceInputPerMillion: Price,
  priceOutputPerMillion: Price,
  maxConcurrency: z.number().int().min(1).max(1000).default(4),
  requestsPerMinute: z.number().int().min(1).max(1_000_000).default(60),
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000),
});
export type ModelEndpointInput = z.input<typeof ModelEndpointInput>;
export type ModelEndpointSettings = z.output<typeof ModelEndpointInput>;

/** What a call is for, recorded with its tokens and cost. */
export const ModelCallPurpose = z.enum(['test', 'generate', 'judge', 'live']);
export type ModelCallPurpose = z.output<typeof ModelCallPurpose>;

/** A project's spending cap on model calls, in US dollars; no cap when unset. */
export const ModelBudgetInput = z.object({ limitUsd: z.number().min(0).max(10_000_000).nullable() });

/** Dollars for `input` and `output` tokens at the endpoint's prices. */
export function callCostUsd(
  prices: { priceInputPerMillion: number; priceOutputPerMillion: number },
  input: number,
  output: number,
): number {
  return (input * prices.priceInputPerMillion + output * prices.priceOutputPerMillion) / 1_000_000;
}

/** A project's model budget is spent: no new call starts (409). */
export class BudgetExhaustedError extends ConflictError {
  constructor(projectId: number, spentUsd: number, limitUsd: number) {
    super(
      `project ${projectId}'s model budget is spent ($${spentUsd.toFixed(4)} of $${limitUsd.toFixed(2)}): raise it with ` +
        '`tutorloop models budget` or PUT /api/projects/:id/model-budget to make more calls',
    );
    this.name = 'BudgetExhaustedError';
  }
}
