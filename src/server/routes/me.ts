/** The signed-in user's own quality: gold accuracy, certifications, practice; and their notifications. */
import { z } from 'zod';
import { markMyNotificationsRead, MarkReadBody, myNotifications, myQuality } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';
import { IntervalSchema, PracticeDomain } from './practice.js';

const MyQuality = z
  .object({
    gold: z.array(
      z.object({ domain: z.string(), goldTotal: z.number().int(), goldCorrect: z.number().int(), accuracy: IntervalSchema, threshold: z.number().nullable() }),
    ),
    certifications: z.array(
      z.object({
        domain: z.string(),
        level: z.number().int(),
        source: z.enum(['granted', 'exam']),
        examId: z.string().nullable(),
        score: z.number().nullable(),
        grantedAt: z.string(),
        status: z.enum(['active', 'suspended', 'revoked']),
        revokedAt: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
    practice: z.array(PracticeDomain),
  })
  .meta({ id: 'MyQuality' });

const Notification = z
  .object({ id: z.number().int(), kind: z.string(), message: z.string(), detail: z.record(z.string(), z.unknown()), createdAt: z.string(), read: z.boolean() })
  .meta({ id: 'Notification' });

export function meRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/me/quality', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'My gold accuracy per domain (Wilson interval), my certifications (active, suspended, revoked) and my practice progress',
      tags: ['me'],
      response: withErrors({ 200: MyQuality }),
    },
    handler: async (request) => myQuality(ctx, actorOfRequest(request.user!)),
  });

  app.get('/api/me/notifications', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'My notifications, newest first (50), with the unread count',
      tags: ['me'],
      response: withErrors({ 200: z.object({ notifications: z.array(Notification), unread: z.number().int() }) }),
    },
    handler: async (request) => myNotifications(ctx, actorOfRequest(request.user!)),
  });

  app.post('/api/me/notifications/read', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Mark my notifications up to an id as read',
      tags: ['me'],
      body: MarkReadBody,
      response: withErrors({ 200: z.object({ marked: z.number().int() }) }),
    },
    handler: async (request) => markMyNotificationsRead(ctx, actorOfRequest(request.user!), request.body),
  });
}
