/**
 * Review and adjudication: tutors flag tasks and read their feedback; reviewers certified in a
 * domain (and managers/admins) work the queue and give verdicts; the dashboard reads a summary.
 * `/api/me/feedback` lives here rather than with the other `/api/me` routes because it is review data.
 * The response schemas (src/domain/api/reviews.ts) double as filters: a field not listed there never leaves the server.
 */
import { IdParams } from '../../domain/api/common.js';
import {
  FeedbackPage,
  FeedbackQuery,
  FlagBody,
  FlagResult,
  QueuePage,
  QueueQuery,
  ReviewSummary,
  VerdictBody,
  VerdictResult,
} from '../../domain/api/reviews.js';
import { decideReview, flagTask, listReviewQueue, reviewSummary, tutorFeedback } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function reviewRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/assignments/:id/flag', {
    // Any signed-in caller; the service lets only the assignment's owner flag it (403 otherwise).
    config: { access: 'signedIn', idempotent: true },
    schema: {
      summary: 'Flag a task you hold or held a lease on, for a reviewer to look at',
      tags: ['reviews'],
      params: IdParams,
      body: FlagBody,
      response: withErrors({ 200: FlagResult, 201: FlagResult }, 422),
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
      response: withErrors({ 200: QueuePage }),
    },
    handler: async (request) => listReviewQueue(ctx, actorOfRequest(request.user!), request.query),
  });

  app.post('/api/reviews/:id/verdict', {
    config: { access: 'reviewer', idempotent: true },
    schema: {
      summary: 'Decide a review: the verdict becomes the task’s consensus and each tutor is told how their answer compares',
      tags: ['reviews'],
      params: IdParams,
      body: VerdictBody,
      response: withErrors({ 200: VerdictResult }, 409, 422),
    },
    handler: async (request) => decideReview(ctx, actorOfRequest(request.user!), request.params.id, request.body),
  });

  app.get('/api/me/feedback', {
    config: { access: 'signedIn' },
    schema: {
      summary: 'Verdicts on tasks I annotated or flagged, with my own answer and whether it matched',
      tags: ['reviews'],
      querystring: FeedbackQuery,
      response: withErrors({ 200: FeedbackPage }),
    },
    handler: async (request) => tutorFeedback(ctx, actorOfRequest(request.user!), request.query),
  });

  app.get('/api/projects/:id/reviews/summary', {
    config: { access: 'reviewer' },
    schema: {
      summary: 'Review queue counts, time to decision and overturn rate of a project',
      tags: ['reviews'],
      params: IdParams,
      response: withErrors({ 200: ReviewSummary }),
    },
    handler: async (request) => reviewSummary(ctx, request.params.id, actorOfRequest(request.user!)),
  });
}
