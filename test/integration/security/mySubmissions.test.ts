/**
 * Issue 15: a tutor's own past submissions and progress (/api/me/submissions, /api/me/progress).
 * Two tutors work the same project (overlap 2, gold mixed in, meta and external ids carrying markers)
 * and a second project; each reads back exactly their own answers, never the other's, paged without
 * gaps or repeats, each task as they saw it (the lease's tutor-facing id and payload), with nothing
 * that names gold, meta, the external id or a consensus; the counts per project match the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import { createProject, importTasks, updateProject } from '../../../src/services/index.js';

const MARK = 'zz-never-shown';
const line = (id: string, gold?: 'a' | 'b') =>
  JSON.stringify({
    id: `${MARK}-${id}`,
    type: 'preference',
    domain: 'general',
    prompt: `Question ${id}?`,
    responses: [
      { id: 'a', text: `A to ${id}` },
      { id: 'b', text: `B to ${id}` },
    ],
    meta: { note: MARK },
    ...(gold ? { gold: { choice: gold } } : {}),
  });

type Lease = { assignment: { id: number }; task: { id: number; payload: unknown } };
type Submission = { annotationId: number; taskId: number; projectId: number; payload: unknown; response: unknown; submittedAt: string };

describe.each(testDatabases())('a tutor reads back only their own submissions on $name', ({ freshUrl }) => {
  let h: Harness;
  let mixed: number;
  let other: number;
  let manager: ReturnType<typeof asActor>;
  const cookies: Record<'ana' | 'ben', string> = { ana: '', ben: '' };
  const ids: Record<'ana' | 'ben', number> = { ana: 0, ben: 0 };
  /** What each tutor was shown on each submitted lease, by tutor-facing task id. */
  const shown: Record<'ana' | 'ben', Map<number, unknown>> = { ana: new Map(), ben: new Map() };

  const call = (who: 'ana' | 'ben', method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, cookies: { tl_session: cookies[who] }, ...(payload ? { payload } : {}) });

  /** Works a project to the end: every lease submitted with `choice`, except the first one, skipped when `skipFirst`. */
  async function work(who: 'ana' | 'ben', projectId: number, choice: 'a' | 'b', opts: { skipFirst?: boolean; max?: number } = {}) {
    for (let i = 0; i < (opts.max ?? 50); i++) {
      h.clock.now += 1000;
      const res = await call(who, 'POST', `/api/projects/${projectId}/next`);
      if (res.statusCode === 204) return;
      const lease = res.json() as Lease;
      if (opts.skipFirst && i === 0) {
        expect((await call(who, 'POST', `/api/assignments/${lease.assignment.id}/skip`)).statusCode).toBe(204);
        continue;
      }
      const out = await call(who, 'POST', `/api/assignments/${lease.assignment.id}/submit`, { response: { choice }, durationMs: 900 });
      expect(out.statusCode).toBe(201);
      shown[who].set(lease.task.id, lease.task.payload);
    }
  }

  /** Every page of a tutor's submissions, `limit` at a time. */
  async function allPages(who: 'ana' | 'ben', query = ''): Promise<{ items: Submission[]; pages: number; bodies: string[] }> {
    const items: Submission[] = [];
    const bodies: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(who, 'GET', `/api/me/submissions?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      bodies.push(res.body);
      const page = res.json() as { submissions: Submission[]; nextCursor: string | null };
      items.push(...page.submissions);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    return { items, pages, bodies };
  }

  beforeAll(async () => {
    h = await harness(await freshUrl());
    manager = asActor(await addUser(h, { email: 'manager@example.org', role: 'manager' }));
    for (const who of ['ana', 'ben'] as const) {
      const person = await addUser(h, { email: `${who}@example.org`, role: 'tutor' });
      ids[who] = person.user.id;
      cookies[who] = await signIn(h, person);
    }
    mixed = (await createProject(h.ctx, manager, { name: 'mixed', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0.4 }))
      .id;
    other = (await createProject(h.ctx, manager, { name: 'other', type: 'preference', domains: ['general'], overlap: 1 })).id;
    const real = Array.from({ length: 5 }, (_, i) => line(`real-${i}`));
    const gold = Array.from({ length: 3 }, (_, i) => line(`gold-${i}`, i % 2 ? 'a' : 'b'));
    await importTasks(h.ctx, manager, mixed, [[...real, ...gold].join('\n')]);
    await importTasks(h.ctx, manager, other, [[line('o-0'), line('o-1'), line('o-2')].join('\n')]);
    await work('ana', mixed, 'a', { skipFirst: true });
    await work('ben', mixed, 'b');
    await work('ana', other, 'a', { max: 1 });
  });
  afterAll(() => h.close());

  const storedAnnotations = (userId: number) =>
    h.store.db
      .selectFrom('annotations as n')
      .innerJoin('tasks as t', 't.id', 'n.task_id')
      .select(['n.id', 'n.project_id as projectId', 't.is_gold as isGold'])
      .where('n.user_id', '=', userId)
      .execute();

  it('lists every own answer once, newest first, across pages; never the other tutor’s', async () => {
    for (const who of ['ana', 'ben'] as const) {
      const { items, pages, bodies } = await allPages(who);
      const stored = await storedAnnotations(ids[who]);
      expect(
        stored.some((a) => a.isGold === 1),
        'the fixture gave them gold',
      ).toBe(true);
      expect(items.map((s) => s.annotationId).sort((x, y) => x - y)).toEqual(stored.map((a) => a.id).sort((x, y) => x - y));
      expect(new Set(items.map((s) => s.annotationId)).size).toBe(items.length);
      expect(pages).toBeGreaterThan(1);
      const times = items.map((s) => Date.parse(s.submittedAt));
      expect(times).toEqual([...times].sort((x, y) => y - x));
      // Their own answer only: Ana always chose a, Ben always b.
      const mine = who === 'ana' ? 'a' : 'b';
      expect(items.every((s) => (s.response as { choice: string }).choice === mine)).toBe(true);
      // The task as they saw it: the lease's tutor-facing id and payload.
      for (const s of items) expect(shown[who].get(s.taskId), `task ${s.taskId}`).toEqual(s.payload);
      for (const body of bodies) {
        expect(body).not.toContain(MARK);
        expect(body).not.toMatch(/"(gold|isGold|meta|externalId|consensus|userId)"/);
      }
    }
  });

  it('filters by project, and a project without their work reads as empty', async () => {
    const { items } = await allPages('ana', `&project=${other}`);
    expect(items).toHaveLength(1);
    expect(items[0].projectId).toBe(other);
    expect((await allPages('ben', `&project=${other}`)).items).toEqual([]);
    expect((await allPages('ben', '&project=999999')).items).toEqual([]);
  });

  it('refuses a malformed cursor, naming it', async () => {
    const res = await call('ana', 'GET', '/api/me/submissions?cursor=12;drop');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('cursor');
  });

  it('counts what each tutor judged and skipped per project, and what is left for them', async () => {
    const progress = async (who: 'ana' | 'ben') =>
      Object.fromEntries(
        (
          (await call(who, 'GET', '/api/me/progress')).json() as {
            projects: { name: string; judged: number; skipped: number; left: number; open: boolean }[];
          }
        ).projects.map((p) => [p.name, { judged: p.judged, skipped: p.skipped, left: p.left, open: p.open }]),
      );
    const anaStored = await storedAnnotations(ids.ana);
    const benStored = await storedAnnotations(ids.ben);
    expect(await progress('ana')).toEqual({
      mixed: { judged: anaStored.filter((a) => a.projectId === mixed).length, skipped: 1, left: 0, open: true },
      other: { judged: 1, skipped: 0, left: 2, open: true },
    });
    expect(await progress('ben')).toEqual({
      mixed: { judged: benStored.length, skipped: 0, left: 0, open: true },
      other: { judged: 0, skipped: 0, left: 2, open: true },
    });
    // A project closed to them still shows their work, with nothing left.
    await updateProject(h.ctx, manager, other, { status: 'paused' });
    expect((await progress('ana')).other).toMatchObject({ judged: 1, left: 0, open: false });
    expect((await progress('ben')).other).toBeUndefined();
  });
});
