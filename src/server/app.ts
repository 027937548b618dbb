/**
 * The Fastify app: a thin face over the services. `buildApp` takes a ServiceContext (tests pass
 * one over a fresh database and call `app.inject()`); it holds no state of its own, so several
 * instances can run behind one PostgreSQL.
 */
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { installAuth } from './auth/hook.js';
import { FailedSignIns } from './auth/failedSignIns.js';
import { sharedRateLimitStore } from './auth/sharedRateLimitStore.js';
import { errorHandler } from './errors.js';
import { installIdempotency } from './idempotency.js';
import { fastSerializerFor } from './schemas.js';
import { installHostCheck } from './hostCheck.js';
import { documentRoute, openApiHeader } from './openapi.js';
import { addSecurityHeaders } from './security.js';
import { serveWebApp } from './static.js';
import type { App, RouteInfo, ServerOptions } from './types.js';
import { sessionRoutes } from './routes/session.js';
import { tokenRoutes } from './routes/tokens.js';
import { userRoutes } from './routes/users.js';
import { projectRoutes } from './routes/projects.js';
import { taskRoutes } from './routes/tasks.js';
import { workRoutes } from './routes/work.js';
import { exportRoutes } from './routes/export.js';
import { auditRoutes } from './routes/audit.js';
import { taskBrowserRoutes } from './routes/taskBrowser.js';
import { dashboardRoutes } from './routes/dashboards.js';
import { reviewRoutes } from './routes/reviews.js';
import { examRoutes } from './routes/exams.js';
import { practiceRoutes } from './routes/practice.js';
import { meRoutes } from './routes/me.js';
import { consensusRoutes } from './routes/consensus.js';
import { modelRoutes } from './routes/models.js';
import { judgeRoutes } from './routes/judges.js';
import { generationRoutes } from './routes/generation.js';
import { liveRoutes } from './routes/live.js';
import { rubricRoutes } from './routes/rubrics.js';
import { openApiRoute } from './routes/openapi.js';
import { healthRoutes } from './routes/health.js';
import { webhookRoutes } from './routes/webhooks.js';
import { ssoRoutes } from './routes/sso.js';

export type { App, ServerOptions } from './types.js';

export async function buildApp(options: ServerOptions): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    // Imports stream their own bodies; JSON bodies (a long rewrite, a big project config) stay small.
    bodyLimit: 4 * 1024 * 1024,
    // A client that trickles a request cannot hold a connection open for ever (imports also time out when idle).
    requestTimeout: options.requestTimeoutMs ?? 10 * 60_000,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(
    (route) => fastSerializerFor(route.schema) ?? serializerCompiler(route as Parameters<typeof serializerCompiler>[0]),
  );
  app.setErrorHandler(errorHandler);

  const table: RouteInfo[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (r.url.startsWith('/api/') && r.config?.access === undefined) {
        throw new Error(`route ${method} ${r.url} declares no access level`);
      }
      table.push({ method, url: r.url, access: r.config?.access ?? 'public' });
      documentRoute(r, method, r.config?.access);
    }
  });

  // NDJSON bodies (task imports) reach the route as the raw stream, so a large file is never buffered whole.
  // Import bodies are streamed to the importer as they arrive (routes/tasks.ts), never buffered here.
  for (const type of ['application/x-ndjson', 'text/csv', 'application/gzip'])
    app.addContentTypeParser(type, (_req, payload, done) => done(null, payload));

  await app.register(cookie);
  await app.register(rateLimit, { global: false, hook: 'preHandler', store: sharedRateLimitStore(options.ctx) });
  await app.register(swagger, {
    openapi: openApiHeader,
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  installHostCheck(app, options.publicUrl);
  installAuth(app, options.ctx, options.allowedOrigins);
  installIdempotency(app, options.ctx);
  options.ctx.reportError ??= (error, context) => app.log.error({ err: error }, context);
  addSecurityHeaders(app);

  const deps = {
    ctx: options.ctx,
    loginRateLimit: options.loginRateLimit ?? 10,
    failedSignIns: new FailedSignIns(options.ctx, options.failedSignInLimit),
    imports: options.imports,
  };
  await app.register(async (api) => {
    sessionRoutes(api as App, deps);
    tokenRoutes(api as App, deps);
    userRoutes(api as App, deps);
    projectRoutes(api as App, deps);
    taskRoutes(api as App, deps);
    taskBrowserRoutes(api as App, deps);
    workRoutes(api as App, deps);
    exportRoutes(api as App, deps);
    auditRoutes(api as App, deps);
    dashboardRoutes(api as App, deps);
    reviewRoutes(api as App, deps);
    examRoutes(api as App, deps);
    practiceRoutes(api as App, deps);
    meRoutes(api as App, deps);
    consensusRoutes(api as App, deps);
    modelRoutes(api as App, deps);
    judgeRoutes(api as App, deps);
    generationRoutes(api as App, deps);
    liveRoutes(api as App, deps);
    rubricRoutes(api as App, deps);
    openApiRoute(api as App);
    healthRoutes(api as App, deps);
    webhookRoutes(api as App, deps);
    ssoRoutes(api as App, deps);
  });

  await serveWebApp(app, options.webDir);
  return app;
}
