/** Live conversations with models: a project's live settings (manager, admin) and the tutor's own sessions. */
import { IdParams } from '../../domain/api/common.js';
import {
  LiveAsk,
  LiveChoose,
  LiveSession,
  LiveSessionCreate,
  LiveSessionList,
  LiveSessionParams,
  LiveSettings,
  LiveSettingsInput,
} from '../../domain/api/live.js';
import { askLive } from '../../services/live/ask.js';
import { chooseLive } from '../../services/live/choose.js';
import { finishLive } from '../../services/live/finish.js';
import { createLiveSession, getLiveSession, listLiveSessions } from '../../services/live/sessions.js';
import { getLiveSettings, setLiveSettings } from '../../services/live/settings.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function liveRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/projects/:id/live-settings', {
    config: { access: 'manager' },
    schema: {
      summary: "A project's live settings (which model endpoints answer live turns)",
      tags: ['live'],
      params: IdParams,
      response: withErrors({ 200: LiveSettings }),
    },
    handler: async (request) => getLiveSettings(ctx, actorOfRequest(request.user!), request.params.id),
  });

  app.put('/api/projects/:id/live-settings', {
    config: { access: 'manager' },
    schema: {
      summary: 'Choose the model endpoints (and samples each) that answer live conversation turns',
      tags: ['live'],
      params: IdParams,
      body: LiveSettingsInput,
      response: withErrors({ 200: LiveSettings }),
    },
    handler: async (request) => setLiveSettings(ctx, actorOfRequest(request.user!), request.params.id, request.body),
  });

  app.post('/api/projects/:id/live-sessions', {
    config: { access: 'signedIn', idempotent: true },
    schema: {
      summary: 'Open a live conversation with the models (tutors the project admits)',
      tags: ['live'],
      params: IdParams,
      body: LiveSessionCreate,
      response: withErrors({ 201: LiveSession }, 409),
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createLiveSession(ctx, actorOfRequest(request.user!), request.params.id, request.body.domain)),
  });

  app.get('/api/projects/:id/live-sessions', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Your live sessions in the project, newest first',
      tags: ['live'],
      params: IdParams,
      response: withErrors({ 200: LiveSessionList }),
    },
    handler: async (request) => listLiveSessions(ctx, actorOfRequest(request.user!), request.params.id),
  });

  app.get('/api/projects/:id/live-sessions/:sessionId', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'One of your live sessions, as stored',
      tags: ['live'],
      params: LiveSessionParams,
      response: withErrors({ 200: LiveSession }),
    },
    handler: async (request) => getLiveSession(ctx, actorOfRequest(request.user!), request.params.id, request.params.sessionId),
  });

  app.post('/api/projects/:id/live-sessions/:sessionId/ask', {
    config: { access: 'signedIn', idempotent: true },
    schema: {
      summary: 'Say the user turn and ask the models for replies (a retry for the same turn pays nothing twice)',
      tags: ['live'],
      params: LiveSessionParams,
      body: LiveAsk,
      response: withErrors({ 200: LiveSession }, 409),
    },
    handler: async (request) => askLive(ctx, actorOfRequest(request.user!), request.params.id, request.params.sessionId, request.body),
  });

  app.post('/api/projects/:id/live-sessions/:sessionId/choose', {
    config: { access: 'signedIn', idempotent: true },
    schema: {
      summary: 'Rank the replies (best first), optionally edit the best; the chat continues from it',
      tags: ['live'],
      params: LiveSessionParams,
      body: LiveChoose,
      response: withErrors({ 200: LiveSession }, 409),
    },
    handler: async (request) => chooseLive(ctx, actorOfRequest(request.user!), request.params.id, request.params.sessionId, request.body),
  });

  app.post('/api/projects/:id/live-sessions/:sessionId/finish', {
    config: { access: 'signedIn', idempotent: true },
    schema: {
      summary: 'Finish the session: it becomes a conversation task with your rankings as its annotation',
      tags: ['live'],
      params: LiveSessionParams,
      response: withErrors({ 200: LiveSession }, 409),
    },
    handler: async (request) => finishLive(ctx, actorOfRequest(request.user!), request.params.id, request.params.sessionId),
  });
}
