/**
 * Child process for the multi-process test: opens the same SQLite file over its own connection and
 * runs the given tutors concurrently, then prints its acknowledged submissions as one JSON line.
 * Usage: node --import tsx processWorker.ts URL PROJECT_ID USER_IDS_JSON
 */
import { openStore } from '../../../src/store/database.js';
import { serviceContext } from '../../../src/services/context.js';
import { tutorLoop } from './tutorLoop.js';

const [url, projectId, userIdsJson] = process.argv.slice(2);
const store = await openStore(url, { migrate: false });
const ctx = serviceContext(store);
const userIds = JSON.parse(userIdsJson) as number[];
const results = await Promise.all(
  userIds.map((id) => tutorLoop(ctx, { id, role: 'tutor', tier: 'generalist', domains: [] }, Number(projectId))),
);
await store.close();
process.stdout.write(`${JSON.stringify(results.flatMap((r) => r.acks))}\n`);
