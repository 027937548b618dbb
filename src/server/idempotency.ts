/**
 * `Idempotency-Key` on writes. A client that lost the answer to a write (a reset connection, a 503
 * mid-flight) cannot know whether it happened; it retries with the same key and gets the first
 * answer back (`idempotent-replayed: true`) instead of doing the write twice. Keys are scoped to the
 * signed-in user, kept for a day, and bound to the request: the same key with another method, path
 * or body is a 422. Routes opt in with `config: { idempotent: true }`.
 *
 * The answer is stored after the write commits and before it is sent, so every answer a client saw
 * can be replayed. A crash between the two leaves no stored answer: the retry runs the write again,
 * and the opted-in writes are safe to repeat (a stored submit replays its annotation, skip and flag
 * of a used assignment answer as before, a decided review is refused).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../services/context.js';
import { findIdempotentAnswer, keepIdempotentAnswer } from '../services/idempotency/storedAnswers.js';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accept an Idempotency-Key on this write. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: { key: string; requestHash: string } | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

export function installIdempotency(app: FastifyInstance, ctx: ServiceContext): void {
  app.decorateRequest('idempotency', null);

  // After auth and body validation: a replay needs the user, and a malformed retry is still a 400.
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key === undefined || !request.routeOptions.config?.idempotent || !request.user) return;
    if (typeof key !== 'string' || !KEY_SHAPE.test(key)) {
      throw new HttpError(400, 'Idempotency-Key must be 1–200 visible ASCII characters');
    }
    const requestHash = hashOf(request);
    const stored = await findIdempotentAnswer(ctx, request.user.id, key);
    if (!stored) {
      request.idempotency = { key, requestHash };
      return;
    }
    if (stored.requestHash !== requestHash) {
      throw new HttpError(422, `Idempotency-Key "${key}" was already used for a different request; send a new key with a new request`);
    }
    reply.code(stored.status).header('idempotent-replayed', 'true');
    if (stored.body === '') return reply.send();
    return reply.type('application/json; charset=utf-8').send(stored.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = request.idempotency;
    if (!pending || reply.statusCode < 200 || reply.statusCode >= 300 || !request.user) return payload;
    const body = typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : null;
    if (body === null) return payload; // a stream or buffer: not a JSON answer we can replay
    try {
      await keepIdempotentAnswer(ctx, request.user.id, pending.key, { requestHash: pending.requestHash, status: reply.statusCode, body });
    } catch (error) {
      // The write itself is done: answer it. A retry without a stored answer repeats a write that is safe to repeat.
      ctx.reportError?.(error, `storing the answer for Idempotency-Key ${pending.key}`);
    }
    return payload;
  });
}

function hashOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}
