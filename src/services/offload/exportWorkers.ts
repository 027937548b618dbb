/**
 * The export workers: threads that each form slices of a large export (services/export/parallelLines.ts
 * plans them), so an export uses both cores and the server's event loop only passes bytes to the socket.
 * Slice k goes to the k-th worker round robin; each worker forms its slices in order and the server reads
 * them in slice order, so the lines come out exactly as one thread would write them. Bounded: at most
 * `workers` threads per export and two exports' worth of threads in all (a third export at once is
 * formed inline, as without workers); each worker runs at most AHEAD runs ahead of the socket.
 * The server turns it on (`serve`); the worker's entry sits beside this module (workerBeside.ts).
 */
import type { Worker } from 'node:worker_threads';
import { UserInputError } from '../../domain/errors.js';
import type { ExportJob, ExportWorkerPool, SlicePiece, SliceTally } from '../context.js';
import type { IdSlice } from '../export/pages.js';
import { errorFromWorker, workerBeside } from './workerBeside.js';

/** Runs (~256 KB each) a worker may form before the server has taken them. */
const AHEAD = 4;
/**
 * The worker's young generation (V8's default semi-space is 16 MB; this is 32 MB). An export allocates
 * short-lived rows and strings by the million: forming the dpo lines of 1M tasks took 16.1 s of CPU with
 * the default and 13.6 s with this (in process, `--max-semi-space-size=32`), the scavenges being fewer.
 */
const YOUNG_GENERATION_MB = 96;

export type ToExportWorker =
  | ({ type: 'job'; job: number; slices: IdSlice[]; ahead: number } & ExportJob)
  | { type: 'credit'; job: number }
  | { type: 'cancel'; job: number };
type FromExportWorker =
  | { type: 'run'; job: number; bytes: Uint8Array; tally?: SliceTally }
  | { type: 'error'; job: number; error: { name: string; message: string } }
  | { type: 'done'; job: number };
type Run = Extract<FromExportWorker, { type: 'run' }>;

export interface ExportWorkerOptions {
  /** Threads per export. */
  workers: number;
  sliceItems: number;
  minItems: number;
  /** Start one export's threads now (the server does: the first export's first byte does not wait for them). */
  eager: boolean;
}
export const DEFAULT_EXPORT_WORKERS: ExportWorkerOptions = { workers: 2, sliceItems: 4000, minItems: 20_000, eager: false };

/** One worker thread and the runs it has sent for the job it is on. */
class Lane {
  private readonly runs: Run[] = [];
  private waiting?: () => void;
  private failure?: Error;
  /** The job it is on (undefined: free); a job's messages after it was given up are ignored. */
  private job?: number;
  /** The worker has formed all of the job's slices (or failed). */
  private ended = false;

  constructor(
    private readonly worker: Worker,
    private readonly gone: (lane: Lane) => void,
  ) {
    worker.on('message', (m: FromExportWorker) => {
      if (m.job !== this.job) return;
      if (m.type === 'run') this.runs.push(m);
      else if (m.type === 'error') this.failure = errorFromWorker(m.error);
      else this.ended = true;
      this.waiting?.();
    });
    const fail = (e: Error) => {
      this.failure = e;
      this.waiting?.();
      this.gone(this);
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('an export worker stopped')));
    worker.unref();
  }

  start(job: number, what: ExportJob, slices: IdSlice[]): void {
    this.job = job;
    this.ended = false;
    this.runs.length = 0;
    this.failure = undefined;
    // Held while it works (the CLI has nothing else keeping its event loop alive), let go when free.
    this.worker.ref();
    this.worker.postMessage({ type: 'job', job, slices, ahead: AHEAD, ...what } satisfies ToExportWorker);
  }

  /** The job's next run, credited back to the worker once taken. */
  async next(job: number): Promise<Run> {
    for (;;) {
      if (this.failure) throw this.failure;
      const run = this.runs.shift();
      if (run) {
        this.worker.postMessage({ type: 'credit', job } satisfies ToExportWorker);
        return run;
      }
      if (this.ended || this.job !== job) throw new Error('an export worker ended its slices early');
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  /**
   * Give the job up (read to its end, or its reader left): free at once. A job still running is told to
   * stop; the worker takes its next job once it has (it runs them one after another).
   */
  finish(job: number): void {
    if (this.job !== job) return;
    if (!this.ended) this.worker.postMessage({ type: 'cancel', job } satisfies ToExportWorker);
    this.job = undefined;
    this.runs.length = 0;
    this.worker.unref();
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export function startExportWorkers(dbUrl: string, options: Partial<ExportWorkerOptions> = {}): ExportWorkerPool {
  const { workers, sliceItems, minItems, eager } = { ...DEFAULT_EXPORT_WORKERS, ...options };
  const limit = workers * 2;
  const all = new Set<Lane>();
  const free: Lane[] = [];
  let nextJob = 1;

  const take = (): Lane | undefined => {
    const lane = free.pop();
    if (lane || all.size >= limit) return lane;
    const started: Lane = new Lane(
      workerBeside(import.meta.url, 'exportWorker', {
        workerData: { dbUrl },
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      }),
      (gone) => {
        all.delete(gone);
        const at = free.indexOf(gone);
        if (at >= 0) free.splice(at, 1);
      },
    );
    all.add(started);
    return started;
  };
  const giveBack = (lane: Lane) => {
    if (all.has(lane)) free.push(lane);
  };

  if (eager) {
    const started = Array.from({ length: workers }, take);
    for (const lane of started) if (lane) giveBack(lane);
  }

  return {
    sliceItems,
    minItems,
    slices(what, slices) {
      const lanes: Lane[] = [];
      const wanted = Math.min(workers, slices.length);
      for (let lane = take(); lane; lane = lanes.length < wanted ? take() : undefined) lanes.push(lane);
      if (lanes.length === 0) return null;
      const job = nextJob++;
      lanes.forEach((lane, i) => {
        lane.start(
          job,
          what,
          slices.filter((_, k) => k % lanes.length === i),
        );
      });
      return (async function* (): AsyncGenerator<SlicePiece> {
        try {
          for (let k = 0; k < slices.length; k++) {
            const lane = lanes[k % lanes.length];
            for (;;) {
              const run = await lane.next(job);
              if (run.bytes.byteLength > 0) yield { bytes: run.bytes };
              if (run.tally) {
                yield { tally: run.tally };
                break;
              }
            }
          }
        } finally {
          for (const lane of lanes) {
            lane.finish(job);
            giveBack(lane);
          }
        }
      })();
    },
    async close() {
      const lanes = [...all];
      all.clear();
      free.length = 0;
      await Promise.all(lanes.map((lane) => lane.terminate()));
    },
  };
}

/**
 * The pool `serve` and `tutorloop export` start: TUTORLOOP_EXPORT_WORKERS threads per export (default 2;
 * 0: none, every export formed on the caller's thread), for exports of TUTORLOOP_EXPORT_WORKERS_FROM items
 * or more (default 20,000).
 */
export function exportWorkersFromEnv(dbUrl: string, options: Partial<ExportWorkerOptions> = {}): ExportWorkerPool | undefined {
  const whole = (name: string, fallback: number, most: number) => {
    const text = process.env[name];
    const n = text ? Number(text) : fallback;
    if (!Number.isInteger(n) || n < 0 || n > most)
      throw new UserInputError(`${name} must be a whole number from 0 to ${most}, not "${text}"`);
    return n;
  };
  const workers = whole('TUTORLOOP_EXPORT_WORKERS', DEFAULT_EXPORT_WORKERS.workers, 16);
  const minItems = whole('TUTORLOOP_EXPORT_WORKERS_FROM', DEFAULT_EXPORT_WORKERS.minItems, Number.MAX_SAFE_INTEGER);
  return workers > 0 ? startExportWorkers(dbUrl, { ...options, workers, minItems }) : undefined;
}
