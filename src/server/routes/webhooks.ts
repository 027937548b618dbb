/** Webhook endpoints and their delivery log (admins). */
import { IdParams, NoContent } from '../../domain/api/common.js';
import {
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookDeliveryView,
  WebhookEndpointCreated,
  WebhookEndpointInput,
  WebhookEndpointList,
  WebhookEndpointPatch,
  WebhookEndpointView,
} from '../../domain/api/webhooks.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../services/webhooks/endpoints.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

const tags = ['webhooks'];

export function webhookRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/webhooks', {
    config: { access: 'admin' },
    schema: { summary: 'Webhook endpoints (never their secrets)', tags, response: withErrors({ 200: WebhookEndpointList }) },
    handler: async () => ({ endpoints: await listWebhookEndpoints(ctx) }),
  });

  app.post('/api/webhooks', {
    config: { access: 'admin' },
    schema: {
      summary: 'Add a webhook endpoint (its signing secret is in this answer only)',
      tags,

      body: WebhookEndpointInput,
      response: withErrors({ 201: WebhookEndpointCreated }),
    },
    handler: async (request, reply) => reply.code(201).send(await createWebhookEndpoint(ctx, actorOfRequest(request.user!), request.body)),
  });

  app.patch('/api/webhooks/:id', {
    config: { access: 'admin' },
    schema: {
      summary: 'Change an endpoint: URL, events, on or off',
      tags,

      params: IdParams,
      body: WebhookEndpointPatch,
      response: withErrors({ 200: WebhookEndpointView }),
    },
    handler: async (request) => updateWebhookEndpoint(ctx, actorOfRequest(request.user!), request.params.id, request.body),
  });

  app.delete('/api/webhooks/:id', {
    config: { access: 'admin' },
    schema: { summary: 'Remove an endpoint and its delivery log', tags, params: IdParams, response: withErrors({ 204: NoContent }) },
    handler: async (request, reply) => {
      await deleteWebhookEndpoint(ctx, actorOfRequest(request.user!), request.params.id);
      return reply.code(204).send();
    },
  });

  app.post('/api/webhooks/:id/secret', {
    config: { access: 'admin' },
    schema: {
      summary: 'Replace the signing secret (the new one is in this answer only)',
      tags,

      params: IdParams,
      response: withErrors({ 200: WebhookEndpointCreated }),
    },
    handler: async (request) => rotateWebhookSecret(ctx, actorOfRequest(request.user!), request.params.id),
  });

  app.get('/api/webhooks/:id/deliveries', {
    config: { access: 'admin' },
    schema: {
      summary: "An endpoint's delivery log, newest first",
      tags,

      params: IdParams,
      querystring: WebhookDeliveryQuery,
      response: withErrors({ 200: WebhookDeliveryList }),
    },
    handler: async (request) => ({ deliveries: await listWebhookDeliveries(ctx, request.params.id, request.query) }),
  });

  app.post('/api/webhook-deliveries/:id/redeliver', {
    config: { access: 'admin' },
    schema: {
      summary: 'Send a delivery again now, under the same webhook-id',
      tags,

      params: IdParams,
      response: withErrors({ 202: WebhookDeliveryView }),
    },
    handler: async (request, reply) => reply.code(202).send(await redeliverWebhook(ctx, actorOfRequest(request.user!), request.params.id)),
  });
}
