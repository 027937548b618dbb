/** The heavy-read worker (heavyReads.ts): its own store on the same database; answers one call at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../store/database.js';
import { errorForParent, yieldToTheServer } from './workerBeside.js';
import { serviceContext } from '../context.js';
import { HEAVY_READS, type HeavyRead } from './heavyReadList.js';

const { dbUrl, readsOnly } = workerData as { dbUrl: string; readsOnly: boolean };
// The dashboards' lane only reads: it gives way to tutors' requests. Not the batch's lane, which holds
// SQLite's writer for its slices: slowed down there, it would hold tutors' submits back longer.
if (readsOnly) yieldToTheServer();
// A small pool: this worker runs one call at a time. The batch's lane has more connections: on PostgreSQL
// the batch writes three domains at once (writerPacing.ts `writesAtOnce`), a transaction on a connection
// each, and reads beside them (with a pool only as large as its writes, a read waited out the pool's 10 s
// timeout behind a million-task batch's writes). The
// server's own store checkpoints SQLite's WAL in the background; this one's commits leave it to that.
const ctx = serviceContext(await openStore(dbUrl, { migrate: false, poolSize: readsOnly ? 2 : 5, checkpointedElsewhere: true }));

parentPort!.on('message', async (m: { id: number; name: HeavyRead; projectId: number | null; args?: unknown }) => {
  try {
    const call = HEAVY_READS[m.name] as (c: typeof ctx, projectId: number | null, args?: unknown) => Promise<unknown>;
    const value = await call(ctx, m.projectId, m.args);
    parentPort!.postMessage({ id: m.id, ok: true, value });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: errorForParent(e) });
  }
});
