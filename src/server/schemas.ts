/**
 * Response shapes shared by several routes. Request bodies come from src/domain where a schema
 * exists; these describe what the server sends back, and double as a filter: the zod serializer
 * drops any key not listed here, so a field added to a record never leaks by accident.
 */
import { z } from 'zod';
import { ErrorBody } from './errors.js';
import { PayModel, Role, Tier } from '../domain/users.js';

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

export const Id = z.coerce.number().int().positive();
export const IdParams = z.object({ id: Id });

export const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: Role,
    tier: Tier,
    domains: z.array(z.string()),
    payModel: PayModel,
    payRate: z.number().int(),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });

export const CertificationSchema = z
  .object({
    domain: z.string(),
    level: z.number().int(),
    source: z.enum(['granted', 'exam']),
    grantedAt: z.string(),
  })
  .meta({ id: 'Certification' });

export const NoContent = z.undefined().describe('no content');

/** Adds the error answers every API route can give, so the OpenAPI document lists them (503/507: the database is away or full). */
export function withErrors<T extends Record<number, z.ZodType>>(ok: T) {
  return { ...ok, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody, 503: ErrorBody, 507: ErrorBody };
}
