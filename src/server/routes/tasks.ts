/** Importing tasks (NDJSON, all-or-nothing) and listing them with gold, for managers. */
import type { IncomingMessage } from 'node:http';
import { IdParams } from '../../domain/api/common.js';
import { ImportBody, ImportOk, ImportQuery, TaskList, TaskListQuery } from '../../domain/api/tasks.js';
import { importTasks, listTasks } from '../../services/index.js';
import { parseColumnMap } from '../../services/imports/formats/csvRow.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';
import { HttpError } from '../errors.js';
import { validatorCompiler } from 'fastify-type-provider-zod';

const IMPORT_TYPES = ['application/x-ndjson', 'text/csv', 'application/gzip'];

/** The defaults for RouteDeps.imports (docs/api.md "Import limits"). */
export const IMPORT_BODY_DEFAULTS = { maxBodyBytes: 1024 * 1024 * 1024, idleTimeoutMs: 30_000 };

/**
 * The upload as the importer reads it: refused with 413 once past `maxBytes` (the body is streamed,
 * so Fastify's bodyLimit never sees it), and cut off with 408 when the client sends nothing for
 * `idleMs` (a stalled client then holds no import open; its staged rows are discarded).
 */
async function* upload(raw: IncomingMessage, maxBytes: number, idleMs: number): AsyncGenerator<Buffer> {
  // (A socket's idle timer; app.inject's fake request has none.)
  raw.setTimeout?.(idleMs, () => raw.destroy(new HttpError(408, `the upload stalled: nothing arrived for ${idleMs / 1000} s`)));
  let total = 0;
  try {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new HttpError(413, `the import is larger than ${maxBytes} bytes (the server's import body limit)`);
      yield chunk;
    }
  } finally {
    raw.setTimeout?.(0);
  }
}

export function taskRoutes(app: App, { ctx, imports }: RouteDeps): void {
  // `??`, not a spread: a limit the environment leaves unset arrives as undefined and must not erase the default.
  const limits = {
    maxBodyBytes: imports?.maxBodyBytes ?? IMPORT_BODY_DEFAULTS.maxBodyBytes,
    idleTimeoutMs: imports?.idleTimeoutMs ?? IMPORT_BODY_DEFAULTS.idleTimeoutMs,
  };
  app.post('/api/projects/:id/tasks', {
    config: { access: 'manager' },
    // The body is streamed to the importer, never buffered: upload() enforces the cap as bytes arrive.
    bodyLimit: limits.maxBodyBytes,
    // The body schema below documents the route; the stream itself is validated line by line by the importer.
    validatorCompiler: (req) =>
      req.httpPart === 'body'
        ? (data: unknown) => ({ value: data })
        : validatorCompiler(req as unknown as Parameters<typeof validatorCompiler>[0]),
    schema: {
      summary: 'Import tasks: NDJSON body, one task per line; all-or-nothing',
      tags: ['tasks'],
      consumes: ['application/x-ndjson', 'text/csv', 'application/gzip'],
      params: IdParams,
      body: ImportBody,
      querystring: ImportQuery,
      response: withErrors({ 200: ImportOk }),
    },
    handler: async (request, reply) => {
      const type = request.headers['content-type'] ?? '';
      if (!IMPORT_TYPES.some((t) => type.startsWith(t)))
        throw new HttpError(415, 'send the tasks as application/x-ndjson (JSON lines or a JSON array), text/csv or application/gzip');
      const { format, columns, domain, asGold } = request.query;
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > limits.maxBodyBytes)
        throw new HttpError(413, `the import is larger than ${limits.maxBodyBytes} bytes (the server's import body limit)`);
      return importTasks(
        ctx,
        actorOfRequest(request.user!),
        request.params.id,
        upload(request.raw, limits.maxBodyBytes, limits.idleTimeoutMs),
        {
          fileName: 'request body',
          format,
          declaredJson: type.startsWith('application/x-ndjson'),
          columns: columns ? parseColumnMap(columns) : undefined,
          domain,
          asGold: asGold === 'true',
          limits: imports?.lineLimits,
          // Said before the answer is written, as a header: the body stays {imported, skipped}.
          onFormat: (c) => void reply.header('X-Import-Format', `${c.format}${c.detected ? '; detected' : ''}`),
        },
      );
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
