/**
 * Exports stream as NDJSON, line by line, so a large project never sits in memory. What the export left
 * out is sent as the HTTP trailer `X-Export-Summary` (JSON) and, for clients that ignore trailers, by
 * `GET …/export/summary` with the same query. No metadata line is added to the data: `load_dataset` reads it as-is.
 */
import { Readable } from 'node:stream';
import { IdParams } from '../../domain/api/common.js';
import { ExportQuery, ExportSummary } from '../../domain/api/export.js';
import { ExportLine } from '../../domain/api/exportLines.js';
import { exportProject } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

export function exportRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/projects/:id/export', {
    config: { access: 'manager' },
    schema: {
      summary: 'Export a project as NDJSON (dpo, sft, ratings, classification, stepwise, annotations; rm is a deprecated alias of ratings)',
      description: 'Ends with the HTTP trailer `X-Export-Summary`: the JSON of GET /api/projects/{id}/export/summary.',
      tags: ['export'],
      params: IdParams,
      querystring: ExportQuery,
      response: withErrors({
        200: {
          description:
            'One JSON object per line, streamed; every line has every field of the format (null only for absent numbers and booleans)',
          // OpenAPI 3.0 cannot type a stream's items: the schema is that of one line (ExportLine, per format and style).
          content: { 'application/x-ndjson': { schema: ExportLine } },
        },
      } as never),
    },
    handler: async (request, reply) => {
      const { format, style, includeTies } = request.query;
      const stream = await exportProject(ctx, request.params.id, format, { style, includeTies });
      // Pull the first line before answering, so an error (unknown project) still becomes a proper 4xx.
      const it = stream[Symbol.asyncIterator]();
      const first = await it.next();
      async function* body() {
        if (!first.done) yield first.value;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      }
      reply.type('application/x-ndjson; charset=utf-8');
      reply.header('Content-Disposition', `attachment; filename="project-${request.params.id}-${format}${style ? `-${style}` : ''}.jsonl"`);
      reply.trailer('X-Export-Summary', async () => JSON.stringify(await stream.summary()));
      return reply.send(Readable.from(body()));
    },
  });

  app.get('/api/projects/:id/export/summary', {
    config: { access: 'manager' },
    schema: {
      summary: 'What the same export would contain and leave out, and why (split votes, ties, unjudged, gold, superseded)',
      tags: ['export'],
      params: IdParams,
      querystring: ExportQuery,
      response: withErrors({ 200: ExportSummary }),
    },
    handler: async (request) => {
      const { format, style, includeTies } = request.query;
      const stream = await exportProject(ctx, request.params.id, format, { style, includeTies });
      for await (const _ of stream.rows()) {
        // counting only: the summary is complete once every row has been formed
      }
      return stream.summary();
    },
  });
}
