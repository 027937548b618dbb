/**
 * `tutorloop models add|list|test|remove|budget` from the terminal, bundled as shipped, on both
 * databases, against the stand-in server (test infrastructure). The key file is created 0600 and the
 * API key is never printed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from '../../support/cliBundle.js';
import { testDatabases } from '../../support/databases.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';

const root = resolve(import.meta.dirname, '../../..');
const API_KEY = 'sk-cli-never-printed-0123456789';
let bin: string;
let removeBundle = () => {};
let standIn: StandIn;

beforeAll(async () => {
  const bundle = await buildCliBundle();
  bin = bundle.main;
  removeBundle = bundle.remove;
  standIn = await startOpenAiStandIn({ apiKey: API_KEY });
}, 120_000);
afterAll(async () => {
  removeBundle();
  await standIn.close();
});

/** Runs the CLI without blocking this process, which serves the stand-in. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, TUTORLOOP_DB: '', TUTORLOOP_SECRET_KEY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe.each(testDatabases())('models commands on $name', ({ freshUrl }) => {
  const dir = mkdtempSync(join(tmpdir(), 'tutorloop-cli-models-'));
  const keyFile = join(dir, 'secrets', 'server.key');
  const env = { TUTORLOOP_SECRET_KEY_FILE: keyFile, TUTORLOOP_ADMIN_PASSWORD: 'a long secret 123' };
  let db: string;
  const outputs: string[] = [];
  const cli = async (...args: string[]) => {
    const r = await run([...args, '--db', db], env);
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    db = await freshUrl();
    const init = await run(['init', '--db', db, '--email', 'you@example.org', '--name', 'You'], env);
    expect(init.code, init.stderr).toBe(0);
  }, 120_000);

  it('adds, lists, tests, budgets and removes an endpoint, never printing the key', async () => {
    const apiKeyFile = join(dir, 'api.key');
    writeFileSync(apiKeyFile, `${API_KEY}\n`);
    const add = await cli(
      'models',
      'add',
      '--name',
      'judge',
      '--base-url',
      standIn.baseUrl,
      '--model',
      'stand-in',
      '--price-in',
      '2.5',
      '--price-out',
      '10',
      '--api-key-file',
      apiKeyFile,
      '--json',
    );
    expect(add.code, add.stderr).toBe(0);
    const { endpoint } = JSON.parse(add.stdout);
    expect(endpoint).toMatchObject({ name: 'judge', model: 'stand-in', priceInputPerMillion: 2.5, maxConcurrency: 4 });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    const test = await cli('models', 'test', 'judge');
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^ok in \d+ ms: "ready" \(9\+2 tokens, \$0\.000043\)/);

    const list = await cli('models', 'list');
    expect(list.stdout).toMatch(
      /judge\s+stand-in\s+http:\/\/127\.0\.0\.1:\d+\/v1\s+2\.5\/10\s+4\/60\s+1 \(0 failed\)\s+9\/2\s+\$0\.000043/,
    );

    const noKey = await run(
      ['models', 'add', '--name', 'x', '--base-url', standIn.baseUrl, '--model', 'm', '--price-in', '0', '--price-out', '0', '--db', db],
      env,
    );
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/TUTORLOOP_MODEL_API_KEY/);

    const project = await cli('project', 'create', '--name', 'Gen', '--type', 'preference', '--domains', 'general', '--json');
    expect(project.code, project.stderr).toBe(0);
    const budget = await cli('models', 'budget', 'Gen', '--limit', '12.5');
    expect(budget.stdout).toMatch(/spent \$0\.000000 on model calls, cap \$12\.50/);

    const remove = await cli('models', 'remove', 'judge');
    expect(remove.code, remove.stderr).toBe(0);
    const gone = await cli('models', 'test', 'judge');
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/model endpoint "judge" not found/);
    for (const text of outputs) expect(text).not.toContain(API_KEY);
  });
});
