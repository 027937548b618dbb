/**
 * The platform commands as a user runs them: `node bin/tutorloop.js …` in a child process, from the
 * TypeScript sources (TUTORLOOP_FROM_SOURCE=1), against real SQLite and PostgreSQL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../support/databases.js';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'bin/tutorloop.js');
const env = { ...process.env, TUTORLOOP_FROM_SOURCE: '1', TUTORLOOP_DB: '', TUTORLOOP_ADMIN_PASSWORD: '' };

function run(args: string[], input?: string, more: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env: { ...env, ...more }, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `serve`, waits for its "listening" line, and returns the base URL and a stop function. */
async function serve(args: string[]): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { cwd: root, env });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', () => fail(new Error(`serve exited:\n${out}`)));
  });
  return {
    url,
    output: () => out,
    stop: () =>
      new Promise((done) => {
        child.once('exit', (code) => done(code));
        child.kill('SIGTERM');
      }),
  };
}

describe.each(testDatabases())('platform CLI on $name', ({ freshUrl }) => {
  let db: string;
  const dir = mkdtempSync(join(tmpdir(), 'tutorloop-cli-'));

  beforeAll(async () => {
    db = await freshUrl();
  });

  it("init refuses to run without the first admin's email and password", () => {
    const missing = run(['init', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--email');
    // No terminal to ask on and no password given: refuse rather than invent one.
    const noPassword = run(['init', '--db', db, '--email', 'root@example.org', '--name', 'Root']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('TUTORLOOP_ADMIN_PASSWORD');
  });

  it('init reads the password from the environment and never prints it', () => {
    const r = spawnSync(process.execPath, [bin, 'init', '--db', db, '--email', 'root@example.org', '--json'], {
      cwd: root,
      env: { ...env, TUTORLOOP_ADMIN_PASSWORD: 'a long secret 123' },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ admin: 'root@example.org', created: true });
    expect(r.stdout + r.stderr).not.toContain('a long secret 123');
    const again = run(['init', '--db', db, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false, migrations: [] });
  });

  it('serve --demo loads the demo into an empty database once, prints the accounts, and serves it', async () => {
    const demoDb = await freshUrl();
    const s = await serve(['--db', demoDb, '--demo']);
    try {
      expect(s.output()).toContain('demo loaded: 7 users, 12 projects, 107 tasks');
      expect(s.output()).toContain('manager@tutorloop.example');
      const login = await fetch(`${s.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'manager@tutorloop.example', password: 'demo-manager-2026' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const projects = (await (await fetch(`${s.url}/api/projects`, { headers: { cookie } })).json()) as {
        projects: { id: number; name: string; type: string; purpose: string; domains: string[] }[];
      };
      // 10 work projects (one per task type; rubrics have an authoring and a grading project) and the medicine practice and exam banks.
      expect(projects.projects).toHaveLength(12);
      const work = projects.projects.filter((p: { purpose: string }) => p.purpose === 'production');
      expect(new Set(work.map((p: { type: string }) => p.type)).size).toBe(9);
      expect(
        projects.projects
          .filter((p: { purpose: string }) => p.purpose !== 'production')
          .map((p: { name: string }) => p.name)
          .sort(),
      ).toEqual(['Exam bank: medicine', 'Practice: medicine']);
      const domains = new Set(projects.projects.flatMap((p: { domains: string[] }) => p.domains));
      expect(domains.size).toBeGreaterThanOrEqual(4);

      // A generalist does four math tasks, so the exports below have something in them (gold tasks, at most
      // two of the demo's math tasks, are never exported).
      const sam = await fetch(`${s.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'sam@tutorloop.example', password: 'demo-generalist-2026' }),
      });
      const samCookie = sam.headers.get('set-cookie')!.split(';')[0];
      const math = projects.projects.find((p: { type: string }) => p.type === 'steps');
      for (let i = 0; i < 4; i++) {
        const lease = (await (
          await fetch(`${s.url}/api/projects/${math!.id}/next`, { method: 'POST', headers: { cookie: samCookie } })
        ).json()) as {
          task: { payload: { steps: unknown[] } };
          assignment: { id: number };
        };
        const verdicts = lease.task.payload.steps.map(() => 'correct');
        const submitted = await fetch(`${s.url}/api/assignments/${lease.assignment.id}/submit`, {
          method: 'POST',
          headers: { cookie: samCookie, 'content-type': 'application/json' },
          body: JSON.stringify({ response: { verdicts }, durationMs: 42_000 }),
        });
        expect(submitted.status).toBe(201);
      }
    } finally {
      expect(await s.stop()).toBe(0);
    }
    const again = await serve(['--db', demoDb, '--demo']);
    try {
      expect(again.output()).not.toContain('demo loaded');
      expect(again.output()).toContain('demo-admin-2026');
    } finally {
      await again.stop();
    }

    // import: new tasks, then the same again (skipped), then a bad file (exit 2, every bad line named)
    const file = join(dir, 'more.jsonl');
    writeFileSync(
      file,
      [1, 2, 3]
        .map((i) => JSON.stringify({ id: `cli-${i}`, type: 'steps', domain: 'math', prompt: `2+${i}?`, steps: [`2+${i}=${2 + i}`] }))
        .join('\n') + '\n',
    );
    const project = 'Math: check each step of a solution';
    const imported = run(['import', '--db', demoDb, '--project', project, file, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 3, skipped: 0 });
    const twice = run(['import', '--db', demoDb, '--project', project, file, '--json']);
    expect(JSON.parse(twice.stdout)).toMatchObject({ imported: 0, skipped: 3 });
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      `${JSON.stringify({ id: 'ok-1', type: 'steps', domain: 'math', prompt: 'p', steps: ['s'] })}\n{"id":"x","type":"steps","domain":"math","prompt":"p","steps":[]}\nnot json\n`,
    );
    const refused = run(['import', '--db', demoDb, '--project', project, bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/line 2/);
    expect(refused.stderr).toMatch(/line 3/);

    // export to a file and to stdout
    const out = join(dir, 'tasks.jsonl');
    const exported = run(['export', '--db', demoDb, '--project', project, '--format', 'annotations', '--out', out, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ out, format: 'annotations' });
    const count = JSON.parse(exported.stdout).lines;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(4);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(count);
    const toStdout = run(['export', '--db', demoDb, '--project', project, '--format', 'annotations']);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    const lines = toStdout.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(count);
    // Formed by the export workers (as large exports are: here from the first item), the same file and lines.
    const inWorkers = { TUTORLOOP_EXPORT_WORKERS_FROM: '0' };
    const outOfWorkers = join(dir, 'tasks-workers.jsonl');
    const fromWorkers = run(
      ['export', '--db', demoDb, '--project', project, '--format', 'annotations', '--out', outOfWorkers],
      undefined,
      inWorkers,
    );
    expect(fromWorkers.code, fromWorkers.stderr).toBe(0);
    expect(readFileSync(outOfWorkers, 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(run(['export', '--db', demoDb, '--project', project, '--format', 'annotations'], undefined, inWorkers).stdout).toBe(
      toStdout.stdout,
    );
    // Tutors appear under a pseudonym in exports, never by email.
    expect(JSON.stringify(lines)).not.toContain('sam@tutorloop.example');
    const wrongFormat = run(['export', '--db', demoDb, '--project', project, '--format', 'dpo']);
    expect(wrongFormat.code).toBe(2);
    const unknown = run(['export', '--db', demoDb, '--project', 'No such project', '--format', 'sft']);
    expect(unknown.code).toBe(2);

    // A steps project exports TRL's stepwise format; --dir writes a dataset folder (Parquet and a card),
    // --features the features description, and stderr says what was left out.
    const folder = join(dir, 'steps-dataset');
    const features = join(dir, 'features.json');
    const card = run([
      'export',
      '--db',
      demoDb,
      '--project',
      project,
      '--format',
      'stepwise',
      '--dir',
      folder,
      '--license',
      'cc-by-4.0',
      '--features',
      features,
    ]);
    expect(card.code, card.stderr).toBe(0);
    expect(card.stderr).toMatch(/^left out:/m);
    expect(card.stdout).toMatch(/exported \d+ line\(s\) of stepwise/);
    expect(readFileSync(join(folder, 'README.md'), 'utf8')).toMatch(/^license: cc-by-4.0$/m);
    expect(readFileSync(join(folder, 'data/train-00000-of-00001.parquet')).subarray(0, 4).toString()).toBe('PAR1');
    expect(JSON.parse(readFileSync(features, 'utf8')).features.labels).toEqual({
      feature: { dtype: 'bool', _type: 'Value' },
      _type: 'List',
    });
    const badStyle = run(['export', '--db', demoDb, '--project', project, '--format', 'dpo', '--style', 'fancy']);
    expect(badStyle.code).toBe(2);
    expect(badStyle.stderr).toMatch(/--style must be one of/);
  });
});
