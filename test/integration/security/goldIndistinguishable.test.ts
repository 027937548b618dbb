/**
 * #12 item 1, played as the attacker: a tutor records every value they can read (the project list
 * and page, /api/me*, feedback, practice, the lease itself, error answers) before and after each
 * lease and after each submit, over many leases with gold mixed in, until `next` has nothing left.
 * Gold and real leases must be indistinguishable: the same fields, and every readable number moving
 * the same way, including at the end, when the real work runs out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { preferenceLine } from '../../support/fixtures.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { delta, type Json, leaves, shape } from '../../support/readable.js';

const READABLE = ['/api/projects', '/api/me', '/api/me/quality', '/api/me/notifications', '/api/me/feedback', '/api/practice'];

describe.each(testDatabases())('gold and real leases look the same to a tutor on $name', ({ freshUrl }) => {
  let h: Harness;
  let cookie: string;
  let projectId: number;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    // A fixed key for the gold draw, so the same leases are gold on every run (this one mixes both well).
    await h.store.db.updateTable('settings').set({ value: 'gold-indistinguishable-test' }).where('key', '=', 'secret').execute();
    const manager = asActor(await addUser(h, { email: 'manager@example.org', role: 'manager' }));
    const tutor = await addUser(h, { email: 'tutor@example.org', role: 'tutor' });
    cookie = await signIn(h, tutor);
    const p = await createProject(h.ctx, manager, { name: 'mixed', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0.4 });
    projectId = p.id;
    const tasks = [
      ...Array.from({ length: 12 }, (_, i) => preferenceLine(`real-${i}`)),
      ...Array.from({ length: 8 }, (_, i) => preferenceLine(`gold-${i}`, { gold: i % 2 ? 'a' : 'b' })),
    ];
    await importTasks(h.ctx, manager, p.id, [tasks.join('\n')]);
  });
  afterAll(() => h.close());

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    h.app.inject({ method, url, cookies: { tl_session: cookie }, ...(payload ? { payload } : {}) });
  const readAll = async () => {
    const seen = new Map<string, Json>();
    for (const url of [...READABLE, `/api/projects/${projectId}`]) {
      const res = await call('GET', url);
      leaves({ status: res.statusCode, body: res.json() }, url, seen);
    }
    return seen;
  };
  const available = (seen: Map<string, Json>) => seen.get('/api/projects.body.projects.0.available') as number;

  it('records everything readable around every lease and submit: gold and real move it alike', async () => {
    const leases: { gold: boolean; shape: string; onLease: string; onSubmit: string; resubmit: string; headers: string }[] = [];
    let before = await readAll();
    for (let i = 0; i < 40; i++) {
      h.clock.now += 1000;
      const res = await call('POST', `/api/projects/${projectId}/next`);
      if (available(before) === 0) {
        // When the count says nothing is left, `next` serves nothing, gold included.
        expect(res.statusCode).toBe(204);
        break;
      }
      expect(res.statusCode).toBe(200);
      const lease = res.json();
      const afterLease = await readAll();
      const submitted = await call('POST', `/api/assignments/${lease.assignment.id}/submit`, {
        response: { choice: 'a' },
        durationMs: 1000,
      });
      expect(submitted.statusCode).toBe(201);
      const afterSubmit = await readAll();
      const again = await call('POST', `/api/assignments/${lease.assignment.id}/submit`, { response: { choice: 'a' }, durationMs: 1000 });
      const task = await h.store.db
        .selectFrom('assignments as a')
        .innerJoin('tasks as t', 't.id', 'a.task_id')
        .select('t.is_gold')
        .where('a.id', '=', lease.assignment.id)
        .executeTakeFirstOrThrow();
      leases.push({
        gold: task.is_gold === 1,
        shape: shape(lease),
        onLease: delta(before, afterLease),
        onSubmit: delta(afterLease, afterSubmit),
        // A retried submit answers with the original annotation (#12 item 12), whatever the task was.
        resubmit: `${again.statusCode} same annotation: ${again.json().annotationId === submitted.json().annotationId}`,
        headers: Object.keys(res.headers).sort().join(' '),
      });
      before = afterSubmit;
    }
    const gold = leases.filter((l) => l.gold);
    const real = leases.filter((l) => !l.gold);
    expect(gold.length).toBeGreaterThanOrEqual(2);
    expect(real.length).toBeGreaterThanOrEqual(2);
    for (const field of ['shape', 'onLease', 'onSubmit', 'resubmit', 'headers'] as const) {
      expect(new Set(gold.map((l) => l[field])), field).toEqual(new Set(real.map((l) => l[field])));
      expect(new Set(leases.map((l) => l[field])).size, field).toBe(1);
    }
    // The one thing that moves on a lease is the count of what is left, by one.
    expect(leases[0].onLease).toBe('/api/projects.body.projects.0.available-1');
    expect(leases[0].onSubmit).toBe('');
    // The end: nothing left, and it stays so.
    const end = await readAll();
    expect(available(end)).toBe(0);
    expect((await call('POST', `/api/projects/${projectId}/next`)).statusCode).toBe(204);
    expect(delta(end, await readAll())).toBe('');
  });
});
