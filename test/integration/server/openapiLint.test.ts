/**
 * The OpenAPI document served at /api/openapi.json: `@redocly/cli lint` (built-in rules, redocly.yaml,
 * offline) finds no error, every operation has a unique operationId, and the error answers are declared
 * where they happen (413/415 on routes with a body, 409 and 429 only on the routes that give them).
 * The document is built from the route schemas, not from data, so in-memory SQLite is enough.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_TYPES } from '../../../src/domain/tasks.js';
import { operationIdOf } from '../../../src/server/openapi.js';
import { harness, type Harness } from '../../support/appHarness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  operationId?: string;
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
}
interface Document {
  servers?: { url: string }[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

function operations(doc: Document): { route: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => ({ route: `${m.toUpperCase()} ${path}`, op: item[m] as Operation })),
  );
}

describe('the OpenAPI document', () => {
  let h: Harness;
  let doc: Document;

  beforeAll(async () => {
    h = await harness('sqlite::memory:');
    doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  });
  afterAll(() => h.close());

  it('passes @redocly/cli lint with no error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tutorloop-openapi-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const { stdout } = await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/redocly'),
      ['lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', file],
      // Offline: no telemetry, no update check; exit code 1 (errors) still yields the JSON report.
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 64 * 1024 * 1024 },
    ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    const report = JSON.parse(stdout) as {
      totals: { errors: number };
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 120_000);

  it('names a server and gives every operation a unique operationId', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(40);
    const missing = ops.filter(({ op }) => !op.operationId).map(({ route }) => route);
    expect(missing, `no operationId: ${missing.join(', ')}`).toEqual([]);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('declares 413 and 415 on every operation that takes a body, and on no other', () => {
    for (const { route, op } of operations(doc)) {
      const hasBody = op.requestBody !== undefined;
      expect([route, '413' in op.responses, '415' in op.responses]).toEqual([route, hasBody, hasBody]);
    }
  });

  it('answers 413 and 415 with the error body, as declared', async () => {
    const wrongType = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/xml' },
      payload: '<hello/>',
    });
    expect([wrongType.statusCode, wrongType.json().error.code]).toEqual([415, 'unsupported_media_type']);
    const tooBig = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'x'.repeat(5 * 1024 * 1024) }),
    });
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([413, 'payload_too_large']);
  });

  it('declares 429 only on sign-in, and 409 only on writes', () => {
    const with429 = operations(doc)
      .filter(({ op }) => '429' in op.responses)
      .map(({ route }) => route);
    expect(with429).toEqual(['POST /api/session']);
    const with409 = operations(doc)
      .filter(({ op }) => '409' in op.responses)
      .map(({ route }) => route);
    expect(with409).toContain('POST /api/projects');
    expect(with409).toContain('POST /api/assignments/{id}/submit');
    expect(with409.filter((r) => r.startsWith('GET '))).toEqual([]);
  });

  it('marks public operations as needing no credentials and the rest as needing a session or a token', () => {
    const ops = Object.fromEntries(operations(doc).map(({ route, op }) => [route, op]));
    expect(ops['POST /api/session'].security).toEqual([]);
    expect(ops['GET /api/projects'].security).toEqual([{ session: [] }, { token: [] }]);
  });

  it('describes the tutor task with one schema per task type, discriminated on type, with no meta in the payload', () => {
    const schemas = (doc as unknown as { components: { schemas: Record<string, Record<string, any>> } }).components.schemas;
    const task = schemas.TutorTask;
    expect(Object.keys(task.discriminator.mapping).sort()).toEqual([...TASK_TYPES].sort());
    expect(task.oneOf).toHaveLength(TASK_TYPES.length);
    for (const [type, ref] of Object.entries(task.discriminator.mapping as Record<string, string>)) {
      const variant = schemas[ref.replace('#/components/schemas/', '')];
      expect(variant.properties.type.enum).toEqual([type]);
      const payload = schemas[variant.properties.payload.$ref.replace('#/components/schemas/', '')];
      // A payload with stages (rubric) is a union: no stage carries meta either.
      const shapes: Record<string, any>[] = payload.oneOf ?? payload.anyOf ?? [payload];
      for (const shape of shapes) expect(shape.properties.meta, `${type} payload`).toBeUndefined();
    }
    expect(schemas.PreferenceTaskPayload.required).toEqual(expect.arrayContaining(['prompt', 'responses']));
  });

  it('names each task type’s response schema for the submit body, and the export’s NDJSON line schemas', () => {
    const schemas = (doc as unknown as { components: { schemas: Record<string, Record<string, any>> } }).components.schemas;
    const submit = doc.paths['/api/assignments/{id}/submit'].post as unknown as {
      requestBody: { content: Record<string, { schema: any }> };
    };
    const refs: string[] = submit.requestBody.content['application/json'].schema.properties.response.oneOf.map(
      (r: { $ref: string }) => r.$ref,
    );
    expect(refs).toHaveLength(8);
    for (const r of refs) expect(schemas[r.replace('#/components/schemas/', '')], r).toBeDefined();
    expect(schemas.PreferenceResponseInput.required).toEqual(['choice']);
    const exported = doc.paths['/api/projects/{id}/export'].get as unknown as {
      responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
    };
    expect(exported.responses['200'].content['application/x-ndjson'].schema.$ref).toBe('#/components/schemas/ExportLine');
    const lines = schemas.ExportLine.anyOf.map((r: { $ref: string }) => r.$ref.replace('#/components/schemas/', ''));
    expect(lines).toEqual([
      'DpoLine',
      'DpoStandardLine',
      'DpoLlamaFactoryLine',
      'SftLine',
      'RatingsLine',
      'ClassificationLine',
      'StepwiseLine',
      'AnnotationsLine',
      'RubricsLine',
      'RubricGradesLine',
      'TurnRatingsLine',
    ]);
    expect(schemas.DpoLine.required).toEqual(expect.arrayContaining(['prompt', 'chosen', 'rejected', 'source_meta']));
    expect(schemas.StepwiseLine.required).toEqual(expect.arrayContaining(['prompt', 'completions', 'labels']));
    expect(schemas.DpoStandardLine.properties.chosen.type).toBe('string');
  });
});

describe('operationIdOf', () => {
  it('names an operation after its method and path, parameters as By<Name>', () => {
    expect(operationIdOf('POST', '/api/assignments/:id/submit-and-next')).toBe('postAssignmentsByIdSubmitAndNext');
    expect(operationIdOf('DELETE', '/api/users/:id/certifications/:domain')).toBe('deleteUsersByIdCertificationsByDomain');
    expect(operationIdOf('GET', '/api/projects')).toBe('getProjects');
  });
});
