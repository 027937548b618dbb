/**
 * Every route × every role (and anonymous) → the expected status. The route list comes from the
 * app's own route table, so adding a route without adding its row here fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from './helpers.js';
import { createProject, grantCertification, importTasks, nextAssignment } from '../../../src/services/index.js';
import { createApiToken } from '../../../src/services/auth/index.js';

const WHO = ['anonymous', 'tutor', 'reviewer', 'manager', 'admin'] as const;
type Who = (typeof WHO)[number];
type Role = Exclude<Who, 'anonymous'>;

interface Req {
  method: string;
  url: string;
  payload?: string | object;
  headers?: Record<string, string>;
  /** Use this session instead of the caller's usual one (for sign-out). */
  cookie?: string;
}

interface World {
  h: Harness;
  people: Record<Role, Person>;
  other: Person;
  cookies: Record<Role, string>;
  projectId: number;
  n: number;
}

/** [route key, request for a caller, expected status per caller]. */
type Row = [string, (w: World, who: Who) => Promise<Req> | Req, Record<Who, number>];

const all = (s: number): Record<Who, number> => ({ anonymous: s, tutor: s, reviewer: s, manager: s, admin: s });
const signedIn = (s: number) => ({ ...all(s), anonymous: 401 });
const managerPlus = (s: number) => ({ anonymous: 401, tutor: 403, reviewer: 403, manager: s, admin: s });
const adminOnly = (s: number) => ({ anonymous: 401, tutor: 403, reviewer: 403, manager: 403, admin: s });
const uniq = (w: World) => ++w.n;
const taskLine = (id: string) => JSON.stringify({ id, type: 'label', domain: 'medicine', text: `item ${id}` });

const ROWS: Row[] = [
  [
    'POST /api/session',
    // Signing in ends the browser's current session, so callers sign in over a throwaway one.
    async (w, who) => ({
      method: 'POST',
      url: '/api/session',
      payload: { email: w.other.user.email, password: w.other.password },
      cookie: who === 'anonymous' ? undefined : await signIn(w.h, w.people[who]),
    }),
    all(200),
  ],
  [
    'DELETE /api/session',
    async (w, who) => ({ method: 'DELETE', url: '/api/session', cookie: who === 'anonymous' ? undefined : await signIn(w.h, w.people[who]) }),
    signedIn(204),
  ],
  ['GET /api/me', () => ({ method: 'GET', url: '/api/me' }), signedIn(200)],
  ['POST /api/tokens', () => ({ method: 'POST', url: '/api/tokens', payload: { name: 'script' } }), signedIn(201)],
  ['GET /api/tokens', () => ({ method: 'GET', url: '/api/tokens' }), signedIn(200)],
  [
    'DELETE /api/tokens/:id',
    async (w, who) => {
      const owner = who === 'anonymous' ? w.other : w.people[who];
      const { record } = await createApiToken(w.h.ctx, asActor(owner), 'to revoke');
      return { method: 'DELETE', url: `/api/tokens/${record.id}` };
    },
    signedIn(204),
  ],
  ['GET /api/users', () => ({ method: 'GET', url: '/api/users' }), managerPlus(200)],
  [
    'POST /api/users',
    (w) => ({ method: 'POST', url: '/api/users', payload: { email: `new${uniq(w)}@example.org`, name: 'New', role: 'tutor', tier: 'generalist', domains: [], password: 'long enough pw' } }),
    adminOnly(201),
  ],
  ['PATCH /api/users/:id', (w) => ({ method: 'PATCH', url: `/api/users/${w.other.user.id}`, payload: { name: `Renamed ${uniq(w)}` } }), adminOnly(200)],
  [
    'POST /api/users/:id/certifications',
    (w) => ({ method: 'POST', url: `/api/users/${w.other.user.id}/certifications`, payload: { domain: `area${uniq(w)}`, level: 2 } }),
    managerPlus(201),
  ],
  [
    'DELETE /api/users/:id/certifications/:domain',
    async (w) => {
      const domain = `gone${uniq(w)}`;
      await grantCertification(w.h.ctx, asActor(w.people.admin), w.other.user.id, { domain });
      return { method: 'DELETE', url: `/api/users/${w.other.user.id}/certifications/${domain}`, payload: { reason: 'test' } };
    },
    managerPlus(204),
  ],
  ['GET /api/projects', () => ({ method: 'GET', url: '/api/projects' }), signedIn(200)],
  [
    'POST /api/projects',
    (w) => ({ method: 'POST', url: '/api/projects', payload: { name: `Project ${uniq(w)}`, type: 'demonstration', domains: ['code'] } }),
    managerPlus(201),
  ],
  ['GET /api/projects/:id', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}` }), signedIn(200)],
  ['PATCH /api/projects/:id', (w) => ({ method: 'PATCH', url: `/api/projects/${w.projectId}`, payload: { instructions: `v${uniq(w)}` } }), managerPlus(200)],
  ['GET /api/projects/:id/stats', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/stats` }), managerPlus(200)],
  ['GET /api/projects/:id/quality', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/quality` }), managerPlus(200)],
  ['GET /api/projects/:id/economics', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/economics` }), managerPlus(200)],
  [
    'POST /api/projects/:id/tasks',
    (w) => ({ method: 'POST', url: `/api/projects/${w.projectId}/tasks`, headers: { 'content-type': 'application/x-ndjson' }, payload: `${taskLine(`extra-${uniq(w)}`)}\n` }),
    managerPlus(200),
  ],
  ['GET /api/projects/:id/tasks', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/tasks?limit=5` }), managerPlus(200)],
  ['POST /api/projects/:id/next', (w) => ({ method: 'POST', url: `/api/projects/${w.projectId}/next` }), signedIn(200)],
  [
    'POST /api/assignments/:id/submit',
    async (w) => {
      const lease = await nextAssignment(w.h.ctx, asActor(w.people.tutor), w.projectId);
      return { method: 'POST', url: `/api/assignments/${lease!.assignment.id}/submit`, payload: { response: { labels: ['yes'] }, durationMs: 1200 } };
    },
    // The lease is the tutor's: anyone else, whatever their role, is refused.
    { anonymous: 401, tutor: 201, reviewer: 403, manager: 403, admin: 403 },
  ],
  [
    'POST /api/assignments/:id/skip',
    async (w) => {
      const lease = await nextAssignment(w.h.ctx, asActor(w.people.tutor), w.projectId);
      return { method: 'POST', url: `/api/assignments/${lease!.assignment.id}/skip` };
    },
    { anonymous: 401, tutor: 204, reviewer: 403, manager: 403, admin: 403 },
  ],
  ['GET /api/projects/:id/export', (w) => ({ method: 'GET', url: `/api/projects/${w.projectId}/export?format=annotations` }), managerPlus(200)],
  ['GET /api/audit', () => ({ method: 'GET', url: '/api/audit?limit=10' }), adminOnly(200)],
  ['GET /api/openapi.json', () => ({ method: 'GET', url: '/api/openapi.json' }), all(200)],
];

describe.each(testDatabases())('every route × every role on $name', ({ freshUrl }) => {
  const w = {} as World;

  beforeAll(async () => {
    w.h = await harness(await freshUrl());
    w.n = 0;
    w.people = {
      tutor: await addUser(w.h, { email: 'tutor@example.org', role: 'tutor', tier: 'specialist', domains: ['medicine'] }),
      reviewer: await addUser(w.h, { email: 'reviewer@example.org', role: 'reviewer', tier: 'specialist', domains: ['medicine'] }),
      manager: await addUser(w.h, { email: 'manager@example.org', role: 'manager' }),
      admin: await addUser(w.h, { email: 'admin@example.org', role: 'admin' }),
    };
    w.other = await addUser(w.h, { email: 'other@example.org', role: 'tutor' });
    w.cookies = {} as Record<Role, string>;
    for (const r of ['tutor', 'reviewer', 'manager', 'admin'] as Role[]) w.cookies[r] = await signIn(w.h, w.people[r]);
    const project = await createProject(w.h.ctx, asActor(w.people.manager), {
      name: 'Triage labels',
      type: 'label',
      domains: ['medicine'],
      labels: ['yes', 'no'],
      overlap: 10,
    });
    w.projectId = project.id;
    const lines = Array.from({ length: 40 }, (_, i) => taskLine(`t${i}`)).join('\n');
    await importTasks(w.h.ctx, asActor(w.people.manager), project.id, [lines], { fileName: 'fixture.jsonl' });
  });
  afterAll(() => w.h.close());

  it('has an expectation for every route in the app, and no stale ones', () => {
    const api = w.h.app.routeTable.filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`);
    const listed = ROWS.map((r) => r[0]);
    expect([...api].sort()).toEqual([...listed].sort());
  });

  for (const [key, build, expected] of ROWS) {
    it.each(WHO.map((who) => [who, expected[who]] as const))(`${key} as %s → %i`, async (who, status) => {
      const req = await build(w, who);
      const cookie = req.cookie ?? (who === 'anonymous' ? undefined : w.cookies[who]);
      const res = await w.h.app.inject({
        method: req.method as 'GET',
        url: req.url,
        payload: req.payload,
        headers: req.headers,
        cookies: cookie ? { tl_session: cookie } : {},
      });
      expect(res.statusCode, `${key} as ${who}: ${res.body.slice(0, 300)}`).toBe(status);
      if (status >= 400) expect(res.json().error.code).toMatch(/^[a-z_]+$/);
    });
  }
});
