// Starts the consensus batch's move worker from the TypeScript sources (tests, benches, tsx) through tsx's
// API, as parseWorker.boot.mjs does; the esbuild bundle starts dist/cli/moveWorker.js directly.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./moveWorker.ts', import.meta.url).href, import.meta.url);
