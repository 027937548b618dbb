/**
 * The web app: the built SPA (dist/web) at `/`, with every non-API GET falling back to index.html
 * so client-side routes survive a reload. Without a build, `/` explains how to make one.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.js';

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>tutorloop</title></head>
<body><h1>tutorloop is running</h1>
<p>The web app has not been built yet. Run <code>npm run build</code> (or <code>npm start</code>) in the
tutorloop checkout, then reload. The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>`;

/** dist/web relative to this module: a chunk under dist/cli/ in the bundle, src/server/static.ts from source. */
export function defaultWebDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'web'), resolve(here, '../../dist/web')];
  return candidates.find((d) => existsSync(join(d, 'index.html'))) ?? candidates[candidates.length - 1];
}

export async function serveWebApp(app: FastifyInstance, webDir = defaultWebDir()): Promise<void> {
  const built = existsSync(join(webDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api';
    if (!isPage) return reply.code(404).send(errorBody(404, `no route ${request.method} ${path}`));
    if (built) {
      // Real files are served by the static plugin; a path with a file extension that got here is missing.
      if (/\.[a-z0-9]+$/i.test(path)) return reply.code(404).type('text/plain').send('not found');
      return reply.type('text/html').header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return reply
      .code(path === '/' ? 200 : 404)
      .type('text/html')
      .send(NOT_BUILT);
  });
}
