/**
 * WAL checkpoints off the request thread. By default SQLite checkpoints inside the COMMIT that pushes
 * the WAL past 1,000 pages: that commit copies the pages into the database file and fsyncs it, on the
 * one thread that serves every request (~10% of the server's CPU under the routing load, and a latency
 * spike for whoever is queued behind it). A long-running server instead runs PASSIVE checkpoints from
 * a second connection in a worker thread; PASSIVE never blocks readers or writers. The request thread
 * keeps an automatic checkpoint at BACKSTOP_PAGES, so the WAL stays bounded even if the worker stops.
 * Under sustained writes the worker rarely catches up with the very last frame, so the WAL is not
 * rewound by its checkpoints alone: it grows to the backstop (~40 MB, measured under the routing
 * bench), where the request thread's checkpoint has only the frames the worker has not yet copied
 * left to do, plus the fsync, and the WAL starts over. The worker does the bulk of the copying
 * (~9% of its thread's time at ~1,800 cycles/s).
 *
 * On a small disk a 40 MB WAL was enough to fill it, so the backstop is ~16 MB and
 * `journal_size_limit` truncates the file back to that size after each checkpoint that rewinds it:
 * the WAL never holds more than ~16 MB of disk for long.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Pages the WAL may reach before the request thread checkpoints by itself (4 KB pages: ~16 MB). */
export const BACKSTOP_PAGES = 4_000;

/** What the WAL file is truncated back to after a checkpoint (`journal_size_limit`). */
export const WAL_LIMIT_BYTES = BACKSTOP_PAGES * 4096;

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String(e && e.message || e)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 100): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file, intervalMs } });
  worker.unref();
  // A failed checkpoint is not fatal: the backstop on the request thread still bounds the WAL.
  worker.on('message', (m) => process.emitWarning(`WAL checkpoint failed: ${m}`));
  worker.on('error', (e) => process.emitWarning(`WAL checkpointer stopped: ${e.message}`));
  const exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
  return {
    async stop() {
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 1000).unref())]);
      await worker.terminate();
    },
  };
}
