/**
 * Child process for the multi-process test: opens the same SQLite file over its own connection and
 * runs the given tutors concurrently, then prints its acknowledged submissions as one JSON line.
 * Usage: node --import tsx processWorker.ts URL PROJECT_ID USER_IDS_JSON [BARRIER_DIR INDEX COUNT]
 *
 * A start barrier: each process marks itself ready in BARRIER_DIR and starts only once all COUNT
 * are, so one that took longer to boot still meets the others in the database (without it, the
 * first processes could finish every task before the last one started, and nothing would contend).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../../../src/store/database.js';
import { serviceContext } from '../../../src/services/context.js';
import { tutorLoop } from './tutorLoop.js';

const [url, projectId, userIdsJson, barrierDir, index, count] = process.argv.slice(2);
const store = await openStore(url, { migrate: false });
const ctx = serviceContext(store);
const userIds = JSON.parse(userIdsJson) as number[];
// The barrier is optional: callers that pass only URL PROJECT_ID USER_IDS_JSON start at once.
if (barrierDir) {
  writeFileSync(join(barrierDir, `ready-${index}`), '');
  const allReady = (): boolean =>
    Array.from({ length: Number(count) }, (_, i) => existsSync(join(barrierDir, `ready-${i}`))).every(Boolean);
  for (const deadline = Date.now() + 120_000; !allReady(); ) {
    if (Date.now() > deadline) throw new Error('start barrier: not every process came up within 120 s');
    await sleep(5);
  }
}
const results = await Promise.all(
  userIds.map((id) => tutorLoop(ctx, { id, role: 'tutor', tier: 'generalist', domains: [] }, Number(projectId))),
);
await store.close();
process.stdout.write(`${JSON.stringify(results.flatMap((r) => r.acks))}\n`);
