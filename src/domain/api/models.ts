/**
 * Model endpoints and project model budgets: /api/models and /api/projects/:id/model-budget (admin).
 * The API key goes in (ModelEndpointInput) and never comes out: ModelEndpoint has no field for it.
 */
import { z } from 'zod';

export { ModelBudgetInput, ModelEndpointInput } from '../models.js';

export const ModelEndpoint = z
  .object({
    id: z.number().int(),
    name: z.string(),
    baseUrl: z.string(),
    model: z.string(),
    priceInputPerMillion: z.number(),
    priceOutputPerMillion: z.number(),
    maxConcurrency: z.number().int(),
    requestsPerMinute: z.number().int(),
    timeoutMs: z.number().int(),
    createdAt: z.string(),
    usage: z.object({
      calls: z.number().int(),
      failedCalls: z.number().int(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      costUsd: z.number(),
    }),
  })
  .meta({ id: 'ModelEndpoint' });
export type ModelEndpoint = z.output<typeof ModelEndpoint>;

export const ModelEndpointList = z.object({ endpoints: z.array(ModelEndpoint) });
export type ModelEndpointList = z.output<typeof ModelEndpointList>;
export const ModelEndpointOk = z.object({ endpoint: ModelEndpoint });

/** What `test` saw: one tiny request, its latency and the model's reply. */
export const ModelTestResult = z.object({
  ok: z.boolean(),
  latencyMs: z.number().int(),
  reply: z.string().nullable(),
  error: z.string().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
});
export type ModelTestResult = z.output<typeof ModelTestResult>;

export const ModelBudget = z.object({ projectId: z.number().int(), limitUsd: z.number().nullable(), spentUsd: z.number() });
export type ModelBudget = z.output<typeof ModelBudget>;
