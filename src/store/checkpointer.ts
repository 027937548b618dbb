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
 * On a small disk a 40 MB WAL was enough to fill it, so `journal_size_limit` truncates the file back to
 * ~16 MB after each checkpoint that rewinds it, and the WAL is kept under that (#12 item 13):
 * - The backstop is ~12 MB, below the limit, so one large transaction past it still fits under 16 MB.
 * - The backstop is PASSIVE and gives up when the checkpoint lock is taken, so the worker leaves the lock
 *   free near it: past HANDOFF_PAGES (read from the wal-index header in the `-shm` file) the worker skips
 *   its turn. Its earlier turns copied nearly everything, so the request thread's checkpoint at the
 *   backstop has little left to copy, and rewinds the WAL. (Before, a worker checkpoint running long
 *   on a loaded machine made every backstop attempt fail, and the WAL reached 26–31 MB.)
 * - When nothing was written since its last turn, the worker checkpoints with TRUNCATE (no waiting:
 *   busy timeout 0), whatever the WAL's size, giving the disk back while the server is idle.
 * - The backstop does not give up when the worker holds the lock: after each commit the request thread
 *   checks the WAL and, past the backstop, waits for the worker's checkpoint to end and checkpoints
 *   itself (walBackstop.ts). (A worker checkpoint begun under HANDOFF_PAGES could otherwise run long
 *   enough on a loaded machine for the WAL to reach 22 MB.)
 * Readers pin the WAL: it cannot rewind while a read transaction is open on an old snapshot, so no
 * reader holds one for long (exports read page by page, each page its own statement).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { WalIndex } from './walIndex.js';

/** Pages the WAL may reach before the request thread checkpoints by itself (4 KB pages: ~12 MB). */
export const BACKSTOP_PAGES = 3_000;

/** Past this many pages the worker leaves the checkpoint lock to the request thread's backstop (~8 MB). */
export const HANDOFF_PAGES = 2_000;

/** What the WAL file is truncated back to after a checkpoint (`journal_size_limit`): ~16 MB. */
export const WAL_LIMIT_BYTES = 4_000 * 4096;

// The wal-index header (sqlite's wal.c, walIndex.ts): mxFrame, the frames in the WAL, is a native-endian u32 at byte 16.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { readSync } = require('node:fs');
const readFrames = 'readUInt32' + require('node:os').endianness();
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const checkpointing = new Int32Array(workerData.checkpointing);
const header = Buffer.alloc(20);
// The -shm descriptor the request thread opened (walIndex.ts): never opened or closed here, since closing
// any descriptor of the file would drop this process's SQLite locks on it.
function framesInWal() {
  if (workerData.shmFd === undefined) return -1;
  try { return readSync(workerData.shmFd, header, 0, 20, 0) === 20 ? header[readFrames](16) : -1; } catch { return -1; }
}
let lastFrames = -1;
const timer = setInterval(() => {
  try {
    const frames = framesInWal();
    const idle = frames > 0 && frames === lastFrames;
    lastFrames = frames;
    if (!idle && frames >= workerData.handoffPages) return;
    Atomics.store(checkpointing, 0, 1);
    const [result] = db.pragma(idle ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)');
    if (idle && result.busy === 0) lastFrames = 0;
  } catch (e) { parentPort.postMessage(String(e && e.message || e)); }
  finally { Atomics.store(checkpointing, 0, 0); Atomics.notify(checkpointing, 0); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  /** Blocks the calling thread until the worker's checkpoint in progress (if any) ends, or `timeoutMs` passes. */
  waitWhileCheckpointing(timeoutMs: number): void;
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, walIndex: WalIndex, intervalMs = 100): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const shmFd = walIndex.fd();
  // 1 while the worker runs a checkpoint: the request thread's backstop waits on it (walBackstop.ts).
  const checkpointing = new Int32Array(new SharedArrayBuffer(4));
  const workerData = { driver, file, shmFd, intervalMs, handoffPages: HANDOFF_PAGES, checkpointing: checkpointing.buffer };
  const worker = new Worker(WORKER, { eval: true, workerData });
  worker.unref();
  // A failed checkpoint is not fatal: the backstop on the request thread still bounds the WAL.
  worker.on('message', (m) => process.emitWarning(`WAL checkpoint failed: ${m}`));
  worker.on('error', (e) => process.emitWarning(`WAL checkpointer stopped: ${e.message}`));
  const exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
  return {
    waitWhileCheckpointing(timeoutMs) {
      Atomics.wait(checkpointing, 0, 1, timeoutMs);
    },
    async stop() {
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 1000).unref())]);
      await worker.terminate();
    },
  };
}
