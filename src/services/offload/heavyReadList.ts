/** The reads `heavyReads.ts` may run in its worker: each takes (ctx, projectId) and answers plain JSON. */
import { projectQuality } from '../dashboards/quality.js';
import { projectEconomicsView } from '../dashboards/economics.js';

export const HEAVY_READS = {
  quality: (ctx: Parameters<typeof projectQuality>[0], projectId: number) => projectQuality(ctx, projectId),
  economics: projectEconomicsView,
} as const;

export type HeavyRead = keyof typeof HEAVY_READS;
