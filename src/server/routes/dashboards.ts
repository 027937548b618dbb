/**
 * Manager dashboards: a project's quality (agreement with intervals, gold accuracy per tutor,
 * stored consensus) and its economics (cost rollups, cost per quality-adjusted label, specialists vs
 * generalists). Manager and above; tutors and reviewers get 403. The schemas (src/domain/api/) are the
 * contract and the filter: only the keys listed there leave the server.
 */
import { IdParams } from '../../domain/api/common.js';
import { ProjectQualitySchema } from '../../domain/api/dashboards.js';
import { ProjectEconomicsSchema } from '../../domain/api/economics.js';
import { heavyRead } from '../../services/index.js';
import { withErrors } from '../schemas.js';
import type { App, RouteDeps } from '../types.js';

export function dashboardRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/projects/:id/quality', {
    config: { access: 'manager' },
    schema: {
      summary: "Agreement (Krippendorff's α, Fleiss' κ) per project and domain, gold accuracy per tutor, consensus summary",
      tags: ['dashboards'],
      params: IdParams,
      response: withErrors({ 200: ProjectQualitySchema }),
    },
    handler: async (request) => heavyRead(ctx, 'quality', request.params.id),
  });

  app.get('/api/projects/:id/economics', {
    config: { access: 'manager' },
    schema: {
      summary: 'Cost per tier, domain and tutor, cost per quality-adjusted label, specialists vs generalists with intervals and verdicts',
      tags: ['dashboards'],
      params: IdParams,
      response: withErrors({ 200: ProjectEconomicsSchema }),
    },
    handler: async (request) => heavyRead(ctx, 'economics', request.params.id),
  });
}
