/** The audit log, newest first: admins only. */
import { z } from 'zod';
import { listAudit } from '../../services/audit.js';
import { withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

export function auditRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/audit', {
    config: { access: 'admin' },
    schema: {
      summary: 'Audit events, newest first',
      tags: ['audit'],
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: withErrors({
        200: z.object({
          events: z.array(
            z.object({
              id: z.number().int(),
              actor: z.number().int().nullable(),
              action: z.string(),
              target: z.object({ type: z.string(), id: z.string().nullable() }),
              detail: z.record(z.string(), z.unknown()),
              at: z.string(),
            }),
          ),
        }),
      }),
    },
    handler: async (request) => {
      const events = await listAudit(ctx, request.query.limit);
      return { events: events.map((e) => ({ id: e.id, actor: e.actorId, action: e.action, target: { type: e.targetType, id: e.targetId }, detail: e.detail, at: e.at })) };
    },
  });
}
