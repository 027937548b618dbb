/**
 * In-process timing of the heavy calls of bench:scale on a database built once and kept, for profiling:
 *
 *   npx tsx bench/scale/profile.ts --db sqlite:/tmp/scale/scale.db --tasks 100000 [--only batch,annotations,dpo]
 *   … --only projects,stats,stats-scratch   (progress: the project list, one project's, and the pass over its tasks)
 *   … --only annotations,dpo,dpo-summary,classification,classification-summary,ratings   (the exports)
 *   npx tsx bench/scale/profile.ts --db postgres://…/empty_db --build --tasks 20000   (PostgreSQL: build once, explicitly)
 *   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/scale/profile.ts --db … --only batch
 *
 * The first run builds the database (build.ts); later runs reuse it. Each step prints its time and the
 * process's RSS; no HTTP, no server, so a CPU profile shows only the work itself.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openStore } from '../../src/store/database.js';
import { serviceContext } from '../../src/services/context.js';
import { exportProject } from '../../src/services/export/exportProject.js';
import { recomputeProjectConsensus } from '../../src/services/consensus/recomputeProjectConsensus.js';
import { projectQuality } from '../../src/services/dashboards/quality.js';
import { projectEconomicsView } from '../../src/services/dashboards/economics.js';
import { projectStats, statsOfAllProjects } from '../../src/services/projects/queries.js';
import { findProject, routingOverlap } from '../../src/store/repositories/projects.js';
import { taskCountsFromScratch } from '../../src/store/repositories/tasks.js';
import { buildScale } from './build.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite:/tmp/scale/scale.db' },
    tasks: { type: 'string', default: '100000' },
    only: { type: 'string', default: 'batch,quality,economics,economics-scratch,annotations,dpo,dpo-summary' },
    project: { type: 'string', default: '1' },
    // build.ts's projects: 1 preference (dpo, annotations), 2 labels (classification), 3 ratings.
    'label-project': { type: 'string', default: '2' },
    'rating-project': { type: 'string', default: '3' },
    build: { type: 'boolean', default: false },
  },
});
const url = args.db!;
const steps = new Set(args.only!.split(','));
if (args.build || (url.startsWith('sqlite:') && !existsSync(url.slice('sqlite:'.length)))) {
  process.stderr.write(`building ${args.tasks} tasks…\n`);
  await buildScale(url, Number(args.tasks));
}
const store = await openStore(url);
const ctx = serviceContext(store);
const projectId = Number(args.project);
const rss = () => Math.round(process.memoryUsage().rss / 1048576);

async function step(name: string, run: () => Promise<string>) {
  if (!steps.has(name)) return;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const detail = await run();
  const cpu = process.cpuUsage(cpu0);
  // CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  process.stdout.write(`${name}: ${Math.round(performance.now() - t0)} ms wall, ${cpuMs} ms CPU, RSS ${rss()} MB ${detail}\n`);
}

async function drain(format: 'annotations' | 'dpo' | 'classification' | 'ratings', project = projectId): Promise<string> {
  const stream = await exportProject(ctx, project, format);
  let lines = 0;
  let bytes = 0;
  const t0 = performance.now();
  for await (const line of stream) {
    lines++;
    bytes += line.length;
  }
  return `(${lines} lines, ${Math.round(lines / ((performance.now() - t0) / 1000))} lines/s, ${Math.round(bytes / 1048576)} MB)`;
}

await step('projects', async () => `(${(await statsOfAllProjects(ctx)).size} projects)`);
await step('stats', async () => `(${(await projectStats(ctx, projectId)).tasks.done} done)`);
await step('stats-scratch', async () => {
  const project = await findProject(store.db, projectId);
  return `(${(await taskCountsFromScratch(store.db, projectId, routingOverlap(project!.config))).done} done)`;
});
await step('batch', async () => JSON.stringify(await recomputeProjectConsensus(ctx, projectId)));
await step('quality', async () => `(${(await projectQuality(ctx, projectId)).agreement.annotations} annotations in agreement)`);
await step('economics', async () => `(${(await projectEconomicsView(ctx, projectId)).tutors.length} tutors)`);
// The same page from every judgment (the reference the stored rollups are tested against): an A/B on one database.
await step(
  'economics-scratch',
  async () => `(${(await projectEconomicsView(ctx, projectId, { fromScratch: true })).tutors.length} tutors)`,
);
await step('annotations', () => drain('annotations'));
await step('dpo', () => drain('dpo'));
await step('dpo-summary', async () => `(${(await (await exportProject(ctx, projectId, 'dpo')).count()).rows} rows)`);
const labels = Number(args['label-project']);
const ratings = Number(args['rating-project']);
await step('classification', () => drain('classification', labels));
await step('classification-summary', async () => `(${(await (await exportProject(ctx, labels, 'classification')).count()).rows} rows)`);
await step('ratings', () => drain('ratings', ratings));
await store.close();
