/**
 * An export worker (exportWorkers.ts): its own store on the same database; forms the slices of one export
 * at a time and posts their lines as UTF-8 runs, each transferred (not copied). It may run `ahead` runs
 * before the server has taken them (a credit per run taken), so a slow client holds a bounded amount here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../store/database.js';
import { errorForParent, yieldToTheServer } from './workerBeside.js';
import { serviceContext, type ExportJob, type SliceTally } from '../context.js';
import type { IdSlice } from '../export/pages.js';
import { exportProject } from '../export/exportProject.js';
import type { ToExportWorker } from './exportWorkers.js';

/** Bytes per posted run (~256 KB): large enough that a message costs nothing per line. */
const RUN_BYTES = 256 * 1024;
/** A run's buffer: room for the run and for the longest line that may still fit in it. */
const RUN_CAPACITY = 2 * RUN_BYTES;

const { dbUrl } = workerData as { dbUrl: string };
yieldToTheServer();
// Opened as the worker starts (the server starts its workers before the first export): only reads, so no
// migrations and no checkpoints of its own.
const ctx = serviceContext(await openStore(dbUrl, { migrate: false, poolSize: 2, checkpointedElsewhere: true }));

/** The jobs received and not yet finished: the one running and those queued behind it (one at a time). */
const jobs = new Map<number, JobState>();
interface JobState {
  credits: number;
  cancelled: boolean;
  wake?: () => void;
}
let queue = Promise.resolve();

parentPort!.on('message', (m: ToExportWorker) => {
  if (m.type === 'job') {
    const state: JobState = { credits: m.ahead, cancelled: false };
    jobs.set(m.job, state);
    queue = queue.then(() => run(m.job, m, m.slices, state));
    return;
  }
  const state = jobs.get(m.job);
  if (!state) return;
  if (m.type === 'credit') state.credits++;
  else state.cancelled = true;
  state.wake?.();
});

/**
 * A slice's lines as UTF-8 runs: each line written straight into the run's buffer (three times faster than
 * joining the lines and encoding the whole, measured), a run posted once it holds RUN_BYTES.
 */
class Run {
  private buffer = Buffer.allocUnsafeSlow(RUN_CAPACITY);
  private written = 0;

  /** Add a line; a line that does not fit (at most 3 bytes a UTF-16 unit) first sends what is held. */
  async add(line: string, send: (bytes: Uint8Array) => Promise<void>): Promise<void> {
    const most = line.length * 3;
    if (this.written + most > this.buffer.length) {
      await this.flush(send);
      if (most > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(most);
    }
    this.written += this.buffer.write(line, this.written);
    if (this.written >= RUN_BYTES) await this.flush(send);
  }

  /**
   * Send what is held, copied into a buffer of its exact size (transferred, not copied again), and keep
   * the run's buffer; a slice's end sends its tally. The copy costs ~0.1 ms a run; sending the half-empty
   * run buffer itself doubled the memory the server's thread receives from outside its heap, and V8 starts
   * full collections on that thread as that memory grows (59 in one 1M-line dpo export; 28–34 now).
   */
  async flush(send: (bytes: Uint8Array, tally?: SliceTally) => Promise<void>, tally?: SliceTally): Promise<void> {
    const bytes = Buffer.allocUnsafeSlow(this.written);
    this.buffer.copy(bytes, 0, 0, this.written);
    if (this.buffer.length > RUN_CAPACITY) this.buffer = Buffer.allocUnsafeSlow(RUN_CAPACITY);
    this.written = 0;
    await send(bytes, tally);
  }
}

async function run(job: number, what: ExportJob, slices: IdSlice[], state: JobState): Promise<void> {
  // A run with a tally is its slice's last.
  const send = async (bytes: Uint8Array, tally?: SliceTally) => {
    while (state.credits === 0 && !state.cancelled) await new Promise<void>((resolve) => (state.wake = resolve));
    if (state.cancelled) return;
    state.credits--;
    parentPort!.postMessage({ type: 'run', job, bytes, tally }, [bytes.buffer as ArrayBuffer]);
  };
  try {
    const out = new Run();
    for (let i = 0; i < slices.length && !state.cancelled; i++) {
      const stream = await exportProject(ctx, what.projectId, what.format, what.options, slices[i]);
      for await (const line of stream) {
        await out.add(line, send);
        if (state.cancelled) break;
      }
      const { rows, split, tie, splitTaskIds } = stream.left;
      await out.flush(send, { rows, split, tie, splitTaskIds });
    }
  } catch (e) {
    parentPort!.postMessage({ type: 'error', job, error: errorForParent(e) });
  } finally {
    jobs.delete(job);
    parentPort!.postMessage({ type: 'done', job });
  }
}
