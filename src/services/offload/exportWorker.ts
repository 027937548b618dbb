/**
 * An export worker (exportWorkers.ts): its own store on the same database; forms the slices of one export
 * at a time and posts their lines as UTF-8 runs, each transferred (not copied). It may run `ahead` runs
 * before the server has taken them (a credit per run taken), so a slow client holds a bounded amount here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../store/database.js';
import { errorForParent, yieldToTheServer } from './workerBeside.js';
import { serviceContext, type ExportJob } from '../context.js';
import type { IdSlice } from '../export/pages.js';
import { exportProject } from '../export/exportProject.js';
import type { ToExportWorker } from './exportWorkers.js';

/** Characters per posted run (~256 KB): large enough that a message costs nothing per line. */
const RUN_CHARS = 256 * 1024;

const { dbUrl } = workerData as { dbUrl: string };
yieldToTheServer();
// Opened as the worker starts (the server starts its workers before the first export): only reads, so no
// migrations and no checkpoints of its own.
const ctx = serviceContext(await openStore(dbUrl, { migrate: false, poolSize: 2, checkpointedElsewhere: true }));
const encoder = new TextEncoder();

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

async function run(job: number, what: ExportJob, slices: IdSlice[], state: JobState): Promise<void> {
  // A run with a tally is its slice's last.
  const post = async (text: string, tally?: unknown) => {
    while (state.credits === 0 && !state.cancelled) await new Promise<void>((resolve) => (state.wake = resolve));
    if (state.cancelled) return;
    state.credits--;
    const bytes = encoder.encode(text);
    parentPort!.postMessage({ type: 'run', job, bytes, tally }, [bytes.buffer]);
  };
  try {
    for (let i = 0; i < slices.length && !state.cancelled; i++) {
      const stream = await exportProject(ctx, what.projectId, what.format, what.options, slices[i]);
      let text = '';
      for await (const line of stream) {
        text += line;
        if (text.length >= RUN_CHARS) {
          await post(text);
          text = '';
          if (state.cancelled) break;
        }
      }
      const { rows, split, tie, splitTaskIds } = stream.left;
      await post(text, { rows, split, tie, splitTaskIds });
    }
  } catch (e) {
    parentPort!.postMessage({ type: 'error', job, error: errorForParent(e) });
  } finally {
    jobs.delete(job);
    parentPort!.postMessage({ type: 'done', job });
  }
}
