/**
 * Who is calling, and may they call this route. Runs on every request before the body is read,
 * so an anonymous caller gets 401 (not a validation error) and a tutor gets 403 on a manager route.
 *
 * CSRF: the session cookie is SameSite=Lax, so browsers do not send it on cross-site POSTs; on top
 * of that, every state-changing request that is not bearer-authenticated must come from our own
 * origin (Origin header, or Sec-Fetch-Site). Browsers always send one of them on cross-origin
 * writes, and a page cannot forge either, so this closes same-site (sibling subdomain) CSRF and
 * login CSRF as well. Non-browser clients that send neither (curl, scripts) are let through:
 * they cannot ride a victim's cookie. Bearer requests need no check: a browser never adds the
 * header by itself.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { atLeast } from '../../domain/users.js';
import type { ServiceContext } from '../../services/context.js';
import { userForApiToken, userForSession } from '../../services/auth/index.js';
import { HttpError } from '../errors.js';

export const SESSION_COOKIE = 'tl_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function installAuth(app: FastifyInstance, ctx: ServiceContext, allowedOrigins: string[] = []): void {
  app.decorateRequest('user', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined) return; // static files and the not-found handler
    const bearer = bearerToken(request);
    if (UNSAFE.has(request.method) && bearer === null) checkSameOrigin(request, allowedOrigins);
    if (access === 'public') return;

    if (bearer !== null) {
      request.user = await userForApiToken(ctx, bearer);
      request.authVia = 'token';
    } else {
      const cookie = request.cookies?.[SESSION_COOKIE];
      if (cookie) {
        request.user = await userForSession(ctx, cookie);
        request.authVia = 'cookie';
        request.sessionToken = cookie;
      }
    }
    if (!request.user)
      throw new HttpError(401, bearer !== null ? 'invalid or revoked API token' : 'sign in first (session missing or expired)');
    if (access !== 'signedIn' && !atLeast(request.user.role, access)) {
      throw new HttpError(403, `this needs the ${access} role or higher`);
    }
  });
}

function bearerToken(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  // A malformed Authorization header is an auth failure, not a fallback to the cookie.
  return m ? m[1] : '';
}

function checkSameOrigin(request: FastifyRequest, allowed: string[]): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new HttpError(403, 'cross-site request refused');
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const own = `${request.protocol}://${request.host}`;
  if (origin !== own && !allowed.includes(origin)) throw new HttpError(403, `cross-origin request from ${origin} refused`);
}
