/**
 * Scale out (issue 14): `tutorloop serve --workers 3`, three server processes on one port and one
 * database. Concurrent tutors keep every guarantee (each acknowledged submit stored once, no task
 * over k, counters equal rows), and what must be shared is: a project paused through one process
 * stops `next` in all of them (cached projects are invalidated through the database), and failed
 * sign-ins from one address count against one limit, not one per process. Each request below opens
 * its own connection, so the cluster hands them to every process in turn.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { soundness } from './support/checks.js';
import { buildCli, freePort, ServerProcess } from './support/server.js';
import { seedScenario } from './support/setup.js';
import { startCrew } from './support/tutors.js';

const WORKERS = 3;

beforeAll(() => buildCli());

/** One request on a fresh connection (so consecutive calls reach different processes). */
async function call(url: string, method: string, path: string, token?: string, body?: unknown): Promise<number> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      connection: 'close',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  await res.arrayBuffer();
  return res.status;
}

describe.each(testDatabases())('serve --workers 3 on $name', ({ freshUrl }) => {
  let server: ServerProcess | undefined;
  afterEach(async () => server?.stop());

  it('keeps every guarantee under concurrent tutors, and shares a paused project and the failed sign-in limit', async () => {
    const url = await freshUrl();
    const scenario = await seedScenario(url, { tutors: 24, tasks: 120, overlap: 3 });
    server = new ServerProcess(url, await freePort(), ['--workers', String(WORKERS)]);
    await server.start(120_000);
    const crew = startCrew(server.url, scenario);
    await crew.done;
    // On failure, the servers' own last words say why (their log is otherwise lost with the processes).
    expect(crew.failures, server.output().slice(-6000)).toEqual([]);
    const s = await soundness(url, scenario.projectId, scenario.overlap, crew.acks);
    expect(s).toMatchObject({ lost: 0, duplicated: 0, overfullTasks: 0, counterDrift: 0, leasedNow: 0 });
    // Every task reached k, and every stored annotation was acknowledged to its tutor.
    expect(s.storedAnnotations).toBe(120 * scenario.overlap);
    expect(s.acknowledged).toBe(s.storedAnnotations);

    const base = server.url;
    const next = (token: string) => call(base, 'POST', `/api/projects/${scenario.projectId}/next`, token);
    // Every process has the project cached (each call lands on the next process in turn; all done: 204).
    for (const t of scenario.tutors.slice(0, 2 * WORKERS)) expect(await next(t.token)).toBe(204);
    expect(await call(base, 'PATCH', `/api/projects/${scenario.projectId}`, scenario.managerToken, { status: 'paused' })).toBe(200);
    // Paused is "no such project" to tutors, in every process. PostgreSQL tells the others by NOTIFY,
    // milliseconds after the commit: wait for the first 404, then every process must agree.
    const until = Date.now() + 5000;
    while ((await next(scenario.tutors[0].token)) !== 404) {
      expect(Date.now()).toBeLessThan(until);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const t of scenario.tutors.slice(0, 2 * WORKERS)) expect(await next(t.token)).toBe(404);

    // 20 failed sign-ins per address (different accounts, so the per-account limit is not what stops them).
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        await call(base, 'POST', '/api/session', undefined, { email: `nobody${i}@faults.test`, password: 'wrong password 42' }),
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
