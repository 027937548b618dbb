/** Exports stream as NDJSON, line by line, so a large project never sits in memory. */
import { Readable } from 'node:stream';
import { IdParams } from '../../domain/api/common.js';
import { ExportQuery } from '../../domain/api/export.js';
import { ExportLine } from '../../domain/api/exportLines.js';
import { exportProject } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

export function exportRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/projects/:id/export', {
    config: { access: 'manager' },
    schema: {
      summary: 'Export a project as NDJSON (dpo, sft, rm or annotations)',
      tags: ['export'],
      params: IdParams,
      querystring: ExportQuery,
      response: withErrors({
        200: {
          description: 'One JSON object per line, streamed',
          // OpenAPI 3.0 cannot type a stream's items: the schema is that of one line (ExportLine, per format).
          content: { 'application/x-ndjson': { schema: ExportLine } },
        },
      } as never),
    },
    handler: async (request, reply) => {
      const lines = await exportProject(ctx, request.params.id, request.query.format);
      // Pull the first line before answering, so an error (unknown project) still becomes a proper 4xx.
      const it = lines[Symbol.asyncIterator]();
      const first = await it.next();
      async function* body() {
        if (!first.done) yield withNewline(first.value);
        for (let r = await it.next(); !r.done; r = await it.next()) yield withNewline(r.value);
      }
      reply.type('application/x-ndjson; charset=utf-8');
      reply.header('Content-Disposition', `attachment; filename="project-${request.params.id}-${request.query.format}.jsonl"`);
      return reply.send(Readable.from(body()));
    },
  });
}

const withNewline = (line: string) => (line.endsWith('\n') ? line : `${line}\n`);
