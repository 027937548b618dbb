/**
 * What the OpenAPI document says beyond each route's own schema: the document's header (servers,
 * licence, security schemes) and, per route, its operationId, its security and the body errors that
 * Fastify's parser answers before the handler runs. Served at /api/openapi.json (routes/openapi.ts).
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { ErrorBody } from '../domain/api/errors.js';

export const openApiHeader: FastifyDynamicSwaggerOptions['openapi'] = {
  openapi: '3.0.3',
  info: {
    title: 'tutorloop',
    description: 'Human feedback for training AI models (docs/api.md)',
    version: '1.0.0',
    license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
  },
  // Relative: the document is served by the API it describes, so its own origin is the server.
  servers: [{ url: '/', description: 'the server that serves this document' }],
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: 'tl_session' },
      token: { type: 'http', scheme: 'bearer' },
    },
  },
};

/**
 * `POST /api/projects/:id/next` → `postProjectsByIdNext`: unique because method and path are, and
 * stable, so generated clients keep their names. A route may set `schema.operationId` itself.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => (segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split(/[-_.]/)));
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

type Access = string | undefined;

/** Completes one API route's schema for the document (called from the app's onRoute hook). */
export function documentRoute(route: RouteOptions, method: string, access: Access): void {
  const schema = route.schema as Record<string, unknown> | undefined;
  // The API and the health probes (/healthz, /readyz) are documented; the web app's routes have no schema.
  if (!schema || schema.hide) return;
  schema.operationId ??= operationIdOf(method, route.url);
  // Public routes say so (an empty list); the others take a session cookie or a bearer token.
  schema.security = access === 'public' ? [] : [{ session: [] }, { token: [] }];
  if (schema.body !== undefined && typeof schema.response === 'object' && schema.response !== null) {
    // Fastify's body parser refuses a body over the route's limit (413) or of a type it cannot read (415).
    schema.response = { ...schema.response, 413: ErrorBody, 415: ErrorBody };
  }
}
