/**
 * Work a route hands on to run once its answer has gone (`AfterReply`, services/work/submitAnnotation.ts):
 * gold-only bookkeeping, so a gold submit answers after exactly the work of a real one (#12). It runs when
 * the response closes (sent, or the client went away), in the server's own async scope rather than the
 * request's, so nothing request-scoped (logs, timings) is charged with it.
 */
import { AsyncResource } from 'node:async_hooks';
import type { FastifyReply } from 'fastify';
import type { AfterReply } from '../services/index.js';

const serverScope = new AsyncResource('tutorloop.afterReply');

export function afterReplyOf(reply: FastifyReply): AfterReply {
  return (work) => {
    reply.raw.once('close', () => serverScope.runInAsyncScope(() => void work()));
  };
}
