/**
 * What the server says about itself and serves beside the API: the OpenAPI document (covering every
 * route) and the built web app with its SPA fallback. Neither depends on the database, so SQLite only.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../../support/appHarness.js';

describe('OpenAPI document and web app', () => {
  let h: Harness;
  beforeAll(async () => {
    const web = mkdtempSync(join(tmpdir(), 'tutorloop-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><title>tutorloop app</title><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log("app")');
    h = await harness('sqlite::memory:', { webDir: web });
  });
  afterAll(() => h.close());

  it('documents every API route, with its security and the NDJSON bodies', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const api = h.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json');
    for (const r of api) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url}`).toBeDefined();
      // Public operations say so with an empty list (no credentials), which linters require of every operation.
      if (r.access === 'public') expect(op.security).toEqual([]);
      else expect(op.security).toEqual([{ session: [] }, { token: [] }]);
    }
    expect(Object.keys(doc.paths['/api/projects/{id}/tasks'].post.requestBody.content)).toEqual([
      'application/x-ndjson',
      'text/csv',
      'application/gzip',
    ]);
    expect(Object.keys(doc.paths['/api/projects/{id}/export'].get.responses['200'].content)).toEqual(['application/x-ndjson']);
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it('serves the built app, falls back to index.html for client routes, and 404s missing files and API routes', async () => {
    const root = await h.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('tutorloop app');
    expect(root.headers['content-security-policy']).toContain("script-src 'self'");
    const deep = await h.app.inject({ method: 'GET', url: '/projects/3/work?x=1' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('tutorloop app');
    const asset = await h.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect((await h.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    const api = await h.app.inject({ method: 'GET', url: '/api/missing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
    expect((await h.app.inject({ method: 'POST', url: '/somewhere' })).statusCode).toBe(404);
  });
});
