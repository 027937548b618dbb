// Starts an export worker from the TypeScript sources (tests, benches, tsx) through tsx's API, as
// heavyReadWorker.boot.mjs does; the esbuild bundle starts dist/cli/exportWorker.js directly.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./exportWorker.ts', import.meta.url).href, import.meta.url);
