/**
 * Graceful shutdown (issue 12, fault suite): SIGTERM while a request is still arriving. The
 * server stops taking new connections, finishes the request in flight (a slow import whose body
 * is still streaming), closes the database cleanly (SQLite: WAL checkpointed and removed;
 * PostgreSQL: no connection left behind) and exits 0.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { recordFigures } from './support/checks.js';
import { buildCli, freePort, ServerProcess } from './support/server.js';
import { seedScenario } from './support/setup.js';

/** The import sends a chunk every 100 ms until the server is seen refusing new connections, then two more. */
const LINES_PER_CHUNK = 50;
const MAX_CHUNKS = 300;

beforeAll(() => buildCli());

describe.each(testDatabases())('SIGTERM on $name', ({ name, freshUrl }) => {
  let server: ServerProcess | undefined;
  afterEach(async () => server?.stop());

  it('finishes the request in flight, closes the database cleanly and exits 0', async () => {
    const url = await freshUrl();
    const scenario = await seedScenario(url, { tutors: 1, tasks: 10, overlap: 1 });
    server = new ServerProcess(url, await freePort());
    await server.start();
    const { port } = new URL(server.url);

    // An import whose body is still arriving when SIGTERM lands, and goes on arriving until the server
    // is seen refusing new connections (on a loaded machine the signal may take a while to be handled).
    let shutdownSeen = false;
    let chunksSent = 0;
    const answer = new Promise<{ status: number; body: string }>((ok, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/projects/${scenario.projectId}/tasks`,
          headers: { authorization: `Bearer ${scenario.managerToken}`, 'content-type': 'application/x-ndjson' },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => ok({ status: res.statusCode!, body }));
        },
      );
      req.on('error', fail);
      let extra = 2;
      const send = () => {
        const lines = Array.from({ length: LINES_PER_CHUNK }, (_, i) => {
          const n = chunksSent * LINES_PER_CHUNK + i;
          return JSON.stringify({
            id: `late${n}`,
            type: 'preference',
            domain: 'general',
            prompt: `Late ${n}?`,
            responses: [
              { id: 'a', text: 'A' },
              { id: 'b', text: 'B' },
            ],
          });
        });
        req.write(`${lines.join('\n')}\n`);
        chunksSent++;
        if (shutdownSeen) extra--;
        if (extra > 0 && chunksSent < MAX_CHUNKS) setTimeout(send, 100);
        else req.end();
      };
      send();
    });
    await new Promise((r) => setTimeout(r, 250));
    const signalledAt = Date.now();
    const exit = server.kill('SIGTERM');
    // New connections are refused once shutdown began, while the import is still arriving.
    const until = Date.now() + 20_000;
    while (!shutdownSeen && Date.now() < until) {
      try {
        await fetch(`${server.url}/healthz`);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        shutdownSeen = true;
      }
    }
    expect(shutdownSeen).toBe(true);

    const done = await answer;
    expect(chunksSent).toBeLessThan(MAX_CHUNKS);
    expect(done.status, `${done.body}\n${server.output()}`).toBe(200);
    expect(JSON.parse(done.body)).toMatchObject({ imported: chunksSent * LINES_PER_CHUNK });
    const result = await exit;
    const shutdownMs = Date.now() - signalledAt;
    expect(result.signal).toBeNull();
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/Error|at .*\(/);

    let closedCleanly: boolean;
    if (name === 'sqlite') {
      // The last connection to close checkpoints the WAL into the file and deletes it.
      closedCleanly = !existsSync(`${url.slice('sqlite:'.length)}-wal`);
    } else {
      const admin = new pg.Client({ connectionString: process.env.TUTORLOOP_TEST_PG });
      await admin.connect();
      try {
        const left = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
          new URL(url).pathname.slice(1),
        ]);
        closedCleanly = left.rows[0].n === 0;
      } finally {
        await admin.end();
      }
    }
    expect(closedCleanly).toBe(true);
    recordFigures('gracefulShutdown', name, {
      inFlightImportLines: chunksSent * LINES_PER_CHUNK,
      inFlightFinished: true,
      exitCode: result.code,
      shutdownMs,
      databaseClosedCleanly: closedCleanly,
    });
  });
});
