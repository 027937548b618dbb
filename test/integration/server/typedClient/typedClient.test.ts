/**
 * A client generated from the OpenAPI document works: the types openapi-typescript makes of it
 * (api.d.ts, checked here to be current) drive openapi-fetch against a real server on a loopback port
 * over SQLite, through sign-in → create project → import → next → submit → export, with no other HTTP
 * code. The project's `tsc` type-checks this file against those types, so a route whose schema lies
 * about what it takes or answers breaks either the types or the run.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient, { type Client } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../../src/server/app.js';
import { serviceContext } from '../../../../src/services/context.js';
import { createUser } from '../../../../src/services/users/index.js';
import { openStore, type Store } from '../../../../src/store/database.js';
import { API_TYPES_FILE, apiTypesText, openApiDocument } from '../../../support/apiTypes.js';
import type { paths } from './api.js';

const PASSWORD = 'correct horse battery';
const TASKS = [
  {
    id: 'capital-1',
    type: 'preference',
    domain: 'general',
    prompt: 'Capital of France?',
    responses: [
      { id: 'a', text: 'Paris.' },
      { id: 'b', text: 'Lyon.' },
    ],
  },
];

/** Signs in with openapi-fetch and returns a client that sends the session cookie. */
async function signedInClient(baseUrl: string, email: string): Promise<Client<paths>> {
  const anonymous = createClient<paths>({ baseUrl });
  const { data, error, response } = await anonymous.POST('/api/session', { body: { email, password: PASSWORD } });
  expect(error).toBeUndefined();
  expect(data?.user.email).toBe(email);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('tl_session='));
  expect(cookie).toBeDefined();
  return createClient<paths>({ baseUrl, headers: { cookie: cookie!.split(';')[0] } });
}

describe('a client generated from the OpenAPI document', () => {
  let store: Store;
  let app: App;
  let baseUrl: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tutorloop-typed-client-'));
    store = await openStore(`sqlite:${join(dir, 'tutorloop.db')}`);
    const ctx = serviceContext(store);
    // The first admin comes from the CLI (`tutorloop init`/`user create`), as on a fresh install.
    await createUser(ctx, null, { email: 'admin@example.org', name: 'Admin', role: 'admin', password: PASSWORD });
    app = await buildApp({ ctx, webDir: dir });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('uses types that match the document the server serves now (else run `npm run api:types`)', async () => {
    const current = await apiTypesText(await openApiDocument());
    expect(current === readFileSync(API_TYPES_FILE, 'utf8'), 'api.d.ts is stale: run `npm run api:types`').toBe(true);
  });

  it('signs in, creates a project, imports, leases, submits and exports', async () => {
    const admin = await signedInClient(baseUrl, 'admin@example.org');

    const tutorCreated = await admin.POST('/api/users', {
      body: { email: 'tutor@example.org', name: 'Tutor', role: 'tutor', tier: 'generalist', domains: ['general'], password: PASSWORD },
    });
    expect(tutorCreated.response.status).toBe(201);

    const created = await admin.POST('/api/projects', { body: { name: 'Capitals', type: 'preference', domains: ['general'], overlap: 1 } });
    expect(created.error).toBeUndefined();
    const projectId = created.data!.project.id;

    const imported = await admin.POST('/api/projects/{id}/tasks', {
      params: { path: { id: projectId }, query: { format: 'tutorloop' } },
      body: TASKS.map((t) => JSON.stringify(t)).join('\n'),
      bodySerializer: (body) => body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(imported.error).toBeUndefined();
    expect(imported.data).toEqual({ imported: 1, skipped: 0 });

    const tutor = await signedInClient(baseUrl, 'tutor@example.org');
    const next = await tutor.POST('/api/projects/{id}/next', { params: { path: { id: projectId } } });
    expect(next.response.status).toBe(200);
    const task = next.data!.task;
    // The task is typed per task type: narrowing on `type` gives the preference payload.
    if (task.type !== 'preference') throw new Error(`expected a preference task, got ${task.type}`);
    expect(task.payload.prompt).toBe('Capital of France?');
    const paris = task.payload.responses.find((r) => r.text === 'Paris.')!;

    const submitted = await tutor.POST('/api/assignments/{id}/submit', {
      params: { path: { id: next.data!.assignment.id } },
      body: { response: { choice: paris.id, strength: 3 }, durationMs: 4_000 },
    });
    expect(submitted.response.status).toBe(201);
    expect(submitted.data?.annotationId).toEqual(expect.any(Number));

    const none = await tutor.POST('/api/projects/{id}/next', { params: { path: { id: projectId } } });
    expect(none.response.status).toBe(204);

    const exported = await admin.GET('/api/projects/{id}/export', {
      params: { path: { id: projectId }, query: { format: 'dpo' } },
      parseAs: 'text',
    });
    expect(exported.response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = String(exported.data)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prompt: unknown[]; chosen: { content: string }[]; rejected: { content: string }[] });
    const pairs = lines.filter((l) => 'chosen' in l);
    expect(pairs).toHaveLength(1);
    expect(pairs[0].chosen[0].content).toBe('Paris.');
    expect(pairs[0].rejected[0].content).toBe('Lyon.');
  });

  it('reports a refusal as the typed error body', async () => {
    const anonymous = createClient<paths>({ baseUrl });
    const { error, response } = await anonymous.GET('/api/projects');
    expect(response.status).toBe(401);
    expect(error?.error.code).toBe('unauthorized');
  });
});
