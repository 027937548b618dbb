/**
 * The calls `heavyReads.ts` may run in its worker: each takes (ctx, projectId, args) — args plain JSON —
 * and answers plain JSON. Whatever grows with the project goes here, so tutors' requests never wait
 * behind it on the server's event loop: the quality and economics dashboards, the export summary (it
 * forms the export's rows) and the consensus batch (it reads and fits every judgment).
 */
import type { ExportFormat, ExportOptions } from '../../domain/api/export.js';
import type { Actor, ServiceContext } from '../context.js';
import { recomputeProjectConsensus, refreshConsensusIfStale } from '../consensus/recomputeProjectConsensus.js';
import { projectEconomicsView } from '../dashboards/economics.js';
import { projectQuality } from '../dashboards/quality.js';
import { hasConsensus } from '../consensus/labels.js';
import { getProject } from '../projects/queries.js';
import { exportProject } from '../export/exportProject.js';

export const HEAVY_READS = {
  quality: (ctx: ServiceContext, projectId: number) => projectQuality(ctx, projectId),
  economics: (ctx: ServiceContext, projectId: number) => projectEconomicsView(ctx, projectId),
  exportSummary: async (ctx: ServiceContext, projectId: number, args: { format: ExportFormat } & ExportOptions) =>
    (await exportProject(ctx, projectId, args.format, { style: args.style, includeTies: args.includeTies, margin: args.margin })).count(),
  consensusRecompute: (ctx: ServiceContext, projectId: number, args: { actor?: Actor }) =>
    recomputeProjectConsensus(ctx, projectId, args.actor),
  /** What an export does first (exportProject.ts), run here so the export itself finds it done. */
  consensusRefresh: async (ctx: ServiceContext, projectId: number) =>
    hasConsensus((await getProject(ctx, projectId)).type) ? refreshConsensusIfStale(ctx, projectId) : false,
} as const;

export type HeavyRead = keyof typeof HEAVY_READS;
export type HeavyReadArgs<K extends HeavyRead> = Parameters<(typeof HEAVY_READS)[K]>[2];
