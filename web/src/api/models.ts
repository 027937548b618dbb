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
