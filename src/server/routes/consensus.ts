/** Stored consensus and per tutor × domain reliability of a project (manager+), and an on-demand batch. */
import { z } from 'zod';
import { listConsensus, listReliability, recomputeProjectConsensus } from '../../services/index.js';
import { IdParams, withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

const RecomputeSchema = z
  .object({ method: z.string(), methodVersion: z.string(), annotations: z.number().int(), tasks: z.number().int(), tutorDomains: z.number().int() })
  .meta({ id: 'ConsensusRecompute' });

const ConsensusSchema = z
  .object({
    taskId: z.number().int(),
    externalId: z.string(),
    domain: z.string(),
    label: z.record(z.string(), z.unknown()).describe("the consensus answer in the task type's response shape"),
    confidence: z.number(),
    annotatorCount: z.number().int(),
    method: z.string(),
    methodVersion: z.string(),
    source: z.enum(['model', 'review']),
    reviewId: z.number().int().nullable(),
    computedAt: z.string(),
  })
  .meta({ id: 'TaskConsensus' });

const ReliabilitySchema = z
  .object({
    userId: z.number().int(),
    name: z.string(),
    tier: z.string(),
    domain: z.string(),
    goldTotal: z.number().int(),
    goldCorrect: z.number().int(),
    modelAccuracy: z.number().nullable(),
    modelLabels: z.number().int(),
    reliability: z.number(),
    evidence: z.boolean(),
    trusted: z.boolean(),
    belowFloor: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TutorReliability' });

export function consensusRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/projects/:id/consensus/recompute', {
    config: { access: 'manager' },
    schema: {
      summary: "Recompute the project's consensus and tutor reliabilities now (batch; audited)",
      tags: ['consensus'],
      params: IdParams,
      response: withErrors({ 200: RecomputeSchema }),
    },
    handler: async (request) => recomputeProjectConsensus(ctx, request.params.id, actorOfRequest(request.user!)),
  });

  app.get('/api/projects/:id/consensus', {
    config: { access: 'manager' },
    schema: {
      summary: 'Stored consensus per task, in task id order (page with `after` = the previous `next`)',
      tags: ['consensus'],
      params: IdParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), after: z.coerce.number().int().min(0).default(0) }),
      response: withErrors({ 200: z.object({ consensus: z.array(ConsensusSchema), next: z.number().int().nullable() }) }),
    },
    handler: async (request) => listConsensus(ctx, request.params.id, request.query),
  });

  app.get('/api/projects/:id/reliability', {
    config: { access: 'manager' },
    schema: {
      summary: "Per tutor × domain reliability of the project's tutors, with what routing makes of it",
      tags: ['consensus'],
      params: IdParams,
      response: withErrors({
        200: z.object({ trustedReliability: z.number(), reliabilityFloor: z.number().nullable(), tutors: z.array(ReliabilitySchema) }),
      }),
    },
    handler: async (request) => listReliability(ctx, request.params.id),
  });
}
