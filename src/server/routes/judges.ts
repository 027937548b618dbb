/**
 * AI judges (admin), judge runs (manager) and the tiers measured side by side (manager). A run is
 * created, answered 202 and worked in the background (held by this process, taken up again by a server
 * after a crash: services/maintenance/heldWork.ts); its progress is read back with GET.
 */
import { IdParams } from '../../domain/api/common.js';
import {
  JudgeInput,
  JudgeList,
  JudgeOk,
  JudgePromptInput,
  JudgeRun,
  JudgeRunInput,
  JudgeRunList,
  TierMeasures,
} from '../../domain/api/judges.js';
import { startHeldWork } from '../../services/maintenance/heldWork.js';
import { addJudge, listAllJudges, setJudgePrompt } from '../../services/judges/admin.js';
import { measureTiers } from '../../services/judges/measure.js';
import { cancelJudgeRun, createJudgeRun, judgeRunProgress, listJudgeRuns } from '../../services/judges/runner.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function judgeRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/judges', {
    config: { access: 'admin' },
    schema: {
      summary: 'Add an AI judge: a user of tier model bound to a model endpoint, with a version-1 prompt per task type',
      tags: ['judges'],
      body: JudgeInput,
      response: withErrors({ 201: JudgeOk }),
    },
    handler: async (request, reply) => reply.code(201).send({ judge: await addJudge(ctx, actorOfRequest(request.user!), request.body) }),
  });

  app.get('/api/judges', {
    config: { access: 'admin' },
    schema: { summary: 'AI judges with their current prompt per task type', tags: ['judges'], response: withErrors({ 200: JudgeList }) },
    handler: async () => ({ judges: await listAllJudges(ctx) }),
  });

  app.put('/api/judges/:id/prompt', {
    config: { access: 'admin' },
    schema: {
      summary: "A new version of the judge's prompt for one task type (earlier versions stay, verdicts name theirs)",
      tags: ['judges'],
      params: IdParams,
      body: JudgePromptInput,
      response: withErrors({ 200: JudgeOk }),
    },
    handler: async (request) => ({ judge: await setJudgePrompt(ctx, actorOfRequest(request.user!), request.params.id, request.body) }),
  });

  app.post('/api/projects/:id/judge-runs', {
    config: { access: 'manager' },
    schema: {
      summary: "Start a judge run: the judge works the project's tasks through the routing, like a tutor",
      tags: ['judges'],
      params: IdParams,
      body: JudgeRunInput,
      response: withErrors({ 202: JudgeRun }),
    },
    handler: async (request, reply) => {
      const run = await createJudgeRun(ctx, actorOfRequest(request.user!), request.params.id, request.body);
      await startHeldWork(ctx, 'judge_runs', run.runId);
      return reply.code(202).send(run);
    },
  });

  app.get('/api/projects/:id/judge-runs', {
    config: { access: 'manager' },
    schema: {
      summary: "A project's judge runs, newest first",
      tags: ['judges'],
      params: IdParams,
      response: withErrors({ 200: JudgeRunList }),
    },
    handler: async (request) => ({ runs: await listJudgeRuns(ctx, request.params.id) }),
  });

  app.get('/api/judge-runs/:id', {
    config: { access: 'manager' },
    schema: { summary: "A judge run's progress", tags: ['judges'], params: IdParams, response: withErrors({ 200: JudgeRun }) },
    handler: async (request) => judgeRunProgress(ctx, request.params.id),
  });

  app.post('/api/judge-runs/:id/cancel', {
    config: { access: 'manager' },
    schema: {
      summary: 'Cancel a judge run (the task in hand finishes)',
      tags: ['judges'],
      params: IdParams,
      response: withErrors({ 200: JudgeRun }),
    },
    handler: async (request) => cancelJudgeRun(ctx, actorOfRequest(request.user!), request.params.id),
  });

  app.get('/api/projects/:id/tier-measures', {
    config: { access: 'manager' },
    schema: {
      summary: 'Model, generalist and specialist side by side per domain: gold accuracy, κ with the specialists, calibration, cost',
      tags: ['judges'],
      params: IdParams,
      response: withErrors({ 200: TierMeasures }),
    },
    handler: async (request) => measureTiers(ctx, request.params.id),
  });
}
