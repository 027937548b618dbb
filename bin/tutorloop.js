#!/usr/bin/env node
// Runs the bundled CLI (dist/cli/main.js, made by `npm run build:cli`) or, in a checkout that has not
// been built, the TypeScript sources through tsx (a development dependency: an install without
// dev dependencies runs the bundle only).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'cli', 'main.js');
if (existsSync(bundle) && !process.env.TUTORLOOP_FROM_SOURCE) {
  await import(pathToFileURL(bundle).href);
} else {
  const tsx = await import('tsx/esm/api').catch(() => null);
  if (!tsx) {
    process.stderr.write('error: tutorloop is not built (no dist/cli/main.js) and tsx is not installed: run `npm run build:cli` in a full install\n');
    process.exit(1);
  }
  await tsx.tsImport(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href, import.meta.url);
}
