/**
 * #12 item 6: to a tutor or reviewer, a project they are not admitted to (another tier's or
 * domain's, a paused one, an exam or practice bank) answers every project-scoped route exactly as a
 * project that does not exist: same status, same body but for the id. The route list is the app's
 * own table, so a new project route is covered without touching this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import { createProject, importTasks, updateProject } from '../../../src/services/index.js';

const MISSING = 987654;
const line = (id: string, domain: string) =>
  JSON.stringify({
    id,
    type: 'preference',
    domain,
    prompt: 'p',
    responses: [
      { id: 'a', text: 'x' },
      { id: 'b', text: 'y' },
    ],
  });

describe.each(testDatabases())('projects not admitted are 404 on $name', ({ freshUrl }) => {
  let h: Harness;
  let tutor: Person;
  let reviewer: Person;
  const cookies: Record<string, string> = {};
  const hidden: Record<string, number> = {};
  let open: number;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    const manager = asActor(await addUser(h, { email: 'manager@example.org', role: 'manager' }));
    tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor', tier: 'generalist' });
    reviewer = await addUser(h, { email: 'reviewer@example.org', role: 'reviewer', tier: 'specialist', domains: ['general'] });
    cookies.tutor = await signIn(h, tutor);
    cookies.reviewer = await signIn(h, reviewer);
    const make = async (name: string, extra: object, domain = 'law') => {
      const p = await createProject(h.ctx, manager, { name, type: 'preference', domains: [domain], ...extra });
      await importTasks(
        h.ctx,
        manager,
        p.id,
        [line(`${name}-1`, domain), line(`${name}-2`, domain)].map((l) => `${l}\n`),
      );
      return p.id;
    };
    hidden.specialistsOnly = await make('specialists', { eligibility: { tiers: ['specialist'] } });
    hidden.certificationNeeded = await make('certified', {
      eligibility: { tiers: ['generalist', 'specialist'], requireCertification: true },
    });
    hidden.examBank = await make('exambank', { purpose: 'exam' });
    hidden.practiceBank = await make('practicebank', { purpose: 'practice' });
    hidden.paused = await make('paused', {}, 'general');
    await updateProject(h.ctx, manager, hidden.paused, { status: 'paused' });
    open = await make('open', {}, 'general');
  });
  afterAll(() => h.close());

  const call = (who: string, method: string, url: string) =>
    h.app.inject({
      method: method as 'GET',
      url,
      cookies: { tl_session: cookies[who] },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    });
  const projectRoutes = () => h.app.routeTable.filter((r) => r.url.startsWith('/api/projects/:id'));
  const normalised = (body: string, id: number) => body.split(String(id)).join('<id>');

  it('covers the project routes, and the open project is really served (the comparison can tell)', async () => {
    const urls = projectRoutes().map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(
      expect.arrayContaining(['GET /api/projects/:id', 'POST /api/projects/:id/next', 'GET /api/projects/:id/reviews/summary']),
    );
    expect((await call('tutor', 'POST', `/api/projects/${open}/next`)).statusCode).toBe(200);
    expect((await call('tutor', 'GET', `/api/projects/${open}`)).statusCode).toBe(200);
  });

  for (const who of ['tutor', 'reviewer']) {
    it(`answers a ${who} on every project route as if the project did not exist`, async () => {
      for (const [why, id] of Object.entries(hidden)) {
        for (const r of projectRoutes()) {
          const real = await call(who, r.method, r.url.replace(':id', String(id)));
          const missing = await call(who, r.method, r.url.replace(':id', String(MISSING)));
          const where = `${who} ${r.method} ${r.url} (${why})`;
          expect(real.statusCode, where).toBe(missing.statusCode);
          expect(normalised(real.body, id), where).toBe(normalised(missing.body, MISSING));
          expect(real.body, where).not.toMatch(/law|specialist|question bank|paused|certif/i);
        }
        expect((await call(who, 'POST', `/api/projects/${id}/next`)).statusCode, `${who} next (${why})`).toBe(404);
        const listed = (await call(who, 'GET', '/api/projects')).json().projects.map((p: { id: number }) => p.id);
        expect(listed).not.toContain(id);
      }
      expect(
        await h.store.db
          .selectFrom('assignments')
          .select('id')
          .where('user_id', '=', (who === 'tutor' ? tutor : reviewer).user.id)
          .where('task_id', 'in', h.store.db.selectFrom('tasks').select('id').where('project_id', 'in', Object.values(hidden)))
          .execute(),
      ).toEqual([]);
    });
  }

  it('answers a reviewer 404 for the review summary of a project outside the domains they may review', async () => {
    const res = await call('reviewer', 'GET', `/api/projects/${hidden.specialistsOnly}/reviews/summary`);
    expect(res.statusCode).toBe(404);
  });
});
