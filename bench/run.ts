/**
 * `npm run bench`: the platform benchmarks in sequence, each in its own process so one's memory
 * does not colour the next: import (1M tasks, vs raw inserts) then in-process routing (1M-task
 * project, 100 and 1,000 tutors, SQLite and PostgreSQL). Extra arguments go to both.
 * Results: bench/results/import.json, bench/results/routing.json.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const here = import.meta.dirname;
const extra = process.argv.slice(2);
const benches = [
  ['import', resolve(here, 'platform/import.ts'), ...(process.env.TUTORLOOP_BENCH_PG || process.env.TUTORLOOP_TEST_PG ? ['--pg'] : [])],
  ['routing', resolve(here, 'platform/routing.ts')],
];
let failed = 0;
for (const [name, file, ...flags] of benches) {
  process.stderr.write(`== ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...flags, ...extra], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
