/**
 * Manager reads whose work grows with the project (the quality dashboard's bootstrap intervals, the
 * economics pass over every judgment, the list in heavyReadList.ts) run in a worker thread with its own
 * database connection, so a manager opening a dashboard never stalls tutors' next/submit on the server's
 * event loop. Two lanes of one worker each (bounded concurrency): the batch's runs one call at a time, in
 * order (one consensus batch at a time per server process); the reads' answers its calls as they end, on
 * its one thread with a pool of two connections (heavyReadWorker.ts).
 * The server turns it on (`serve`); without it (tests, CLI) the same service runs inline.
 * The worker's entry sits beside this module (workerBeside.ts).
 */
import { askedWorker, workerBeside } from './workerBeside.js';
import type { HeavyReadPool, ServiceContext } from '../context.js';
import { getProject } from '../projects/queries.js';
import { BATCH_LANE, HEAVY_READS, type HeavyRead, type HeavyReadArgs } from './heavyReadList.js';

type Result<K extends HeavyRead> = Awaited<ReturnType<(typeof HEAVY_READS)[K]>>;

/** A call as the lane's worker is asked it (heavyReadWorker.ts). */
export interface HeavyReadQuestion {
  name: HeavyRead;
  projectId: number | null;
  args?: unknown;
}

/**
 * One worker thread, started on first use and again on the next call after it stopped (its open calls
 * fail with it), answering its calls as they end.
 */
function startLane(dbUrl: string, readsOnly: boolean) {
  let lane: ReturnType<typeof askedWorker<HeavyReadQuestion, unknown>> | null = null;
  const ensure = () => {
    if (lane) return lane;
    const worker = workerBeside(import.meta.url, 'heavyReadWorker', { workerData: { dbUrl, readsOnly } });
    const started = askedWorker<HeavyReadQuestion, unknown>(worker, 'heavy-read');
    worker.on('exit', () => {
      if (lane === started) lane = null;
    });
    worker.unref();
    lane = started;
    return started;
  };
  return {
    run: (name: HeavyRead, projectId: number | null, args?: unknown) => ensure().ask({ name, projectId, args }),
    async close() {
      const l = lane;
      lane = null;
      await l?.close();
    },
  };
}

export function startHeavyReadPool(dbUrl: string): HeavyReadPool {
  const batch = startLane(dbUrl, false);
  const reads = startLane(dbUrl, true);
  return {
    run: (name, projectId, args) => (BATCH_LANE.has(name as HeavyRead) ? batch : reads).run(name as HeavyRead, projectId, args),
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
