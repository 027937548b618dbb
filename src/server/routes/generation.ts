/**
 * Candidate generation as an API job (manager): created, answered 202, run in the background (resumed
 * by a server after a crash: services/maintenance/heldWork.ts); progress by GET.
 */
import { IdParams } from '../../domain/api/common.js';
import { GenerationJob, GenerationJobInput, GenerationJobList } from '../../domain/api/generation.js';
import { startHeldWork } from '../../services/maintenance/heldWork.js';
import {
  cancelGenerationJob,
  createGenerationJob,
  generationProgress,
  listGenerationJobs,
  parsePrompts,
} from '../../services/models/generation.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function generationRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/projects/:id/generation-jobs', {
    config: { access: 'manager' },
    schema: {
      summary: 'Generate candidate responses with model endpoints; the responses become tasks when the job is done',
      tags: ['models'],
      params: IdParams,
      body: GenerationJobInput,
      response: withErrors({ 202: GenerationJob }),
    },
    handler: async (request, reply) => {
      const { prompts, ...options } = request.body;
      const actor = actorOfRequest(request.user!);
      const jobId = await createGenerationJob(ctx, actor, request.params.id, parsePrompts(prompts, 'prompts'), options);
      await startHeldWork(ctx, 'generation_jobs', jobId);
      return reply.code(202).send(await generationProgress(ctx, jobId));
    },
  });

  app.get('/api/projects/:id/generation-jobs', {
    config: { access: 'manager' },
    schema: {
      summary: "A project's generation jobs, newest first",
      tags: ['models'],
      params: IdParams,
      response: withErrors({ 200: GenerationJobList }),
    },
    handler: async (request) => ({ jobs: await listGenerationJobs(ctx, request.params.id) }),
  });

  app.get('/api/generation-jobs/:id', {
    config: { access: 'manager' },
    schema: { summary: "A generation job's progress", tags: ['models'], params: IdParams, response: withErrors({ 200: GenerationJob }) },
    handler: async (request) => generationProgress(ctx, request.params.id),
  });

  app.post('/api/generation-jobs/:id/cancel', {
    config: { access: 'manager' },
    schema: {
      summary: 'Cancel a generation job (calls in flight finish)',
      tags: ['models'],
      params: IdParams,
      response: withErrors({ 200: GenerationJob }),
    },
    handler: async (request) => cancelGenerationJob(ctx, actorOfRequest(request.user!), request.params.id),
  });
}
