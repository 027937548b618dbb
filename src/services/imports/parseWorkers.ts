/**
 * Worker threads that parse import batches (parseWorker.ts) while the main thread inserts. Batches go
 * round-robin; each answer settles its batch's promise, so the caller can await them in order.
 * The worker's entry sits beside this module (offload/workerBeside.ts).
 */
import type { Worker } from 'node:worker_threads';
import { workerBeside } from '../offload/workerBeside.js';
import type { ParserSpec } from './parseLine.js';
import type { ParsedBatch } from './parsedBatch.js';

export interface ParsePool {
  /** Parse whole lines (ending with a newline unless `final`); `bytes` is transferred, not copied. */
  parse(bytes: Uint8Array, final: boolean): Promise<ParsedBatch>;
  close(): Promise<void>;
}

interface Waiting {
  resolve: (b: ParsedBatch) => void;
  reject: (e: Error) => void;
}

function startWorker(spec: ParserSpec): Worker {
  return workerBeside(import.meta.url, 'parseWorker', { workerData: { spec } });
}

export function startParsePool(spec: ParserSpec, size: number): ParsePool {
  const waiting = new Map<number, Waiting>();
  let failure: Error | null = null;
  let closing = false;
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  const workers = Array.from({ length: size }, () => {
    const w = startWorker(spec);
    w.on('message', (m: { seq: number; batch?: ParsedBatch; error?: string }) => {
      const entry = waiting.get(m.seq);
      if (!entry) return;
      waiting.delete(m.seq);
      if (m.batch) entry.resolve(m.batch);
      else entry.reject(new Error(`import worker: ${m.error}`));
    });
    w.on('error', (e) => fail(new Error(`import worker: ${e.message}`)));
    w.on('exit', (code) => {
      if (!closing) fail(new Error(`import worker exited (code ${code})`));
    });
    return w;
  });
  let seq = 0;
  return {
    parse(bytes, final) {
      if (failure) return Promise.reject(failure);
      const n = seq++;
      return new Promise<ParsedBatch>((resolve, reject) => {
        waiting.set(n, { resolve, reject });
        workers[n % workers.length].postMessage({ seq: n, bytes, final }, [bytes.buffer as ArrayBuffer]);
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
