/** A project's stored consensus, per task, in task id order (keyset paging with `after`). */
import { refreshConsensusIfStale } from './recomputeProjectConsensus.js';
import { NotFoundError } from '../../domain/errors.js';
import { consensusPage } from '../../store/repositories/consensus.js';
import { findProject } from '../../store/repositories/projects.js';
import type { ServiceContext } from '../context.js';
import type { ConsensusPage } from '../../domain/api/consensus.js';

export async function listConsensus(
  ctx: ServiceContext,
  projectId: number,
  opts: { after?: number; limit?: number } = {},
): Promise<ConsensusPage> {
  if (!(await findProject(ctx.store.db, projectId))) throw new NotFoundError(`project ${projectId}`);
  // The first page brings batch-formed consensus up to date (later pages read the same run).
  if (!opts.after) await refreshConsensusIfStale(ctx, projectId);
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
  const rows = await consensusPage(ctx.store.db, projectId, opts.after ?? 0, limit);
  return {
    consensus: rows.map((r) => ({
      taskId: r.task_id,
      externalId: r.external_id,
      domain: r.domain,
      label: JSON.parse(r.label) as Record<string, unknown>,
      confidence: Number(r.confidence),
      annotatorCount: Number(r.annotator_count),
      method: r.method,
      methodVersion: r.method_version,
      source: r.source,
      reviewId: r.review_id === null ? null : Number(r.review_id),
      computedAt: new Date(Number(r.computed_at)).toISOString(),
    })),
    next: rows.length === limit ? rows[rows.length - 1].task_id : null,
  };
}
