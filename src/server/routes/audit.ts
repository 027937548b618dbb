/** The audit log, newest first, filtered and paged on the server: admins only. */
import { AuditList, AuditQuery } from '../../domain/api/audit.js';
import { listAudit } from '../../services/audit.js';
import { withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

export function auditRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/audit', {
    config: { access: 'admin' },
    schema: {
      summary: 'Audit events, newest first, by actor, action, target and time, a page at a time',
      tags: ['audit'],
      querystring: AuditQuery,
      response: withErrors({ 200: AuditList }),
    },
    handler: async (request) => {
      const { events, nextCursor } = await listAudit(ctx, request.query);
      return {
        events: events.map((e) => ({
          id: e.id,
          actor: e.actorId,
          action: e.action,
          target: { type: e.targetType, id: e.targetId },
          detail: e.detail,
          at: e.at,
        })),
        nextCursor,
      };
    },
  });
}
