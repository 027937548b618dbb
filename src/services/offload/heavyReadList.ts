/**
 * The calls `heavyReads.ts` may run in its worker: each takes (ctx, projectId, args) — args plain JSON —
 * and answers plain JSON (or what structured cloning carries, e.g. a Map). Whatever grows with the
 * project goes here, so tutors' requests never wait behind it on the server's event loop (on SQLite a
 * query runs on the thread that issued it): the quality and economics dashboards, the project list's
 * and a project's progress (a pass over its tasks), the task browser's pages and counts, the export
 * summary (it forms the export's rows) and the consensus batch (it reads and fits every judgment).
 * Each runs in one of two lanes (a worker each): the batch's, so a minute-long batch does not queue
 * every dashboard behind it, and the reads'.
 */
import type { ExportFormat, ExportOptions } from '../../domain/api/export.js';
import type { Actor, ServiceContext } from '../context.js';
import { recomputeProjectConsensus, refreshConsensusIfStale } from '../consensus/recomputeProjectConsensus.js';
import { projectEconomicsView } from '../dashboards/economics.js';
import { projectQuality } from '../dashboards/quality.js';
import { hasConsensus } from '../consensus/labels.js';
import { getProject } from '../projects/queries.js';
import { exportProject } from '../export/exportProject.js';
import { projectStats, statsOfAllProjects } from '../projects/queries.js';
import { browseTasks } from '../tasks/browseTasks.js';
import { countTasks } from '../tasks/taskActions.js';
import type { TaskBrowseQuery } from '../../domain/api/taskBrowser.js';
import type { TaskFilter } from '../../domain/api/taskActions.js';

export const HEAVY_READS = {
  quality: (ctx: ServiceContext, projectId: number) => projectQuality(ctx, projectId),
  economics: (ctx: ServiceContext, projectId: number) => projectEconomicsView(ctx, projectId),
  stats: (ctx: ServiceContext, projectId: number) => projectStats(ctx, projectId),
  /** Every project's progress (the managers' project list); called with no project (heavyRead's null). */
  allProjectStats: (ctx: ServiceContext) => statsOfAllProjects(ctx),
  taskList: (ctx: ServiceContext, projectId: number, args: TaskBrowseQuery) => browseTasks(ctx, projectId, args),
  taskCount: (ctx: ServiceContext, projectId: number, args: TaskFilter) => countTasks(ctx, projectId, args),
  exportSummary: async (ctx: ServiceContext, projectId: number, args: { format: ExportFormat } & ExportOptions) =>
    (await exportProject(ctx, projectId, args.format, { style: args.style, includeTies: args.includeTies, margin: args.margin })).count(),
  consensusRecompute: (ctx: ServiceContext, projectId: number, args: { actor?: Actor }) =>
    recomputeProjectConsensus(ctx, projectId, args.actor),
  /** What an export does first (exportProject.ts), run here so the export itself finds it done. */
  consensusRefresh: async (ctx: ServiceContext, projectId: number) =>
    hasConsensus((await getProject(ctx, projectId)).type) ? refreshConsensusIfStale(ctx, projectId) : false,
} as const;

export type HeavyRead = keyof typeof HEAVY_READS;

/** The batch's lane; every other call runs in the reads' lane. */
export const BATCH_LANE: ReadonlySet<HeavyRead> = new Set<HeavyRead>(['consensusRecompute', 'consensusRefresh']);
export type HeavyReadArgs<K extends HeavyRead> = Parameters<(typeof HEAVY_READS)[K]>[2];
