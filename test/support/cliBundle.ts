/**
 * The CLI as `npm run build:cli` bundles it (same entry points and options), built into a folder of
 * its own under .test-results/ so tests neither wait on tsx at every start nor race over dist/.
 * Returns the bundle's folder, esbuild's metafile (which packages the bundle imports at run time) and
 * `remove`, for the test's afterAll.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');

/** The entry points `npm run build:cli` names (`main=src/cli/main.ts …`), read from package.json so the two cannot drift. */
function cliEntryPoints(): Record<string, string> {
  const script: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['build:cli'];
  return Object.fromEntries([...script.matchAll(/(\w+)=(src\/\S+\.ts)/g)].map((m) => [m[1], m[2]]));
}

export async function buildCliBundle(): Promise<{ dir: string; main: string; metafile: Metafile; remove: () => void }> {
  const dir = join(root, '.test-results', `cli-bundle-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: cliEntryPoints(),
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
