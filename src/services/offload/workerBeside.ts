/**
 * A worker thread whose entry sits beside the module that starts it: `<name>.js` in the esbuild bundle
 * (dist/cli, each an entry point of build:cli), or, from the TypeScript sources (tests, benches, tsx),
 * `<name>.boot.mjs`, which loads `<name>.ts` through tsx's API as bin/tutorloop.js loads the CLI.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** `moduleUrl`: the caller's `import.meta.url`. */
export function workerBeside(moduleUrl: string, name: string, options?: WorkerOptions): Worker {
  // From tsx the URL may carry a query (`?tsx-namespace=…` under tsImport), so look at the path only.
  const fromSource = new URL(moduleUrl).pathname.endsWith('.ts');
  return new Worker(new URL(fromSource ? `./${name}.boot.mjs` : `./${name}.js`, moduleUrl), options);
}
