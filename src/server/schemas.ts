/**
 * What every route's schema shares on the server side: the error answers and the fast serializers.
 * The request and response schemas themselves live in src/domain/api/, one file per resource.
 */
import type { z } from 'zod';
import { ErrorBody } from '../domain/api/errors.js';

/**
 * Hand-written serializers for the hottest responses (the tutor's next/submit loop), keyed by the
 * zod schema they stand in for: the schema still documents the route in OpenAPI, and the function
 * writes exactly its fields, by name, so the "only listed keys leave the server" rule holds. Going
 * through zod instead (encode, clone, then JSON.stringify) cost ~4% of the server's CPU under load.
 */
const fastSerializers = new WeakMap<object, (data: unknown) => string>();

export function withFastSerializer<T extends z.ZodType>(schema: T, serialize: (data: z.output<T>) => string): T {
  fastSerializers.set(schema, serialize as (data: unknown) => string);
  return schema;
}

export function fastSerializerFor(schema: unknown): ((data: unknown) => string) | undefined {
  return typeof schema === 'object' && schema !== null ? fastSerializers.get(schema) : undefined;
}

/**
 * Adds the error answers every API route can give (400, 401, 403, 404, and 503/507 when the database is away or
 * its disk full), plus those only some routes give: 409 where a service can refuse on the current state, 422 where
 * an Idempotency-Key is accepted, 429 where a rate limit applies. 413 and 415 are added to every route with a body
 * by the app (src/server/openapi.ts), since Fastify's body parser answers them.
 */
export function withErrors<T extends Record<number, z.ZodType>>(ok: T, ...also: (409 | 422 | 429)[]) {
  const extra = Object.fromEntries(also.map((status) => [status, ErrorBody])) as Partial<Record<409 | 422 | 429, typeof ErrorBody>>;
  return { ...ok, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, ...extra, 503: ErrorBody, 507: ErrorBody };
}
