/**
 * One error shape for every non-2xx answer: `{error: {code, message, problems?}}` (src/domain/api/errors.ts).
 * Domain errors map to their status; schema failures list every field; anything unexpected is a
 * 500 whose detail goes to the log, not to the caller.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { outageReporter, storeFailureOf } from '../services/maintenance/storeFailures.js';
import { BusyError, ConflictError, ForbiddenError, NotFoundError, UserInputError, type LineProblem } from '../domain/errors.js';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  421: 'misdirected_request',
  422: 'idempotency_key_reused',
  429: 'rate_limited',
  503: 'unavailable',
  507: 'insufficient_storage',
};

/** A typed HTTP error for conditions that belong to the web layer (no session, CSRF). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Sent as `retry-after` (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function errorBody(status: number, message: string, problems?: LineProblem[]) {
  return { error: { code: CODES[status] ?? (status >= 500 ? 'internal' : 'error'), message, ...(problems ? { problems } : {}) } };
}

function problemsOf(p: LineProblem[]) {
  return p.map((x) => ({ ...(x.line !== undefined ? { line: x.line } : {}), ...(x.field ? { field: x.field } : {}), message: x.message }));
}

export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as FastifyError).validationContext ?? 'body';
    const problems = err.validation.map((v) => ({
      field: v.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.'),
      message: v.message ?? 'invalid',
    }));
    const first = problems[0];
    const message = `${where}${first.field ? ` field ${first.field}` : ''}: ${first.message}`;
    reply.code(400).send(errorBody(400, message, problems));
    return;
  }
  if (err instanceof UserInputError) {
    reply.code(400).send(errorBody(400, err.message, problemsOf(err.problems)));
    return;
  }
  if (err instanceof NotFoundError) return void reply.code(404).send(errorBody(404, err.message));
  if (err instanceof ForbiddenError) return void reply.code(403).send(errorBody(403, err.message));
  if (err instanceof ConflictError) return void reply.code(409).send(errorBody(409, err.message));
  if (err instanceof HttpError) {
    if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
    return void reply.code(err.statusCode).send(errorBody(err.statusCode, err.message));
  }
  if (err instanceof BusyError) {
    reply.header('retry-after', String(err.retryAfterSeconds));
    return void reply.code(503).send(errorBody(503, err.message));
  }
  const status = (err as FastifyError).statusCode;
  if (status === 429) {
    reply.code(429).send(errorBody(429, 'too many sign-in attempts; wait a minute and try again'));
    return;
  }
  if (status && status >= 400 && status < 500 && !isSerializationError(err)) {
    reply.code(status).send(errorBody(status, err.message));
    return;
  }
  const failure = storeFailureOf(err);
  if (failure) {
    // The database is away or full: a clean answer the client can retry, and a line for the operator.
    sayOutage(failure, err);
    reply.code(failure.status).header('retry-after', String(failure.retryAfterSeconds)).send(errorBody(failure.status, failure.message));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  reply.code(500).send(errorBody(500, 'internal error'));
}

const sayOutage = outageReporter();

function isSerializationError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'method' in err && isResponseSerializationError(err);
}
