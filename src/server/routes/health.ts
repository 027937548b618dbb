/**
 * Probes for orchestrators and load balancers: `/healthz` says the process is up and serving (it
 * touches nothing else), `/readyz` that the database answers too (503 with `retry-after` while it
 * is away). Public, cheap, and outside /api so a proxy can expose them without the API.
 */
import { z } from 'zod';
import { ErrorBody } from '../../domain/api/errors.js';
import { checkDatabaseReady } from '../../services/index.js';
import type { App, RouteDeps } from '../types.js';

/** A probe that waits longer than this for the database reports it as not ready. */
const READY_TIMEOUT_MS = 2000;

const Healthy = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export function healthRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/healthz', {
    config: { access: 'public' },
    schema: { summary: 'The process is up (does not touch the database)', tags: ['health'], response: { 200: Healthy } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    config: { access: 'public' },
    schema: {
      summary: 'The database answers: 200, else 503 with retry-after',
      tags: ['health'],
      response: { 200: Healthy, 503: ErrorBody, 507: ErrorBody },
    },
    handler: async () => {
      await checkDatabaseReady(ctx, READY_TIMEOUT_MS);
      return { status: 'ok' as const };
    },
  });
}
