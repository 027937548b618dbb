// Starts the import's parse worker from the TypeScript sources (tests, benches, tsx) through tsx's API,
// as bin/tutorloop.js starts the CLI; the esbuild bundle starts dist/cli/parseWorker.js directly.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./parseWorker.ts', import.meta.url).href, import.meta.url);
