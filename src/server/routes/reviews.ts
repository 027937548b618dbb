/**
 * Review and adjudication: tutors flag tasks and read their feedback; reviewers certified in a
 * domain (and managers/admins) work the queue and give verdicts; the dashboard reads a summary.
 * `/api/me/feedback` lives here rather than with the other `/api/me` routes because it is review data.
 * The response schemas double as filters: a field not listed here never leaves the server.
 */
import { z } from 'zod';
import { RubricAxis } from '../../domain/projects.js';
import { decideReview, FeedbackQuery, FlagBody, flagTask, listReviewQueue, QueueQuery, reviewSummary, tutorFeedback, VerdictBody } from '../../services/index.js';
import { IdParams, withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

const Json = z.record(z.string(), z.unknown());
const Reason = z.enum(['low_confidence', 'disagreement', 'flagged']);

const Consensus = z.object({
  label: Json,
  confidence: z.number(),
  method: z.string(),
  methodVersion: z.string(),
  source: z.enum(['model', 'review']),
  annotatorCount: z.number().int(),
  reviewId: z.number().int().nullable(),
});

const ReviewItem = z
  .object({
    id: z.number().int(),
    reason: Reason,
    state: z.enum(['open', 'decided']),
    note: z.string().nullable(),
    flaggedBy: z.string().nullable().describe('pseudonymous id of the tutor who flagged'),
    annotationId: z.number().int().nullable().describe('the flagged annotation, if any'),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    reviewerId: z.number().int().nullable(),
    verdict: Json.nullable(),
    comment: z.string().nullable(),
    projectId: z.number().int(),
    projectName: z.string(),
    project: z.object({
      id: z.number().int(),
      name: z.string(),
      type: z.string(),
      instructions: z.string(),
      labels: z.array(z.string()).optional(),
      multiLabel: z.boolean(),
      rubric: z.array(RubricAxis).optional(),
    }),
    task: z.object({
      id: z.number().int(),
      externalId: z.string(),
      type: z.string(),
      domain: z.string(),
      payload: Json,
      isGold: z.boolean().optional().describe('managers and admins only'),
      gold: Json.optional().describe('only on gold tasks, and only for managers and admins: reviewers also work as tutors'),
    }),
    annotations: z.array(
      z.object({
        annotationId: z.number().int(),
        tutor: z.string().describe('pseudonymous tutor id'),
        tier: z.string(),
        response: Json,
        durationMs: z.number().int(),
        createdAt: z.string(),
        flagged: z.boolean(),
      }),
    ),
    consensus: Consensus.nullable(),
  })
  .meta({ id: 'ReviewItem' });

const VerdictResult = z.object({
  reviewId: z.number().int(),
  taskId: z.number().int(),
  decidedAt: z.string(),
  closedReviewIds: z.array(z.number().int()),
  overturned: z.boolean().nullable(),
  notified: z.number().int(),
});

const FeedbackItem = z
  .object({
    reviewId: z.number().int(),
    taskId: z.number().int(),
    projectId: z.number().int(),
    projectName: z.string(),
    type: z.string(),
    domain: z.string(),
    payload: Json,
    mine: Json.nullable().describe('the caller’s own answer; null if they flagged without answering'),
    verdict: Json,
    comment: z.string().nullable(),
    matched: z.boolean().nullable(),
    decidedAt: z.string(),
  })
  .meta({ id: 'ReviewFeedback' });

const ReasonCounts = z.object({ low_confidence: z.number().int(), disagreement: z.number().int(), flagged: z.number().int(), total: z.number().int() });
const Summary = z
  .object({
    projectId: z.number().int(),
    open: ReasonCounts,
    decided: ReasonCounts,
    medianDecisionMs: z.number().nullable(),
    verdicts: z.number().int(),
    withModelConsensus: z.number().int(),
    overturned: z.number().int(),
    overturnShare: z.number().nullable(),
  })
  .meta({ id: 'ReviewSummary' });

export function reviewRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/assignments/:id/flag', {
    // Any signed-in caller; the service lets only the assignment's owner flag it (403 otherwise).
    config: { access: 'signedIn' },
    schema: {
      summary: 'Flag a task you hold or held a lease on, for a reviewer to look at',
      tags: ['reviews'],
      params: IdParams,
      body: FlagBody,
      response: withErrors({ 200: z.object({ reviewId: z.number().int(), created: z.boolean() }), 201: z.object({ reviewId: z.number().int(), created: z.boolean() }) }),
    },
    handler: async (request, reply) => {
      const out = await flagTask(ctx, actorOfRequest(request.user!), request.params.id, request.body);
      return reply.code(out.created ? 201 : 200).send(out);
    },
  });

  app.get('/api/reviews', {
    config: { access: 'reviewer' },
    schema: {
      summary: 'The review queue: reviewers see the domains they are certified in; managers and admins see all',
      tags: ['reviews'],
      querystring: QueueQuery,
      response: withErrors({ 200: z.object({ reviews: z.array(ReviewItem), nextAfter: z.number().int().nullable() }) }),
    },
    handler: async (request) => listReviewQueue(ctx, actorOfRequest(request.user!), request.query),
  });

  app.post('/api/reviews/:id/verdict', {
    config: { access: 'reviewer' },
    schema: {
      summary: 'Decide a review: the verdict becomes the task’s consensus and each tutor is told how their answer compares',
      tags: ['reviews'],
      params: IdParams,
      body: VerdictBody,
      response: withErrors({ 200: VerdictResult }),
    },
    handler: async (request) => decideReview(ctx, actorOfRequest(request.user!), request.params.id, request.body),
  });

  app.get('/api/me/feedback', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Verdicts on tasks I annotated or flagged, with my own answer and whether it matched',
      tags: ['reviews'],
      querystring: FeedbackQuery,
      response: withErrors({ 200: z.object({ feedback: z.array(FeedbackItem), nextBefore: z.number().int().nullable() }) }),
    },
    handler: async (request) => tutorFeedback(ctx, actorOfRequest(request.user!), request.query),
  });

  app.get('/api/projects/:id/reviews/summary', {
    config: { access: 'reviewer' },
    schema: { summary: 'Review queue counts, time to decision and overturn rate of a project', tags: ['reviews'], params: IdParams, response: withErrors({ 200: Summary }) },
    handler: async (request) => reviewSummary(ctx, request.params.id, actorOfRequest(request.user!)),
  });
}
