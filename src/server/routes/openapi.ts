/** The OpenAPI document, generated from the route schemas by @fastify/swagger. */
import type { App } from '../types.js';

export function openApiRoute(app: App): void {
  app.get('/api/openapi.json', {
    config: { access: 'public' },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
}
