/**
 * A fresh install run from the terminal only: `project`, `user` and `token` commands, and how every
 * command ends: exit 0 ok / 1 failure / 2 bad input or usage, JSON errors with --json, no stack trace
 * for a missing file, a quiet exit when the reader closes the pipe, HOST read by `serve`.
 * The CLI runs in child processes as bundled by build:cli (test/support/cliBundle.ts: from the sources,
 * each start costs seconds through tsx), on SQLite and PostgreSQL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { userForApiToken } from '../../../src/services/auth/index.js';
import { serviceContext } from '../../../src/services/context.js';
import { actorOf } from '../../../src/services/users/index.js';
import { openStore } from '../../../src/store/database.js';
import { findUserForLogin } from '../../../src/store/repositories/users.js';
import { latestAuditEvents } from '../../../src/store/repositories/audit.js';
import { buildCliBundle } from '../../support/cliBundle.js';
import { testDatabases } from '../../support/databases.js';

const root = resolve(import.meta.dirname, '../../..');
const baseEnv = { ...process.env, TUTORLOOP_DB: '', TUTORLOOP_ADMIN_PASSWORD: '', TUTORLOOP_USER_PASSWORD: '', HOST: '' };
let bin: string;
let removeBundle = () => {};

beforeAll(async () => {
  const bundle = await buildCliBundle();
  bin = bundle.main;
  removeBundle = bundle.remove;
}, 120_000);
afterAll(() => removeBundle());

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env: { ...baseEnv, ...env }, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The `{error: {...}}` object a --json command writes to stderr on failure (and nothing else). */
function jsonError(stderr: string): { code: string; message: string; problems?: { field?: string; message: string }[] } {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  return JSON.parse(lines[0]).error;
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe.each(testDatabases())('account and project commands on $name', ({ freshUrl }) => {
  let db: string;
  const dir = mkdtempSync(join(tmpdir(), 'tutorloop-cli-accounts-'));

  beforeAll(async () => {
    db = await freshUrl();
    const init = run(['init', '--db', db, '--email', 'you@example.org', '--name', 'You'], {
      TUTORLOOP_ADMIN_PASSWORD: 'a long secret 123',
    });
    expect(init.code, init.stderr).toBe(0);
  }, 120_000);

  it('creates, lists, shows and changes projects', () => {
    const created = run([
      'project',
      'create',
      '--db',
      db,
      '--name',
      'My project',
      '--type',
      'preference',
      '--domains',
      'general',
      '--overlap',
      '1',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('created project');

    const rating = run([
      'project',
      'create',
      '--db',
      db,
      '--name',
      'Ratings',
      '--type',
      'rating',
      '--domains',
      'medicine,code',
      '--rubric',
      'helpfulness:7,honesty',
      '--json',
    ]);
    expect(rating.code, rating.stderr).toBe(0);
    expect(JSON.parse(rating.stdout).project).toMatchObject({
      type: 'rating',
      domains: ['medicine', 'code'],
      rubric: [
        { name: 'helpfulness', scale: 7 },
        { name: 'honesty', scale: 5 },
      ],
    });

    const listed = run(['project', 'list', '--db', db, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const projects = JSON.parse(listed.stdout).projects as { name: string; stats: { tasks: { total: number } } }[];
    expect(projects.map((p) => p.name)).toEqual(['My project', 'Ratings']);
    expect(projects[0].stats.tasks.total).toBe(0);

    const shown = run(['project', 'show', '--db', db, 'My project', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ project: { name: 'My project', overlap: 1 }, stats: { tasks: { total: 0 } } });

    const paused = run([
      'project',
      'update',
      '--db',
      db,
      'My project',
      '--status',
      'paused',
      '--instructions',
      'Pick the better answer.',
      '--json',
    ]);
    expect(paused.code, paused.stderr).toBe(0);
    expect(JSON.parse(paused.stdout).project).toMatchObject({ status: 'paused', instructions: 'Pick the better answer.' });
    expect(run(['project', 'update', '--db', db, 'My project', '--status', 'active']).code).toBe(0);
  }, 180_000);

  it('refuses bad project input with exit 2, a conflict with exit 1, and says why (as JSON with --json)', () => {
    const duplicate = run([
      'project',
      'create',
      '--db',
      db,
      '--name',
      'My project',
      '--type',
      'preference',
      '--domains',
      'general',
      '--json',
    ]);
    expect(duplicate.code).toBe(1);
    expect(jsonError(duplicate.stderr)).toMatchObject({ code: 'conflict', message: expect.stringContaining('already exists') });

    const noRubric = run(['project', 'create', '--db', db, '--name', 'R', '--type', 'rating', '--domains', 'general', '--json']);
    expect(noRubric.code).toBe(2);
    expect(jsonError(noRubric.stderr)).toMatchObject({ code: 'bad_input', problems: [{ field: 'rubric' }] });

    const badNumber = run(['project', 'create', '--db', db, '--name', 'R', '--type', 'rating', '--overlap', 'x', '--json']);
    expect(badNumber.code).toBe(2);
    expect(jsonError(badNumber.stderr)).toMatchObject({ code: 'usage', message: expect.stringContaining('--overlap') });

    const badStatus = run(['project', 'update', '--db', db, 'My project', '--status', 'nope']);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/^error: .*status/);

    const missing = run(['project', 'show', '--db', db, '999']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('project 999 not found');
    noStackTrace(missing.stderr);
  }, 180_000);

  it('creates and lists users, never printing a password', () => {
    const created = run(['user', 'create', '--db', db, '--email', 'Tutor@Example.org', '--domains', 'general', '--json'], {
      TUTORLOOP_USER_PASSWORD: 'tutor pass 123',
    });
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).user).toMatchObject({
      email: 'tutor@example.org',
      role: 'tutor',
      tier: 'generalist',
      domains: ['general'],
    });

    const noPassword = run(['user', 'create', '--db', db, '--email', 'x@example.org']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('TUTORLOOP_USER_PASSWORD');

    const again = run(['user', 'create', '--db', db, '--email', 'tutor@example.org', '--json'], {
      TUTORLOOP_USER_PASSWORD: 'tutor pass 123',
    });
    expect(again.code).toBe(1);
    expect(jsonError(again.stderr).code).toBe('conflict');

    const badRole = run(['user', 'create', '--db', db, '--email', 'y@example.org', '--role', 'boss'], {
      TUTORLOOP_USER_PASSWORD: 'tutor pass 123',
    });
    expect(badRole.code).toBe(2);

    const listed = run(['user', 'list', '--db', db, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).users.map((u: { email: string; role: string }) => `${u.email} ${u.role}`)).toEqual([
      'you@example.org admin',
      'tutor@example.org tutor',
    ]);
    expect(listed.stdout + created.stdout).not.toMatch(/tutor pass 123|password/i);
    const text = run(['user', 'list', '--db', db]);
    expect(text.stdout).toMatch(/tutor@example\.org\s+Tutor\s+tutor\s+generalist\s+general\s+active\s+0/);
  }, 180_000);

  it('creates an API token for a user, shown once, that signs that user in', async () => {
    const made = run(['token', 'create', '--db', db, '--name', 'ci', '--user', 'tutor@example.org', '--json']);
    expect(made.code, made.stderr).toBe(0);
    const { token, name } = JSON.parse(made.stdout);
    expect(name).toBe('ci');
    expect(token).toMatch(/^tl_/);
    const store = await openStore(db);
    try {
      const user = await userForApiToken(serviceContext(store), token);
      expect(user?.email).toBe('tutor@example.org');
      // An admin action whatever the owner's role (a tutor here): audited as the admin's, naming the owner.
      const [event] = await latestAuditEvents(store.db, 1);
      const admin = (await findUserForLogin(store.db, 'you@example.org'))?.user;
      expect(event).toMatchObject({ action: 'token.create', actorId: admin?.id, detail: { name: 'ci', userId: user?.id } });
    } finally {
      await store.close();
    }
    const nobody = run(['token', 'create', '--db', db, '--name', 'ci', '--user', 'nobody@example.org', '--json']);
    expect(nobody.code).toBe(2);
    expect(jsonError(nobody.stderr)).toMatchObject({ code: 'bad_input', problems: [{ field: 'user' }] });
  }, 120_000);

  it('names a missing file without a stack trace, exit 2', () => {
    const text = run(['import', '--db', db, '--project', 'My project', join(dir, 'nope.jsonl')]);
    expect(text.code).toBe(2);
    expect(text.stderr.trim()).toBe(`error: ${join(dir, 'nope.jsonl')}: no such file or directory`);
    const json = run(['import', '--db', db, '--project', 'My project', join(dir, 'nope.jsonl'), '--json']);
    expect(json.code).toBe(2);
    expect(jsonError(json.stderr)).toMatchObject({ code: 'bad_input', problems: [{ file: join(dir, 'nope.jsonl') }] });
  }, 120_000);

  it('treats usage errors as exit 2 in every command', () => {
    for (const args of [
      ['nope'],
      ['export', '--db', db],
      ['project', 'create', '--bogus'],
      ['user', 'list', 'extra', 'args'],
      ['token', 'create'],
    ]) {
      const r = run(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      noStackTrace(r.stderr);
    }
  }, 180_000);

  it('ends quietly with 0 when the reader closes the pipe (export … | head -1)', async () => {
    // Enough lines to overflow the pipe's buffer, so the export is still writing when the reader goes.
    const long = 'x'.repeat(400);
    const tasks = Array.from({ length: 300 }, (_, i) => ({
      id: `t${i}`,
      type: 'preference',
      domain: 'general',
      prompt: `Question ${i}? ${long}`,
      responses: [
        { id: 'a', text: `A ${long}` },
        { id: 'b', text: `B ${long}` },
      ],
    }));
    const file = join(dir, 'tasks.jsonl');
    writeFileSync(file, tasks.map((t) => JSON.stringify(t)).join('\n'));
    expect(run(['import', '--db', db, '--project', 'My project', file]).code).toBe(0);
    const store = await openStore(db);
    try {
      const ctx = serviceContext(store);
      const tutor = actorOf((await findUserForLogin(store.db, 'tutor@example.org'))!.user);
      const project = JSON.parse(run(['project', 'show', '--db', db, 'My project', '--json']).stdout).project.id as number;
      for (let lease = await nextAssignment(ctx, tutor, project); lease; lease = await nextAssignment(ctx, tutor, project)) {
        await submitAnnotation(ctx, tutor, lease.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
      }
    } finally {
      await store.close();
    }

    const child = spawn(process.execPath, [bin, 'export', '--db', db, '--project', 'My project', '--format', 'dpo'], {
      cwd: root,
      env: baseEnv,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const firstChunk = await new Promise<string>((ok) => child.stdout.once('data', (d: Buffer) => ok(d.toString())));
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(JSON.parse(firstChunk.split('\n')[0]).chosen[0].content).toBe(`A ${long}`);
    expect([code, stderr]).toEqual([0, '']);

    const whole = run(['export', '--db', db, '--project', 'My project', '--format', 'dpo']);
    expect(whole.stdout.length).toBeGreaterThan(256 * 1024);
  }, 240_000);

  it('serve listens on HOST when --host is not given', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--db', db, '--port', '0'], { cwd: root, env: { ...baseEnv, HOST: '127.0.0.2' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 200 }).toMatch(/listening on http:\/\/127\.0\.0\.2:\d+/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  }, 90_000);
});
