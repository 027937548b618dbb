/**
 * Exports stream as NDJSON, line by line, so a large project never sits in memory. What the export left
 * out is sent as the HTTP trailer `X-Export-Summary` (JSON) and, for clients that ignore trailers, by
 * `GET …/export/summary` with the same query. No metadata line is added to the data: `load_dataset` reads it as-is.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { IdParams } from '../../domain/api/common.js';
import { ExportQuery, ExportSummary } from '../../domain/api/export.js';
import { ExportLine } from '../../domain/api/exportLines.js';
import { exportProject, heavyRead } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

const CHUNK = 64 * 1024;
/** The longest an export keeps the event loop to itself between two turns (other requests wait that long at most). */
const TURN_MS = 10;

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
      const { format, style, includeTies, margin } = request.query;
      // A stale consensus batch runs off the event loop (the export would otherwise run it inline).
      if (format !== 'sft') await heavyRead(ctx, 'consensusRefresh', request.params.id);
      const stream = await exportProject(ctx, request.params.id, format, { style, includeTies, margin });
      // Pull the first run before answering, so an error (unknown project) still becomes a proper 4xx.
      const it = stream.chunks()[Symbol.asyncIterator]();
      const first = await it.next();
      // The first run alone (first byte at once), then chunks of ~CHUNK characters: one stream write per
      // chunk, not per line, so the socket's backpressure is honoured at a fraction of the cost. Runs of
      // bytes (from the export workers, parallelLines.ts) are already that size and pass as they are.
      async function* body() {
        if (first.done) return;
        yield first.value;
        let chunk = '';
        let lastTurn = performance.now();
        for (let r = await it.next(); !r.done; r = await it.next()) {
          if (typeof r.value !== 'string') {
            if (chunk) yield chunk;
            chunk = '';
            yield r.value;
            continue;
          }
          chunk += r.value;
          if (chunk.length >= CHUNK) {
            yield chunk;
            chunk = '';
            // The rows come from synchronous SQLite reads, so every await above settles as a microtask and a
            // fast reader never lets the stream wait: without a turn of the event loop, an export starved every
            // other request (tutors' next p99 10 s while one ran, bench:scale, session 6). One turn per ~10 ms.
            if (performance.now() - lastTurn > TURN_MS) {
              await new Promise((resolve) => setImmediate(resolve));
              lastTurn = performance.now();
            }
          }
        }
        if (chunk) yield chunk;
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
      const { format, style, includeTies, margin } = request.query;
      // Counting forms the rows (dpo, classification…): off the event loop when serving.
      return heavyRead(ctx, 'exportSummary', request.params.id, { format, style, includeTies, margin });
    },
  });
}
