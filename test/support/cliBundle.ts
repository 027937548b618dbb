/**
 * The CLI as `npm run build:cli` bundles it (same entry points and options), built into a folder of
 * its own under .test-results/ so tests neither wait on tsx at every start nor race over dist/.
 * Returns the bundle's folder, esbuild's metafile (which packages the bundle imports at run time) and
 * `remove`, for the test's afterAll.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');

export async function buildCliBundle(): Promise<{ dir: string; main: string; metafile: Metafile; remove: () => void }> {
  const dir = join(root, '.test-results', `cli-bundle-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts', importWorker: 'src/services/tasks/importWorker.ts' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: dir,
    metafile: true,
    logLevel: 'warning',
  });
  return { dir, main: join(dir, 'main.js'), metafile: result.metafile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
