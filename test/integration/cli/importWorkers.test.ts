/**
 * `tutorloop import` of a file large enough to parse in a worker thread, as a user runs it: from the
 * TypeScript sources (bin/tutorloop.js with TUTORLOOP_FROM_SOURCE=1, the worker started through tsx) and
 * from the esbuild bundle (built here as build:cli builds dist/cli: the CLI and the worker as two entry
 * points, split into shared chunks), on SQLite and PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/database.js';
import { createProject } from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, preferenceLine } from '../../support/fixtures.js';

const root = resolve(import.meta.dirname, '../../..');
// Inside the repo so `--packages=external` imports resolve from its node_modules.
const outdir = join(root, 'dist', `import-cli-test-${process.pid}`);
const dir = mkdtempSync(join(tmpdir(), 'tutorloop-import-cli-'));
const env = { ...process.env, TUTORLOOP_DB: '', TUTORLOOP_ADMIN_PASSWORD: '' };

beforeAll(async () => {
  await build({
    entryPoints: { main: join(root, 'src/cli/main.ts'), parseWorker: join(root, 'src/services/imports/parseWorker.ts') },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    logLevel: 'error',
  });
}, 60_000);
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

function run(how: 'source' | 'bundle', args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const entry = how === 'source' ? join(root, 'bin/tutorloop.js') : join(outdir, 'main.js');
  const runEnv = how === 'source' ? { ...env, TUTORLOOP_FROM_SOURCE: '1' } : env;
  return new Promise((done) => {
    execFile(process.execPath, [entry, ...args], { cwd: root, env: runEnv, encoding: 'utf8', timeout: 90_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

// ~6 MB, past the 4 MB read-ahead under which the import parses in its own thread.
const lines = Array.from({ length: 20_000 }, (_, i) => preferenceLine(`cli-${i}`, { prompt: `Prompt ${i} ${'p'.repeat(200)}` }));
const good = join(dir, 'good.jsonl');
const bad = join(dir, 'bad.jsonl');
writeFileSync(good, `${lines.join('\n')}\n`);
writeFileSync(bad, `${lines.map((l, i) => (i === 18_765 ? l.replace('"domain":"general"', '"domain":"medicine"') : l)).join('\n')}\n`);

describe.each(testDatabases())('import through a parse worker on $name', ({ freshUrl }) => {
  it.each(['source', 'bundle'] as const)(
    'from the %s: all or nothing with the bad line named, then imported, then skipped',
    async (how) => {
      const db = await freshUrl();
      const h = await harness(db);
      try {
        const admin = await addUser(h.store, { role: 'admin' });
        await createProject(h.ctx, admin, { name: 'big', type: 'preference', domains: ['general'] });
      } finally {
        await h.close();
      }
      const refused = await run(how, ['import', '--db', db, '--project', 'big', bad]);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/line 18766/);
      const imported = await run(how, ['import', '--db', db, '--project', 'big', good, '--json']);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 20_000, skipped: 0 });
      const again = await run(how, ['import', '--db', db, '--project', 'big', good, '--json']);
      expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, skipped: 20_000 });
      const store = await openStore(db, { migrate: false });
      try {
        const n = await store.db
          .selectFrom('tasks')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(20_000);
      } finally {
        await store.close();
      }
    },
  );
});
