/**
 * The tutor's loop: lease the next task, submit or skip it. The task schema (src/domain/api/work.ts)
 * lists exactly what a tutor may see; the serializers drop anything else (gold, counters, other annotations)
 * and show the task under its tutor-facing id (`tutorTaskId`: sequential ids would reveal a gold block).
 */
import type { z } from 'zod';
import { IdParams, NoContent } from '../../domain/api/common.js';
import { NextLease, SubmitAndNextResult, SubmitBody, SubmitResult } from '../../domain/api/work.js';
import { nextAssignment, skipAssignment, submitAndNext, submitAnnotation, tutorTaskId } from '../../services/index.js';
import { afterReplyOf } from '../afterReply.js';
import { withErrors, withFastSerializer } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

const int = (n: number): number => {
  if (!Number.isInteger(n)) throw new Error(`expected an integer id, got ${n}`);
  return n;
};

const nextJson = ({ assignment, task }: z.output<typeof NextLease>): string =>
  JSON.stringify({
    assignment: { id: int(assignment.id), expiresAt: String(assignment.expiresAt) },
    task: { id: tutorTaskId(int(task.id)), type: String(task.type), domain: String(task.domain), payload: task.payload },
  });

const NextOk = withFastSerializer(NextLease, nextJson);

const SubmitAndNextOk = withFastSerializer(
  SubmitAndNextResult,
  ({ annotationId, next, nextError }) =>
    `{"annotationId":${int(annotationId)},"next":${next ? nextJson(next) : 'null'}${nextError ? `,"nextError":${JSON.stringify({ status: int(nextError.status), error: String(nextError.error) })}` : ''}}`,
);

const SubmitOk = withFastSerializer(SubmitResult, ({ annotationId }) => JSON.stringify({ annotationId: int(annotationId) }));

export function workRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/projects/:id/next', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Lease the next task for the caller, or 204 when nothing is left for them',
      tags: ['work'],
      params: IdParams,
      response: withErrors({
        200: NextOk,
        204: NoContent,
      }),
    },
    handler: async (request, reply) => {
      const next = await nextAssignment(ctx, actorOfRequest(request.user!), request.params.id);
      if (!next) return reply.code(204).send();
      const expiresAt =
        typeof next.assignment.expiresAt === 'number'
          ? new Date(next.assignment.expiresAt).toISOString()
          : String(next.assignment.expiresAt);
      return { assignment: { id: next.assignment.id, expiresAt }, task: next.task };
    },
  });

  app.post('/api/assignments/:id/submit', {
    config: { access: 'signedIn', idempotent: true },
    schema: {
      summary: 'Submit the response for a leased task (200 with the original annotation when this submit was already stored)',
      tags: ['work'],
      params: IdParams,
      body: SubmitBody,
      response: withErrors({ 200: SubmitOk, 201: SubmitOk }, 409, 422),
    },
    handler: async (request, reply) => {
      const out = await submitAnnotation(ctx, actorOfRequest(request.user!), request.params.id, request.body, afterReplyOf(reply));
      return reply.code(out.replayed ? 200 : 201).send({ annotationId: out.annotationId });
    },
  });

  app.post('/api/assignments/:id/submit-and-next', {
    config: { access: 'signedIn', idempotent: true },
    schema: {
      summary: 'Submit the response for a leased task and lease the next task of the same project, in one request',
      tags: ['work'],
      params: IdParams,
      body: SubmitBody,
      response: withErrors({ 200: SubmitAndNextOk, 201: SubmitAndNextOk }, 409, 422),
    },
    handler: async (request, reply) => {
      const out = await submitAndNext(ctx, actorOfRequest(request.user!), request.params.id, request.body, afterReplyOf(reply));
      return reply.code(out.replayed ? 200 : 201).send(out);
    },
  });

  app.post('/api/assignments/:id/skip', {
    config: { access: 'signedIn', idempotent: true },
    schema: { summary: 'Give a leased task back', tags: ['work'], params: IdParams, response: withErrors({ 204: NoContent }, 409, 422) },
    handler: async (request, reply) => {
      await skipAssignment(ctx, actorOfRequest(request.user!), request.params.id);
      return reply.code(204).send();
    },
  });
}
