/**
 * The import route takes the foreign formats too (docs/imports.md): a CSV body with a column map, a
 * gzipped JSON-lines body, the format detected and said in X-Import-Format; a named format in the query.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, signIn, type Harness } from '../../support/appHarness.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'imports');

describe.each(testDatabases())('POST /api/projects/:id/tasks in other formats on $name', ({ freshUrl }) => {
  let h: Harness;
  let cookie: string;
  const post = (url: string, payload: string | Buffer, type: string) =>
    h.app.inject({ method: 'POST', url, payload, headers: { 'content-type': type }, cookies: { tl_session: cookie } });
  const project = async (body: Record<string, unknown>) => {
    const r = await h.app.inject({ method: 'POST', url: '/api/projects', payload: body, cookies: { tl_session: cookie } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().project.id as number;
  };

  beforeAll(async () => {
    h = await harness(await freshUrl());
    cookie = await signIn(h, await addUser(h, { email: 'manager@example.org', role: 'manager' }));
  });
  afterAll(async () => h?.close());

  it('reads CSV with ?columns=, says the detected format, and names a bad column map as a 400', async () => {
    const id = await project({ name: 'csv', type: 'rating', domains: ['general'], rubric: [{ name: 'helpful', scale: 5 }] });
    const csv = readFileSync(join(FIXTURES, 'questions.csv'));
    const ok = await post(`/api/projects/${id}/tasks?columns=id=qid,prompt=question,response=answer,domain=area`, csv, 'text/csv');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ imported: 2, skipped: 0 });
    expect(ok.headers['x-import-format']).toBe('csv; detected');
    const bad = await post(`/api/projects/${id}/tasks?columns=prompt`, csv, 'text/csv');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0]).toMatchObject({ field: 'columns' });
  });

  it('reads a gzipped TRL file, and a named format with ?format=', async () => {
    const id = await project({ name: 'trl', type: 'preference', domains: ['general'] });
    const gz = await post(`/api/projects/${id}/tasks`, readFileSync(join(FIXTURES, 'trl-standard.jsonl.gz')), 'application/gzip');
    expect(gz.statusCode, gz.body).toBe(200);
    expect(gz.json()).toEqual({ imported: 2, skipped: 0 });
    expect(gz.headers['x-import-format']).toBe('trl; detected');
    const named = await post(
      `/api/projects/${id}/tasks?format=trl`,
      readFileSync(join(FIXTURES, 'trl-conversational.jsonl')),
      'application/x-ndjson',
    );
    expect(named.json()).toEqual({ imported: 2, skipped: 0 });
    expect(named.headers['x-import-format']).toBe('trl');
    const wrong = await post(`/api/projects/${id}/tasks?format=nope`, '{}', 'application/x-ndjson');
    expect(wrong.statusCode).toBe(400);
  });
});
