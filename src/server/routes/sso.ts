/**
 * Single sign-on with OpenID Connect. The browser goes to /api/sso/start, on to the provider, and back
 * to /api/sso/callback, which sets the usual session cookie; a refusal lands on the sign-in page with
 * the reason. The `state` the flow started with is also kept in an HttpOnly cookie, so a callback
 * carrying another browser's state is refused.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NoContent } from '../../domain/api/common.js';
import { SignOutAnswer, SsoCallbackQuery, SsoConfigAnswer, SsoConfigInput, SsoStatus } from '../../domain/api/sso.js';
import { SESSION_TTL_MS, signOut } from '../../services/auth/index.js';
import { getSsoConfig, setSsoConfig, ssoStatus } from '../../services/sso/config.js';
import { finishSsoSignIn, SsoRefused, ssoLogoutUrl, startSsoSignIn } from '../../services/sso/flow.js';
import { SESSION_COOKIE } from '../auth/hook.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

const STATE_COOKIE = 'tl_sso_state';
const tags = ['sso'];

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const callbackUri = (request: FastifyRequest) => `${origin(request)}/api/sso/callback`;

/** Back to the sign-in page with the reason (the web app shows `ssoError`). */
function refuse(reply: FastifyReply, e: unknown): FastifyReply {
  if (!(e instanceof SsoRefused)) throw e;
  reply.clearCookie(STATE_COOKIE, { path: '/api/sso' });
  return reply.redirect(`/?ssoError=${encodeURIComponent(e.message)}`, 302);
}

export function ssoRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/sso', {
    config: { access: 'public' },
    schema: {
      summary: 'Whether single sign-on and password sign-in are on (for the sign-in page)',
      tags,
      response: withErrors({ 200: SsoStatus }),
    },
    handler: async () => ssoStatus(ctx),
  });

  app.get('/api/sso/config', {
    config: { access: 'admin' },
    schema: { summary: 'The OpenID Connect configuration (never the client secret)', tags, response: withErrors({ 200: SsoConfigAnswer }) },
    handler: async () => ({ config: await getSsoConfig(ctx) }),
  });

  app.put('/api/sso/config', {
    config: { access: 'admin' },
    schema: {
      summary: 'Set the OpenID Connect provider, mapping and sign-in rules (audited; the secret is stored encrypted)',
      tags,
      body: SsoConfigInput,
      response: withErrors({ 200: SsoConfigAnswer }),
    },
    handler: async (request) => ({ config: await setSsoConfig(ctx, actorOfRequest(request.user!), request.body) }),
  });

  app.get('/api/sso/start', {
    config: { access: 'public' },
    schema: { summary: 'Start a single sign-on: redirects to the identity provider', tags, response: withErrors({ 302: NoContent }) },
    handler: async (request, reply) => {
      try {
        const { url, state } = await startSsoSignIn(ctx, callbackUri(request));
        reply.setCookie(STATE_COOKIE, state, {
          path: '/api/sso',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: 600,
        });
        return reply.redirect(url, 302);
      } catch (e) {
        return refuse(reply, e);
      }
    },
  });

  app.get('/api/sso/callback', {
    config: { access: 'public' },
    schema: {
      summary: 'Where the identity provider sends the browser back: signs in (session cookie) or refuses, then redirects',
      tags,
      querystring: SsoCallbackQuery,
      response: withErrors({ 302: NoContent }),
    },
    handler: async (request, reply) => {
      try {
        const done = await finishSsoSignIn(ctx, {
          url: new URL(request.url, origin(request)),
          browserState: request.cookies[STATE_COOKIE],
          redirectUri: callbackUri(request),
          replacing: request.cookies[SESSION_COOKIE],
        });
        reply.clearCookie(STATE_COOKIE, { path: '/api/sso' });
        reply.setCookie(SESSION_COOKIE, done.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: Math.floor(SESSION_TTL_MS / 1000),
        });
        return reply.redirect('/', 302);
      } catch (e) {
        return refuse(reply, e);
      }
    },
  });

  app.post('/api/sso/logout', {
    config: { access: 'signedIn' },
    schema: {
      summary: "Sign out here and get the provider's sign-out address (RP-initiated logout), if it offers one",
      tags,
      response: withErrors({ 200: SignOutAnswer }),
    },
    handler: async (request, reply) => {
      if (request.sessionToken) await signOut(ctx, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { logoutUrl: await ssoLogoutUrl(ctx, `${origin(request)}/`) };
    },
  });
}
