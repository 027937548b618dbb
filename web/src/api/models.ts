/** Model endpoints (admin): register, list, test, remove. Shapes are the server's schemas, types only. */
import { request } from './client.js';
import type { ModelEndpoint, ModelEndpointList, ModelTestResult } from '../../../src/domain/api/models.js';
import type { ModelEndpointInput } from '../../../src/domain/models.js';

export type { ModelEndpoint, ModelEndpointInput, ModelTestResult };

export const modelsApi = {
  list: () => request<ModelEndpointList>('/api/models'),
  add: (input: ModelEndpointInput) => request<{ endpoint: ModelEndpoint }>('/api/models', { method: 'POST', body: input }),
  test: (id: number) => request<ModelTestResult>(`/api/models/${id}/test`, { method: 'POST' }),
  remove: (id: number) => request<void>(`/api/models/${id}`, { method: 'DELETE' }),
};

import type { z } from 'zod';
import type { GenerationJob, GenerationJobInput } from '../../../src/domain/api/generation.js';
import type { JudgeList, JudgeRun, JudgeView, TierMeasures } from '../../../src/domain/api/judges.js';

export type Judge = z.output<typeof JudgeView>;
export type JudgeRunView = z.output<typeof JudgeRun>;
export type { GenerationJob, TierMeasures };

export const judgesApi = {
  list: () => request<z.output<typeof JudgeList>>('/api/judges'),
  add: (input: { name: string; endpoint: string; domains?: string[] }) =>
    request<{ judge: Judge }>('/api/judges', { method: 'POST', body: input }),
  setPrompt: (id: number, taskType: string, template: string) =>
    request<{ judge: Judge }>(`/api/judges/${id}/prompt`, { method: 'PUT', body: { taskType, template } }),
  run: (projectId: string | number, judge: number | string, maxItems?: number) =>
    request<JudgeRunView>(`/api/projects/${projectId}/judge-runs`, { method: 'POST', body: { judge, ...(maxItems ? { maxItems } : {}) } }),
  runs: (projectId: string | number) => request<{ runs: JudgeRunView[] }>(`/api/projects/${projectId}/judge-runs`),
  tiers: (projectId: string | number) => request<TierMeasures>(`/api/projects/${projectId}/tier-measures`),
};

export const generationApi = {
  start: (projectId: string | number, input: z.input<typeof GenerationJobInput>) =>
    request<GenerationJob>(`/api/projects/${projectId}/generation-jobs`, { method: 'POST', body: input }),
  list: (projectId: string | number) => request<{ jobs: GenerationJob[] }>(`/api/projects/${projectId}/generation-jobs`),
  get: (jobId: number) => request<GenerationJob>(`/api/generation-jobs/${jobId}`),
  cancel: (jobId: number) => request<GenerationJob>(`/api/generation-jobs/${jobId}/cancel`, { method: 'POST' }),
};
