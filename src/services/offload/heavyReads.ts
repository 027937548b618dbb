/**
 * Manager reads whose work grows with the project (the quality dashboard's bootstrap intervals, the
 * economics pass over every judgment, the list in heavyReadList.ts) run in a worker thread with its own
 * database connection, so a manager opening a dashboard never stalls tutors' next/submit on the server's
 * event loop. Two lanes of one worker each, calls queued in order in each (bounded concurrency: at most
 * one consensus batch and one heavy read at a time per server process).
 * The server turns it on (`serve`); without it (tests, CLI) the same service runs inline.
 * The worker's entry sits beside this module (workerBeside.ts).
 */
import type { Worker } from 'node:worker_threads';
import { errorFromWorker, workerBeside } from './workerBeside.js';
import type { HeavyReadPool, ServiceContext } from '../context.js';
import { getProject } from '../projects/queries.js';
import { BATCH_LANE, HEAVY_READS, type HeavyRead, type HeavyReadArgs } from './heavyReadList.js';

type Result<K extends HeavyRead> = Awaited<ReturnType<(typeof HEAVY_READS)[K]>>;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** One worker thread, started on first use, answering its calls in order. */
function startLane(dbUrl: string, readsOnly: boolean) {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    worker = null;
  };
  const ensure = (): Worker => {
    if (worker) return worker;
    const w = workerBeside(import.meta.url, 'heavyReadWorker', { workerData: { dbUrl, readsOnly } });
    w.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: { name: string; message: string; status?: number } }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(errorFromWorker(m.error!));
    });
    w.on('error', failAll);
    w.on('exit', () => failAll(new Error('the heavy-read worker stopped')));
    w.unref();
    worker = w;
    return w;
  };
  return {
    run(name: string, projectId: number | null, args?: unknown) {
      return new Promise<unknown>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        ensure().postMessage({ id, name, projectId, args });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

export function startHeavyReadPool(dbUrl: string): HeavyReadPool {
  const batch = startLane(dbUrl, false);
  const reads = startLane(dbUrl, true);
  return {
    run: (name, projectId, args) => (BATCH_LANE.has(name as HeavyRead) ? batch : reads).run(name, projectId, args),
    async close() {
      await Promise.all([batch.close(), reads.close()]);
    },
  };
}

/** Run a heavy read in the context's worker when it has one, else inline (same service, same answer). */
export async function heavyRead<K extends HeavyRead>(
  ctx: ServiceContext,
  name: K,
  projectId: number | null,
  ...args: HeavyReadArgs<K> extends undefined ? [] : [HeavyReadArgs<K>]
): Promise<Result<K>> {
  const call = HEAVY_READS[name] as (ctx: ServiceContext, projectId: number | null, args?: unknown) => Promise<unknown>;
  if (ctx.heavyReads) {
    // Checked here so a missing project is still a 404 (errors cross the thread as plain messages).
    if (projectId !== null) await getProject(ctx, projectId);
    return (await ctx.heavyReads.run(name, projectId, args[0])) as Result<K>;
  }
  return (await call(ctx, projectId, args[0])) as Result<K>;
}
