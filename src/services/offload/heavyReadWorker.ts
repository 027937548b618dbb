/** The heavy-read worker (heavyReads.ts): its own store on the same database, in one of the two lanes. */
import { workerData } from 'node:worker_threads';
import { openStore } from '../../store/database.js';
import { POSTGRES_WRITES_AT_ONCE } from '../../store/writerPacing.js';
import { answerQuestions, yieldToTheServer } from './workerBeside.js';
import { serviceContext } from '../context.js';
import { HEAVY_READS } from './heavyReadList.js';
import type { HeavyReadQuestion } from './heavyReads.js';

const { dbUrl, readsOnly } = workerData as { dbUrl: string; readsOnly: boolean };
// The dashboards' lane only reads: it gives way to tutors' requests. Not the batch's lane, which holds
// SQLite's writer for its slices: slowed down there, it would hold tutors' submits back longer.
if (readsOnly) yieldToTheServer();
// A small pool of two. The batch's lane has a connection more for each domain the batch writes at once on
// PostgreSQL (writerPacing.ts), a transaction on a connection each, with the two for reads beside them
// (with a pool only as large as its writes, a read waited out the pool's 10 s timeout behind a
// million-task batch's writes). The server's own store checkpoints SQLite's WAL in the background; this
// one's commits leave it to that.
const poolSize = readsOnly ? 2 : POSTGRES_WRITES_AT_ONCE + 2;
const ctx = serviceContext(await openStore(dbUrl, { migrate: false, poolSize, checkpointedElsewhere: true }));

const call = ({ name, projectId, args }: HeavyReadQuestion) =>
  (HEAVY_READS[name] as (c: typeof ctx, projectId: number | null, args?: unknown) => Promise<unknown>)(ctx, projectId, args);

// The batch's lane runs one call at a time, in the order asked: a second batch (two managers, or a
// recompute while an export refreshes the consensus) waits for the first instead of sharing its pool.
// The reads' lane answers calls as they end, bounded by its one thread and its pool.
let queue: Promise<unknown> = Promise.resolve();
answerQuestions((question: HeavyReadQuestion) => {
  if (readsOnly) return call(question);
  const answer = queue.then(() => call(question));
  queue = answer.catch(() => undefined);
  return answer;
});
