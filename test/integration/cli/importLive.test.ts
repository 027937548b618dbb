/**
 * `tutorloop import` into the database of a live server (issue 12 item 14): the CLI is another process
 * with its own connection, so on SQLite any long write transaction of its makes the server's writes
 * wait on the busy timeout (5 s) and then fail. While a large CLI import runs, the server's tutors
 * keep leasing and submitting, and people keep signing in, each with a short wait and no error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { actorOf } from '../../../src/services/users/index.js';
import { testDatabases } from '../../support/databases.js';
import { preferenceLine } from '../../support/fixtures.js';
import { addUser, harness } from '../../support/appHarness.js';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'tutorloop-import-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, TUTORLOOP_DB: '', TUTORLOOP_ADMIN_PASSWORD: '', TUTORLOOP_FROM_SOURCE: '1' };
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, 'bin/tutorloop.js'), ...args],
      { cwd: root, env, encoding: 'utf8', timeout: 240_000, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

describe.each(testDatabases())('a CLI import into a live server on $name', ({ name, freshUrl }) => {
  it('leaves the server writing: next, submit and sign-in keep working with short waits', async () => {
    const url = await freshUrl();
    const h = await harness(url);
    try {
      const manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
      await addUser(h, { email: 'admin@example.org', role: 'admin' });
      const tutor = await addUser(h, { email: 'tutor@example.org' });
      await createProject(h.ctx, actorOf(manager.user), { name: 'big', type: 'preference', domains: ['general'] });
      const work = await createProject(h.ctx, actorOf(manager.user), {
        name: 'work',
        type: 'preference',
        domains: ['general'],
        overlap: 1,
      });
      await importTasks(h.ctx, actorOf(manager.user), work.id, [
        `${Array.from({ length: 3000 }, (_, i) => preferenceLine(`w${i}`)).join('\n')}\n`,
      ]);
      // Large enough that one transaction over it outlasts SQLite's 5 s busy timeout on this machine.
      const size = name === 'sqlite' ? 200_000 : 40_000;
      const file = join(dir, `${name}.jsonl`);
      writeFileSync(
        file,
        `${Array.from({ length: size }, (_, i) => preferenceLine(`big-${i}`, { prompt: `Question ${i} ${'q'.repeat(100)}` })).join('\n')}\n`,
      );

      let running = true;
      const cli = runCli(['import', '--db', url, '--project', 'big', file, '--json']).finally(() => (running = false));
      const waits: number[] = [];
      const errors: string[] = [];
      while (running) {
        const started = performance.now();
        try {
          const signIn = await h.app.inject({
            method: 'POST',
            url: '/api/session',
            payload: { email: tutor.user.email, password: tutor.password },
          });
          if (signIn.statusCode !== 200) errors.push(`sign-in ${signIn.statusCode}`);
          const n = await nextAssignment(h.ctx, actorOf(tutor.user), work.id);
          if (n) await submitAnnotation(h.ctx, actorOf(tutor.user), n.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
        } catch (e) {
          errors.push((e as Error).message);
        }
        waits.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
      const out = await cli;
      expect(out.code, out.stderr).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({ imported: size, skipped: 0 });
      expect(errors).toEqual([]);
      expect(waits.length).toBeGreaterThan(20);
      // Well under the 5 s busy timeout that the old single-transaction import ran into (and 500s past it). The
      // margin is for a loaded machine: each round here is a sign-in (scrypt), a lease and a submit.
      expect(Math.max(...waits)).toBeLessThan(3000);
    } finally {
      await h.close();
    }
  });
});
