// Starts the consensus batch's fit worker from the TypeScript sources (tests, benches, tsx) through tsx's
// API, as parseWorker.boot.mjs does; the esbuild bundle starts dist/cli/fitWorker.js directly.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./fitWorker.ts', import.meta.url).href, import.meta.url);
