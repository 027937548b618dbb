/**
 * The main thread's side of the model worker (sdkWorker.ts): one worker per process, started on the
 * first call. `call` posts one attempt and resolves with the reply, or rejects with the SDK's own
 * error class rebuilt from the worker's answer (sdkWire.ts). A lane's spec (base URL, timeout, key)
 * is sent to a worker once, before its first call there.
 *
 * A worker that dies (crash, `stop`) fails its calls in flight as connection errors, which the retry
 * rule retries, and the next call starts a new worker. The worker holds the process open only while
 * it has calls in flight (ref'd then, unref'd when idle), so a CLI command waiting for a reply is
 * not cut short and an idle worker never keeps a process alive.
 * The entry sits beside this module: `sdkWorker.js` in the esbuild bundle (an entry point of
 * build:cli), or from the sources `sdkWorker.boot.mjs` (as the heavy-read and parse workers).
 */
import { Worker } from 'node:worker_threads';
import type OpenAI from 'openai';
import { APIConnectionError } from 'openai';
import { batchedPost, rebuildError, type FromWorker, type LaneSpec, type SdkReply, type ToWorker } from './sdkWire.js';

interface Pending {
  resolve: (reply: SdkReply) => void;
  reject: (error: Error) => void;
}

interface Running {
  worker: Worker;
  post: (message: ToWorker) => void;
  pending: Map<number, Pending>;
  /** The lanes this worker has a client for. */
  lanes: Set<number>;
}

export class SdkThread {
  private running: Running | null = null;
  private nextId = 1;

  call(lane: LaneSpec, params: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming): Promise<SdkReply> {
    const running = this.running ?? this.start();
    if (!running.lanes.has(lane.lane)) {
      running.post({ kind: 'lane', ...lane });
      running.lanes.add(lane.lane);
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (running.pending.size === 0) running.worker.ref();
      running.pending.set(id, { resolve, reject });
      running.post({ kind: 'call', id, lane: lane.lane, params });
    });
  }

  /** A lane no longer used (its endpoint removed or edited): the worker drops its client. */
  forget(lane: number): void {
    if (this.running?.lanes.delete(lane)) this.running.post({ kind: 'forget', lane });
  }

  /** The worker's thread id, or null before the first call and after `stop`. */
  get threadId(): number | null {
    return this.running?.worker.threadId ?? null;
  }

  /** Stop the worker (tests): its calls in flight fail as connection errors; the next call starts another. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.lost(running, 'the model worker was stopped');
    await running.worker.terminate();
  }

  private start(): Running {
    const fromSource = new URL(import.meta.url).pathname.endsWith('.ts');
    const worker = new Worker(new URL(fromSource ? './sdkWorker.boot.mjs' : './sdkWorker.js', import.meta.url));
    const post = batchedPost<ToWorker>((batch) => worker.postMessage(batch));
    const running: Running = { worker, post, pending: new Map(), lanes: new Set() };
    worker.on('message', (batch: FromWorker[]) => {
      for (const m of batch) {
        const pending = running.pending.get(m.id);
        if (!pending) continue;
        running.pending.delete(m.id);
        if (m.ok) pending.resolve(m.reply);
        else pending.reject(rebuildError(m.error));
      }
      if (running.pending.size === 0) worker.unref();
    });
    worker.on('error', (e) => this.lost(running, `the model worker failed: ${e.message}`));
    worker.on('exit', (code) => this.lost(running, `the model worker exited (code ${code})`));
    worker.unref();
    this.running = running;
    return running;
  }

  /** A worker gone: its calls fail as lost connections (retried), and the next call starts a new one. */
  private lost(running: Running, reason: string): void {
    if (this.running === running) this.running = null;
    const calls = [...running.pending.values()];
    running.pending.clear();
    running.worker.unref();
    for (const p of calls) p.reject(new APIConnectionError({ message: reason }));
  }
}

let thread: SdkThread | undefined;

/** The process's model worker (one for every gateway and database). */
export function sdkThread(): SdkThread {
  thread ??= new SdkThread();
  return thread;
}
