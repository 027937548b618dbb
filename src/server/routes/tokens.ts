/** Personal API tokens: the caller's own, shown once. */
import { IdParams, NoContent } from '../../domain/api/common.js';
import { TokenCreated, TokenInput, TokenList } from '../../domain/api/tokens.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/auth/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function tokenRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/tokens', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Create a personal API token (the token is in this answer only)',
      tags: ['tokens'],
      body: TokenInput,
      response: withErrors({ 201: TokenCreated }),
    },
    handler: async (request, reply) => {
      const { record, token } = await createApiToken(ctx, actorOfRequest(request.user!), request.body.name);
      return reply.code(201).send({ id: record.id, name: record.name, token });
    },
  });

  app.get('/api/tokens', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Your live API tokens (never the secrets)',
      tags: ['tokens'],
      response: withErrors({ 200: TokenList }),
    },
    handler: async (request) => {
      const tokens = await listApiTokens(ctx, actorOfRequest(request.user!));
      return { tokens: tokens.map((t) => ({ id: t.id, name: t.name, createdAt: iso(t.createdAt)!, lastUsedAt: iso(t.lastUsedAt) })) };
    },
  });

  app.delete('/api/tokens/:id', {
    config: { access: 'signedIn' },
    schema: { summary: 'Revoke one of your tokens', tags: ['tokens'], params: IdParams, response: withErrors({ 204: NoContent }) },
    handler: async (request, reply) => {
      await revokeApiToken(ctx, actorOfRequest(request.user!), request.params.id);
      return reply.code(204).send();
    },
  });
}
