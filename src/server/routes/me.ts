/** The signed-in user's own quality (gold accuracy, certifications, practice), their notifications, past submissions and progress. */
import { MarkReadBody, MarkReadResult, MyQuality, NotificationList } from '../../domain/api/me.js';
import { MyProgress, SubmissionPage, SubmissionQuery } from '../../domain/api/myWork.js';
import { markMyNotificationsRead, myNotifications, myProgress, myQuality, mySubmissions } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

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
      response: withErrors({ 200: NotificationList }),
    },
    handler: async (request) => myNotifications(ctx, actorOfRequest(request.user!)),
  });

  app.post('/api/me/notifications/read', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Mark my notifications up to an id as read',
      tags: ['me'],
      body: MarkReadBody,
      response: withErrors({ 200: MarkReadResult }),
    },
    handler: async (request) => markMyNotificationsRead(ctx, actorOfRequest(request.user!), request.body),
  });

  app.get('/api/me/submissions', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'My past submissions, newest first: each task as I saw it and my own answer (read-only; never anyone else’s)',
      tags: ['me'],
      querystring: SubmissionQuery,
      response: withErrors({ 200: SubmissionPage }),
    },
    handler: async (request) => mySubmissions(ctx, actorOfRequest(request.user!), request.query),
  });

  app.get('/api/me/progress', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'My progress per project: answers submitted, tasks skipped, and what is left for me',
      tags: ['me'],
      response: withErrors({ 200: MyProgress }),
    },
    handler: async (request) => myProgress(ctx, actorOfRequest(request.user!)),
  });
}
