/** Importing tasks (NDJSON, all-or-nothing) and listing them with gold, for managers. */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { importTasks, listTasks } from '../../services/index.js';
import { IdParams, withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';
import { HttpError } from '../errors.js';
import { validatorCompiler } from 'fastify-type-provider-zod';

export function taskRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/projects/:id/tasks', {
    config: { access: 'manager' },
    // Imports can be large; the body is streamed to the importer, never buffered, so only a generous cap.
    bodyLimit: 1024 * 1024 * 1024,
    // The body schema below documents the route; the stream itself is validated line by line by the importer.
    validatorCompiler: (req) => (req.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(req as unknown as Parameters<typeof validatorCompiler>[0])),
    schema: {
      summary: 'Import tasks: NDJSON body, one task per line; all-or-nothing',
      tags: ['tasks'],
      consumes: ['application/x-ndjson'],
      params: IdParams,
      body: z.string().describe('One task per line (JSONL), as in demo/tasks/*.jsonl; or HH-RLHF {chosen, rejected} lines with ?format=hh-rlhf'),
      querystring: z.object({ format: z.enum(['tutorloop', 'hh-rlhf']).default('tutorloop') }),
      response: withErrors({ 200: z.object({ imported: z.number().int(), skipped: z.number().int() }) }),
    },
    handler: async (request) => {
      const type = request.headers['content-type'] ?? '';
      if (!type.startsWith('application/x-ndjson')) throw new HttpError(415, 'send the tasks as application/x-ndjson, one JSON object per line');
      return importTasks(ctx, actorOfRequest(request.user!), request.params.id, request.body as unknown as Readable, {
        fileName: 'request body',
        format: request.query.format,
      });
    },
  });

  app.get('/api/projects/:id/tasks', {
    config: { access: 'manager' },
    schema: {
      summary: 'Tasks of a project, with gold answers',
      tags: ['tasks'],
      params: IdParams,
      querystring: z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: withErrors({ 200: z.object({ tasks: z.array(z.looseObject({ id: z.number().int() })), total: z.number().int() }) }),
    },
    handler: async (request) => listTasks(ctx, request.params.id, { offset: request.query.offset, limit: request.query.limit }),
  });
}
