/**
 * #12: a gold submit answers after exactly the work of a real one. Every SQL statement the server runs
 * on behalf of a request is recorded (better-sqlite3's statements and pg's client queries, attributed to
 * the request through AsyncLocalStorage), over many submits and submit-and-nexts with gold mixed in; the
 * statement sequences of gold requests must be ones real requests have too. The gold result is still
 * recorded, after the reply, and one a crash lost is recorded when the server starts (recordMissingGold).
 * Also in a live-consensus project, where each submit updates its task's consensus: gold's too.
 */
import { ServerResponse } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';
import { preferenceLine } from '../../support/fixtures.js';
import { addUser, asActor, harness, signIn, type Harness } from '../../support/appHarness.js';
import type { Actor } from '../../../src/services/context.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { recordMissingGold } from '../../../src/services/gold/recordMissingGold.js';

/** Every statement run, in order, and where the log stood when the measured request's response ended. */
const log: string[] = [];
let endedAt: number | null = null;
const note = (sql: string) => log.push(sql.replace(/\s+/g, ' ').trim());

/** Notes when a response ends (the reply is out); returns the undo. */
function traceReplies(): () => void {
  const end = ServerResponse.prototype.end;
  ServerResponse.prototype.end = function (this: ServerResponse, ...args: unknown[]) {
    endedAt ??= log.length;
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof end;
  return () => {
    ServerResponse.prototype.end = end;
  };
}

/** Records every pg query made in a measured request; returns the undo. */
function tracePostgres(): () => void {
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text: string };
    note(typeof q === 'string' ? q : q.text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return () => {
    pg.Client.prototype.query = original;
  };
}

/** Records every better-sqlite3 statement run in a measured request (statements prepared from now on). */
function traceSqlite(raw: NonNullable<Harness['store']['sqlite']>): void {
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((sql: string) => {
    const statement = prepare(sql) as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const run = statement[method].bind(statement);
      statement[method] = (...a: unknown[]) => {
        note(sql);
        return run(...a);
      };
    }
    return statement;
  }) as unknown as typeof raw.prepare;
  const exec = raw.exec.bind(raw);
  raw.exec = ((sql: string) => {
    note(sql);
    return exec(sql);
  }) as typeof raw.exec;
}

describe.each(testDatabases())('gold and real submits do the same work before answering on $name', ({ freshUrl }) => {
  let h: Harness;
  let cookie: string;
  let projectId: number;
  let liveProjectId: number;
  let untrace = () => {};
  let untraceReplies = () => {};

  beforeAll(async () => {
    h = await harness(await freshUrl());
    if (h.store.sqlite) traceSqlite(h.store.sqlite);
    else untrace = tracePostgres();
    untraceReplies = traceReplies();
    await h.store.db.updateTable('settings').set({ value: 'gold-submit-work-test' }).where('key', '=', 'secret').execute();
    const manager = asActor(await addUser(h, { email: 'manager@example.org', role: 'manager' }));
    cookie = await signIn(h, await addUser(h, { email: 'tutor@example.org', role: 'tutor' }));
    projectId = await mixedProject(manager, 'mixed', { real: 16, gold: 12 });
    // Live consensus: every submit updates the task's consensus in its own transaction, gold's too.
    // More tasks than the 40 submits, so no measured request is the one that finds the project empty.
    liveProjectId = await mixedProject(manager, 'mixed, live consensus', { real: 30, gold: 20 }, { liveConsensus: true });
  });
  async function mixedProject(manager: Actor, name: string, size: { real: number; gold: number }, quality?: { liveConsensus: boolean }) {
    const p = await createProject(h.ctx, manager, { name, type: 'preference', domains: ['general'], overlap: 1, goldRate: 0.5, quality });
    await importTasks(h.ctx, manager, p.id, [
      [
        ...Array.from({ length: size.real }, (_, i) => preferenceLine(`real-${i}`)),
        ...Array.from({ length: size.gold }, (_, i) => preferenceLine(`gold-${i}`, { gold: i % 2 ? 'a' : 'b' })),
      ].join('\n'),
    ]);
    return p.id;
  }
  afterAll(async () => {
    untrace();
    untraceReplies();
    await h.close();
  });

  const call = (url: string, payload?: object) => h.app.inject({ method: 'POST', url, cookies: { tl_session: cookie }, payload });
  /** The request, and the statements run from its start until its response ended. */
  async function measured(url: string, payload?: object) {
    const start = log.length;
    endedAt = null;
    const res = await call(url, payload);
    expect(endedAt).toBeGreaterThan(start); // the trace sees the request's statements
    return { res, statements: log.slice(start, endedAt!).join('\n') };
  }
  const goldResults = async () => (await h.store.db.selectFrom('gold_results').select('annotation_id').execute()).length;
  /** Waits until the gold results of the gold submits so far are in (the work deferred past their replies). */
  async function settled(goldSubmits: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await goldResults()) < goldSubmits && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(await goldResults()).toBe(goldSubmits);
  }
  const isGold = async (assignmentId: number) =>
    (
      await h.store.db
        .selectFrom('assignments as a')
        .innerJoin('tasks as t', 't.id', 'a.task_id')
        .select('t.is_gold')
        .where('a.id', '=', assignmentId)
        .executeTakeFirstOrThrow()
    ).is_gold === 1;

  /** Works the project with submits and submit-and-nexts; asserts each gold request's statements are a real one's. */
  async function compareSubmits(projectId: number, goldSubmitsBefore: number): Promise<number> {
    const byRoute = {
      submit: { gold: new Set<string>(), real: new Set<string>() },
      'submit-and-next': { gold: new Set<string>(), real: new Set<string>() },
    };
    let goldSubmits = goldSubmitsBefore;
    let lease = (await call(`/api/projects/${projectId}/next`)).json() as { assignment: { id: number } } | null;
    for (let i = 0; lease && i < 40; i++) {
      const route = i % 2 === 0 ? 'submit' : 'submit-and-next';
      const gold = await isGold(lease.assignment.id);
      const { res, statements } = await measured(`/api/assignments/${lease.assignment.id}/${route}`, {
        response: { choice: 'a' },
        durationMs: 1000,
      });
      expect(res.statusCode).toBe(201);
      // The first requests of each route warm caches (project, prepared statements); compare the rest.
      if (i >= 4) byRoute[route][gold ? 'gold' : 'real'].add(statements);
      if (gold) goldSubmits++;
      await settled(goldSubmits);
      if (route === 'submit') {
        const next = await call(`/api/projects/${projectId}/next`);
        lease = next.statusCode === 200 ? next.json() : null;
      } else lease = res.json().next;
    }
    for (const [route, seen] of Object.entries(byRoute)) {
      expect(seen.gold.size, `${route}: gold samples`).toBeGreaterThan(0);
      expect(seen.real.size, `${route}: real samples`).toBeGreaterThan(0);
      for (const sequence of seen.gold) expect([...seen.real], `${route}: a gold submit's statements`).toContain(sequence);
    }
    return goldSubmits;
  }

  it('runs the same statements for a gold submit as for a real one, and records the gold result after the reply', async () => {
    const goldSubmits = await compareSubmits(projectId, 0);

    // The gold results arrived after the replies (settled), one per gold submit.
    expect(goldSubmits).toBeGreaterThan(4);
    expect(await goldResults()).toBe(goldSubmits);

    // A crash between a reply and its gold result: the result is recorded when the server starts, once.
    const lost = await h.store.db.selectFrom('gold_results').select(['annotation_id', 'correct']).orderBy('annotation_id').execute();
    await h.store.db.deleteFrom('gold_results').where('annotation_id', '=', lost[0].annotation_id).execute();
    expect(await recordMissingGold(h.ctx)).toBe(1);
    expect(await recordMissingGold(h.ctx)).toBe(0);
    expect(await h.store.db.selectFrom('gold_results').select(['annotation_id', 'correct']).orderBy('annotation_id').execute()).toEqual(
      lost,
    );
  });

  it('runs the same statements for gold in a live-consensus project, where each submit updates the consensus', async () => {
    const before = await goldResults();
    expect(await compareSubmits(liveProjectId, before)).toBeGreaterThan(before + 4);
    // Real submits did the consensus work in the measured requests (a gold submit's statements are among theirs).
    const consensus = await h.store.db.selectFrom('task_consensus').select('task_id').where('project_id', '=', liveProjectId).execute();
    expect(consensus.length).toBeGreaterThan(0);
  });
});
