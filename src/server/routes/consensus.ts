/** Stored consensus and per tutor × domain reliability of a project (manager+), and an on-demand batch. */
import { ConsensusPage, ConsensusQuery, RecomputeSummary, ReliabilityList } from '../../domain/api/consensus.js';
import { IdParams } from '../../domain/api/common.js';
import { heavyRead, listConsensus, listReliability } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import { actorOfRequest, type App, type RouteDeps } from '../types.js';

export function consensusRoutes(app: App, { ctx }: RouteDeps): void {
  app.post('/api/projects/:id/consensus/recompute', {
    config: { access: 'manager' },
    schema: {
      summary: "Recompute the project's consensus and tutor reliabilities now (batch; audited)",
      tags: ['consensus'],
      params: IdParams,
      response: withErrors({ 200: RecomputeSummary }),
    },
    // Off the event loop when serving (services/offload/): the batch reads and fits every judgment.
    handler: async (request) => heavyRead(ctx, 'consensusRecompute', request.params.id, { actor: actorOfRequest(request.user!) }),
  });

  app.get('/api/projects/:id/consensus', {
    config: { access: 'manager' },
    schema: {
      summary: 'Stored consensus per task, in task id order (page with `after` = the previous `next`)',
      tags: ['consensus'],
      params: IdParams,
      querystring: ConsensusQuery,
      response: withErrors({ 200: ConsensusPage }),
    },
    handler: async (request) => listConsensus(ctx, request.params.id, request.query),
  });

  app.get('/api/projects/:id/reliability', {
    config: { access: 'manager' },
    schema: {
      summary: "Per tutor × domain reliability of the project's tutors, with what routing makes of it",
      tags: ['consensus'],
      params: IdParams,
      response: withErrors({ 200: ReliabilityList }),
    },
    handler: async (request) => listReliability(ctx, request.params.id),
  });
}
