/**
 * The tutor's loop: lease the next task, submit or skip it. The task schema below lists exactly
 * what a tutor may see; the serializer drops anything else (gold, counters, other annotations).
 */
import { z } from 'zod';
import { nextAssignment, skipAssignment, submitAndNext, submitAnnotation, SubmitBody } from '../../services/index.js';
import { IdParams, NoContent, withErrors, withFastSerializer } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

const TutorTask = z
  .object({ id: z.number().int(), type: z.string(), domain: z.string(), payload: z.record(z.string(), z.unknown()) })
  .meta({ id: 'TutorTask' });

const int = (n: number): number => {
  if (!Number.isInteger(n)) throw new Error(`expected an integer id, got ${n}`);
  return n;
};


const NextLease = z.object({ assignment: z.object({ id: z.number().int(), expiresAt: z.string() }), task: TutorTask });

const nextJson = ({ assignment, task }: z.output<typeof NextLease>): string =>
  JSON.stringify({
    assignment: { id: int(assignment.id), expiresAt: String(assignment.expiresAt) },
    task: { id: int(task.id), type: String(task.type), domain: String(task.domain), payload: task.payload },
  });

const NextOk = withFastSerializer(NextLease, nextJson);

const SubmitAndNextOk = withFastSerializer(
  z.object({
    annotationId: z.number().int(),
    next: NextLease.nullable().describe('the next lease in the same project; null when nothing is left (what next answers with 204) or with nextError'),
    nextError: z
      .object({ status: z.number().int(), error: z.string() })
      .optional()
      .describe('the submit was stored but no lease was taken: 403 next refuses the caller, 500 it failed (call next)'),
  }),
  ({ annotationId, next, nextError }) =>
    `{"annotationId":${int(annotationId)},"next":${next ? nextJson(next) : 'null'}${nextError ? `,"nextError":${JSON.stringify({ status: int(nextError.status), error: String(nextError.error) })}` : ''}}`,
);

const SubmitOk = withFastSerializer(z.object({ annotationId: z.number().int() }), ({ annotationId }) =>
  JSON.stringify({ annotationId: int(annotationId) }),
);


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
      const expiresAt = typeof next.assignment.expiresAt === 'number' ? new Date(next.assignment.expiresAt).toISOString() : String(next.assignment.expiresAt);
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
      response: withErrors({ 200: SubmitOk, 201: SubmitOk }),
    },
    handler: async (request, reply) => {
      const out = await submitAnnotation(ctx, actorOfRequest(request.user!), request.params.id, request.body);
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
      response: withErrors({ 200: SubmitAndNextOk, 201: SubmitAndNextOk }),
    },
    handler: async (request, reply) => {
      const out = await submitAndNext(ctx, actorOfRequest(request.user!), request.params.id, request.body);
      return reply.code(out.replayed ? 200 : 201).send(out);
    },
  });

  app.post('/api/assignments/:id/skip', {
    config: { access: 'signedIn', idempotent: true },
    schema: { summary: 'Give a leased task back', tags: ['work'], params: IdParams, response: withErrors({ 204: NoContent }) },
    handler: async (request, reply) => {
      await skipAssignment(ctx, actorOfRequest(request.user!), request.params.id);
      return reply.code(204).send();
    },
  });
}
