/**
 * Export a project as NDJSON lines (each ending "\n"), streamed in pages. Gold tasks are never exported.
 * Formats: `dpo` (preference), `sft` (rewrite, demonstration), `rm` (rating), `annotations` (any type).
 * Exports read the stored consensus; a stale batch (annotations since the last one) is re-run first.
 */
import { EXPORT_FORMATS, type ExportFormat } from '../../domain/api/export.js';
import { NotFoundError, UserInputError } from '../../domain/errors.js';
import { findProject } from '../../store/repositories/projects.js';
import { databaseSecret } from '../../store/repositories/settings.js';
import type { ServiceContext } from '../context.js';
import { hasConsensus } from '../consensus/labels.js';
import { refreshConsensusIfStale } from '../consensus/recomputeProjectConsensus.js';
import { annotationLines } from './annotations.js';
import { dpoLines } from './dpo.js';
import { rmLines } from './rm.js';
import { sftLines } from './sft.js';

const FITS: Record<Exclude<ExportFormat, 'annotations'>, string[]> = { dpo: ['preference'], sft: ['rewrite', 'demonstration'], rm: ['rating'] };

/** Checks run eagerly (404 / 400 before the first byte), then the lines stream. */
export async function exportProject(ctx: ServiceContext, projectId: number, format: ExportFormat): Promise<AsyncIterable<string>> {
  if (!EXPORT_FORMATS.includes(format)) throw new UserInputError(`format must be one of ${EXPORT_FORMATS.join(', ')}`, { field: 'format' });
  const db = ctx.store.db;
  const project = await findProject(db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const type = project.config.type;
  if (format !== 'annotations' && !FITS[format].includes(type)) {
    throw new UserInputError(`the ${format} export needs a ${FITS[format].join(' or ')} project; this one is ${type}`, { field: 'format' });
  }
  if (format !== 'sft' && hasConsensus(type)) await refreshConsensusIfStale(ctx, projectId);
  switch (format) {
    case 'dpo':
      return dpoLines(db, projectId);
    case 'sft':
      return sftLines(db, projectId, type);
    case 'rm':
      return rmLines(db, projectId, type);
    case 'annotations':
      return annotationLines(db, projectId, await databaseSecret(db));
  }
}
