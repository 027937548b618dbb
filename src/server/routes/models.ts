/** Model endpoints and project model budgets: admins only. The API key goes in and never comes out. */
import { IdParams, NoContent } from '../../domain/api/common.js';
import {
  ModelBudget,
  ModelBudgetInput,
  ModelEndpointInput,
  ModelEndpointList,
  ModelEndpointOk,
  ModelTestResult,
} from '../../domain/api/models.js';
import {
  addModelEndpoint,
  getModelBudget,
  listModelEndpoints,
  removeModelEndpoint,
  setModelBudget,
  testModelEndpoint,
} from '../../services/models/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function modelRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/models', {
    config: { access: 'admin' },
    schema: {
      summary: 'Register an OpenAI-compatible model endpoint (the API key is stored encrypted and never returned)',
      tags: ['models'],
      body: ModelEndpointInput,
      response: withErrors({ 201: ModelEndpointOk }),
    },
    handler: async (request, reply) => {
      const endpoint = await addModelEndpoint(ctx, actorOfRequest(request.user!), request.body);
      return reply.code(201).send({ endpoint });
    },
  });

  app.get('/api/models', {
    config: { access: 'admin' },
    schema: {
      summary: 'Model endpoints with their calls, tokens and cost',
      tags: ['models'],
      response: withErrors({ 200: ModelEndpointList }),
    },
    handler: async () => ({ endpoints: await listModelEndpoints(ctx) }),
  });

  app.post('/api/models/:id/test', {
    config: { access: 'admin' },
    schema: {
      summary: 'Send one tiny request to an endpoint: latency and the reply (a failed call is a result, ok: false)',
      tags: ['models'],
      params: IdParams,
      response: withErrors({ 200: ModelTestResult }),
    },
    handler: async (request) => testModelEndpoint(ctx, actorOfRequest(request.user!), request.params.id),
  });

  app.delete('/api/models/:id', {
    config: { access: 'admin' },
    schema: {
      summary: 'Remove a model endpoint (its call history stays)',
      tags: ['models'],
      params: IdParams,
      response: withErrors({ 204: NoContent }),
    },
    handler: async (request, reply) => {
      await removeModelEndpoint(ctx, actorOfRequest(request.user!), request.params.id);
      return reply.code(204).send();
    },
  });

  app.get('/api/projects/:id/model-budget', {
    config: { access: 'admin' },
    schema: {
      summary: "A project's model budget and what its model calls have cost",
      tags: ['models'],
      params: IdParams,
      response: withErrors({ 200: ModelBudget }),
    },
    handler: async (request) => getModelBudget(ctx, request.params.id),
  });

  app.put('/api/projects/:id/model-budget', {
    config: { access: 'admin' },
    schema: {
      summary: "Set (or, with null, lift) a project's cap on model spending, in US dollars",
      tags: ['models'],
      params: IdParams,
      body: ModelBudgetInput,
      response: withErrors({ 200: ModelBudget }),
    },
    handler: async (request) => setModelBudget(ctx, actorOfRequest(request.user!), request.params.id, request.body),
  });
}
