/** Sign in, sign out, and who am I. */
import { NoContent } from '../../domain/api/common.js';
import { Credentials, Me, SignedInOk } from '../../domain/api/session.js';
import { SESSION_TTL_MS, signIn, signOut } from '../../services/auth/index.js';
import { activeCertifications, userView } from '../../services/users/index.js';
import { SESSION_COOKIE } from '../auth/hook.js';
import { HttpError } from '../errors.js';
import { withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

export function sessionRoutes(app: App, { ctx, loginRateLimit, failedSignIns }: RouteDeps): void {
  app.post('/api/session', {
    config: {
      access: 'public',
      // Per IP and email: slows password guessing against one account without locking out a whole office behind one NAT.
      rateLimit: {
        max: loginRateLimit,
        timeWindow: 60_000,
        keyGenerator: (req) =>
          `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '')
            .trim()
            .toLowerCase()}`,
      },
    },
    schema: {
      summary: 'Sign in; sets the HttpOnly tl_session cookie',
      tags: ['session'],
      body: Credentials,
      response: withErrors({ 200: SignedInOk }, 429),
    },
    handler: async (request, reply) => {
      // Refused before any password work, so a blocked address costs no scrypt.
      const wait = await failedSignIns.retryAfterSeconds(request.ip);
      if (wait > 0)
        throw new HttpError(429, `too many failed sign-ins from your address; try again in ${Math.ceil(wait / 60)} minute(s)`, wait);
      const done = await signIn(ctx, request.body.email, request.body.password, request.cookies[SESSION_COOKIE]);
      if (!done) {
        await failedSignIns.recordFailure(request.ip);
        throw new HttpError(401, 'wrong email or password');
      }
      reply.setCookie(SESSION_COOKIE, done.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return { user: userView(done.user) };
    },
  });

  app.delete('/api/session', {
    config: { access: 'signedIn' },
    schema: { summary: 'Sign out (ends this session)', tags: ['session'], response: withErrors({ 204: NoContent }) },
    handler: async (request, reply) => {
      if (request.sessionToken) await signOut(ctx, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  });

  app.get('/api/me', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'The signed-in user and their live certifications',
      tags: ['session'],
      response: withErrors({ 200: Me }),
    },
    handler: async (request) => {
      const user = request.user!;
      return { user: userView(user), certifications: await activeCertifications(ctx, user.id) };
    },
  });
}
