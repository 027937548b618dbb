// Starts the heavy-read worker from the TypeScript sources (tests, benches, tsx) through tsx's API, as
// parseWorker.boot.mjs does; the esbuild bundle starts dist/cli/heavyReadWorker.js directly.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./heavyReadWorker.ts', import.meta.url).href, import.meta.url);
