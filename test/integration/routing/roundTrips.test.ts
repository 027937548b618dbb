/**
 * What a tutor's warm request costs the database (issue 14): on PostgreSQL `next`, `submit`,
 * `submit-and-next` and `skip` are each one round trip (the routing group's function, which
 * requests arriving together share); on either database
 * none of them reads the project or the lease again (both are served from memory, lookups.ts).
 * Statements are counted where they leave the process: `pg.Client#query` (every round trip) and
 * better-sqlite3's statement calls. The bearer token's own lookup is left out: its cache has a TTL
 * of its own (authLookup.ts, tested in server/auth.test.ts) that a slow machine may outlive mid-test.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { createApiToken } from '../../../src/services/auth/tokens.js';
import { actorOf } from '../../../src/services/users/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness } from '../../support/appHarness.js';

const sent: string[] = [];
const restore: (() => void)[] = [];
beforeAll(() => {
  const clientQuery = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    sent.push(typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string })?.text ?? ''));
    return (clientQuery as (...x: unknown[]) => unknown).apply(this, a);
  } as typeof clientQuery;
  restore.push(() => (pg.Client.prototype.query = clientQuery));
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...x: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method];
    proto[method] = function (this: { source: string }, ...a: unknown[]) {
      sent.push(this.source);
      return original.apply(this, a);
    };
    restore.push(() => (proto[method] = original));
  }
});
afterAll(() => {
  for (const undo of restore) undo();
});

const TOKEN_LOOKUP = /FROM api_tokens JOIN users/i;

describe.each(testDatabases())('round trips of a warm routing request on $name', ({ name, freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('sends one routing call per request on PostgreSQL, and reads neither project nor lease back on either database', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h, { email: 'm@example.org', role: 'manager' });
    const project = await createProject(h.ctx, actorOf(manager.user), {
      name: 'Trips',
      type: 'label',
      domains: ['general'],
      labels: ['yes', 'no'],
      overlap: 2,
    });
    let lines = '';
    for (let i = 0; i < 20; i++) lines += `{"id":"t${i}","type":"label","domain":"general","text":"Item ${i}?"}\n`;
    await importTasks(h.ctx, actorOf(manager.user), project.id, [lines], { fileName: 'trips.jsonl' });
    const tutor = await addUser(h, { email: 't@example.org', role: 'tutor' });
    const { token } = await createApiToken(h.ctx, actorOf(tutor.user), 'loop');
    const post = async (url: string, payload?: object) => {
      const res = await h.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return (res.statusCode === 204 ? {} : res.json()) as { assignment?: { id: number }; next?: { assignment: { id: number } } };
    };
    const answer = { response: { labels: ['yes'] }, durationMs: 900 };
    /** The statements one request sent, the token's lookup left out. */
    const counted = async <T>(work: () => Promise<T>): Promise<{ out: T; statements: string[] }> => {
      sent.length = 0;
      const out = await work();
      return { out, statements: sent.filter((s) => !TOKEN_LOOKUP.test(s)) };
    };
    const next = `/api/projects/${project.id}/next`;
    // Warm: the token touched and cached, the project cached, statements prepared.
    let lease = (await post(next)).assignment!.id;
    await post(`/api/assignments/${lease}/submit`, answer);
    lease = (await post(next)).assignment!.id;
    // On PostgreSQL the project cache trusts an entry only once its listening connection is up and the
    // notices of the set-up's writes have arrived (milliseconds, longer on a loaded machine): wait for
    // that, asking for the live lease (which changes nothing) until a request reads no project.
    for (let i = 0; i < 50; i++) {
      const warm = await counted(() => post(next));
      if (!warm.statements.some((s) => /FROM "?projects"?\s+WHERE/i.test(s))) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const n = await counted(() => post(next));
    expect(n.out.assignment!.id).toBe(lease); // the live lease, handed back
    const submit = await counted(() => post(`/api/assignments/${lease}/submit`, answer));
    const fresh = await counted(() => post(next));
    lease = fresh.out.assignment!.id;
    const combined = await counted(() => post(`/api/assignments/${lease}/submit-and-next`, answer));
    lease = combined.out.next!.assignment.id;
    const skip = await counted(() => post(`/api/assignments/${lease}/skip`));
    const all = { next: n, submit, fresh, combined, skip };

    for (const [request, { statements }] of Object.entries(all)) {
      // Neither the project nor the lease is read back: both come from memory.
      expect(
        statements.filter((s) => /FROM "?projects"?\s+WHERE/i.test(s)),
        request,
      ).toEqual([]);
      expect(
        statements.filter((s) => /FROM "?assignments"? (as )?"?a"?\s+(INNER )?JOIN "?tasks"?/i.test(s) && !/tl_/.test(s)),
        request,
      ).toEqual([]);
    }
    if (name === 'postgres') {
      for (const { statements } of Object.values(all)) expect(statements).toEqual(['SELECT * FROM tl_route_group($1)']);
    }
  });
});
