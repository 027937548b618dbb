// Starts the import's parse worker from the TypeScript sources (tests, benches, tsx) through tsx's API,
// as bin/tutorloop.js starts the CLI; the esbuild bundle starts dist/cli/importWorker.js directly.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./importWorker.ts', import.meta.url).href, import.meta.url);
