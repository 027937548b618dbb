// Starts the consensus batch's read worker from the TypeScript sources (tests, benches, tsx) through tsx's
// API, as parseWorker.boot.mjs does; the esbuild bundle starts dist/cli/readWorker.js directly.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./readWorker.ts', import.meta.url).href, import.meta.url);
