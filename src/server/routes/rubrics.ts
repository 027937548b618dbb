/** Rubric versions of an authoring project, and opening the revision of an approved one (manager). */
import { IdParams } from '../../domain/api/common.js';
import { RubricList, RubricRevision, RubricRevisionInput } from '../../domain/api/rubrics.js';
import { listRubrics, reviseRubric } from '../../services/rubrics/reviseRubric.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function rubricRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/projects/:id/rubrics', {
    config: { access: 'manager' },
    schema: {
      summary: 'The newest version of each rubric item in an authoring project',
      tags: ['rubrics'],
      params: IdParams,
      response: withErrors({ 200: RubricList }),
    },
    handler: async (request) => listRubrics(ctx, actorOfRequest(request.user!), request.params.id),
  });

  app.post('/api/projects/:id/rubric-revisions', {
    config: { access: 'manager', idempotent: true },
    schema: {
      summary: 'Revise an approved rubric: add the authoring task of its next version',
      tags: ['rubrics'],
      params: IdParams,
      body: RubricRevisionInput,
      response: withErrors({ 200: RubricRevision, 201: RubricRevision }, 409),
    },
    handler: async (request, reply) => {
      const out = await reviseRubric(ctx, actorOfRequest(request.user!), request.params.id, request.body);
      return reply.code(out.created ? 201 : 200).send(out);
    },
  });
}
