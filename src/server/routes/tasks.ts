/** Importing tasks (NDJSON, all-or-nothing) and listing them with gold, for managers. */
import type { Readable } from 'node:stream';
import { IdParams } from '../../domain/api/common.js';
import { ImportBody, ImportOk, ImportQuery, TaskList, TaskListQuery } from '../../domain/api/tasks.js';
import { importTasks, listTasks } from '../../services/index.js';
import { withErrors } from '../schemas.js';
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
      body: ImportBody,
      querystring: ImportQuery,
      response: withErrors({ 200: ImportOk }),
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
      querystring: TaskListQuery,
      response: withErrors({ 200: TaskList }),
    },
    handler: async (request) => listTasks(ctx, request.params.id, { offset: request.query.offset, limit: request.query.limit }),
  });
}
