/**
 * docs/api.md and the OpenAPI document describe the same routes: every operation (method + path) in
 * the document served at /api/openapi.json has a row in docs/api.md, and every route row in docs/api.md
 * is an operation of the document. The OpenAPI document is built from the route schemas, not from data,
 * so one database (in-memory SQLite) is enough here.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../../support/appHarness.js';

const DOCS = new URL('../../../docs/api.md', import.meta.url);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** The document's own route: hidden from itself (`schema.hide`), documented in docs/api.md. */
const DOCUMENT_ROUTE = 'GET /api/openapi.json';

/** `GET /api/projects/:id` (or `GET /healthz`) from a table row of docs/api.md that starts with a route in backticks (query strings dropped). */
function routesInDocs(markdown: string): { route: string; line: number }[] {
  const out: { route: string; line: number }[] = [];
  markdown.split('\n').forEach((text, i) => {
    const m = /^\|\s*`(GET|POST|PUT|PATCH|DELETE) (\/[^`?\s]*)/.exec(text);
    if (m) out.push({ route: `${m[1]} ${m[2]}`, line: i + 1 });
  });
  return out;
}

/** `GET /api/projects/:id` for every operation of an OpenAPI document (`{id}` written as `:id`, as the docs do). */
function routesInOpenApi(doc: { paths: Record<string, Partial<Record<string, unknown>>> }): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

describe('docs/api.md and the OpenAPI document', () => {
  let h: Harness;
  let documented: string[];
  let operations: string[];

  beforeAll(async () => {
    h = await harness('sqlite::memory:');
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    operations = [...routesInOpenApi(res.json()), DOCUMENT_ROUTE];
    documented = routesInDocs(readFileSync(DOCS, 'utf8')).map((r) => r.route);
  });
  afterAll(() => h.close());

  it('reads a plausible number of routes from both (the parsers found the tables and the paths)', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(documented.length).toBeGreaterThan(40);
  });

  it('documents every operation of the OpenAPI document in docs/api.md', () => {
    const missing = operations.filter((r) => !documented.includes(r));
    expect(missing, `in the OpenAPI document but not in docs/api.md: ${missing.join(', ')}`).toEqual([]);
  });

  it('lists no route in docs/api.md that the OpenAPI document lacks', () => {
    const stale = documented.filter((r) => !operations.includes(r));
    expect(stale, `in docs/api.md but not in the OpenAPI document: ${stale.join(', ')}`).toEqual([]);
  });

  it('documents each route once', () => {
    const twice = documented.filter((r, i) => documented.indexOf(r) !== i);
    expect(twice, `documented more than once in docs/api.md: ${twice.join(', ')}`).toEqual([]);
  });
});

describe('the route parsers', () => {
  it('read a docs table row, dropping the query string, and skip prose', () => {
    const md = [
      '| route | who |',
      '|---|---|',
      '| `GET /api/reviews?projectId=&state=open` | reviewer |',
      'see `GET /api/me` in prose',
      '| `DELETE /api/tokens/:id` | owner |',
    ].join('\n');
    expect(routesInDocs(md)).toEqual([
      { route: 'GET /api/reviews', line: 3 },
      { route: 'DELETE /api/tokens/:id', line: 5 },
    ]);
  });

  it('read every method of every OpenAPI path, with path parameters as :name', () => {
    const doc = {
      paths: { '/api/users/{id}/certifications/{domain}': { delete: {}, parameters: [] }, '/api/tokens': { get: {}, post: {} } },
    };
    expect(routesInOpenApi(doc).sort()).toEqual(['DELETE /api/users/:id/certifications/:domain', 'GET /api/tokens', 'POST /api/tokens']);
  });
});
