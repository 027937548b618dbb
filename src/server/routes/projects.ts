/**
 * Projects. Managers see every project with stats; tutors and reviewers see only the projects
 * open to them, in the tutor view (no stats, no gold), and a project they are not admitted to
 * answers 404 as if it did not exist.
 */
import { IdParams } from '../../domain/api/common.js';
import { ProjectInput, ProjectList, ProjectOk, ProjectPatch, ProjectStatsSchema } from '../../domain/api/projects.js';
import { createProject, heavyRead, listProjectsForCaller, projectForCaller, updateProject } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function projectRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/projects', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Projects: every one with stats for managers; those open to the caller, with tasks available, for others',
      tags: ['projects'],
      response: withErrors({ 200: ProjectList }),
    },
    handler: async (request) => ({ projects: await listProjectsForCaller(ctx, actorOfRequest(request.user!)) }),
  });

  app.post('/api/projects', {
    config: { access: 'manager' },
    schema: { summary: 'Create a project', tags: ['projects'], body: ProjectInput, response: withErrors({ 201: ProjectOk }, 409) },
    handler: async (request, reply) => {
      const project = await createProject(ctx, actorOfRequest(request.user!), request.body);
      return reply.code(201).send({ project });
    },
  });

  app.get('/api/projects/:id', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'One project (tutor view for non-managers)',
      tags: ['projects'],
      params: IdParams,
      response: withErrors({ 200: ProjectOk }),
    },
    handler: async (request) => ({ project: await projectForCaller(ctx, actorOfRequest(request.user!), request.params.id) }),
  });

  app.patch('/api/projects/:id', {
    config: { access: 'manager' },
    schema: {
      summary: 'Change a project',
      tags: ['projects'],
      params: IdParams,
      body: ProjectPatch,
      response: withErrors({ 200: ProjectOk }, 409),
    },
    handler: async (request) => ({ project: await updateProject(ctx, actorOfRequest(request.user!), request.params.id, request.body) }),
  });

  app.get('/api/projects/:id/stats', {
    config: { access: 'manager' },
    schema: {
      summary: 'Progress and throughput of a project',
      tags: ['projects'],
      params: IdParams,
      response: withErrors({ 200: ProjectStatsSchema }),
    },
    handler: async (request) => heavyRead(ctx, 'stats', request.params.id),
  });
}
