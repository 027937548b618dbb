/**
 * Export a project, streamed in pages: as NDJSON lines (each ending "\n") or as typed rows (Parquet).
 * Gold tasks are never exported. Formats (`docs/exports.md`): `dpo` (preference, ranking), `sft` (rewrite,
 * demonstration), `ratings` (rating; `rm` is its deprecated alias), `classification` (label), `stepwise`
 * (steps), `annotations` (any type); conversations: `sft`, turn-level `dpo`, `turn-ratings`. Exports read the stored consensus; a stale batch is re-run first.
 * Once the rows are read, `summary()` says what was left out and why.
 */
import { EXPORT_FORMATS, type ExportFormat, type ExportOptions, FORMAT_TASK_TYPES } from '../../domain/api/export.js';
import { NotFoundError, UserInputError } from '../../domain/errors.js';
import { exportedAnnotationCount, exportedItemCount, exportOmissionCounts, type OmissionCounts } from '../../store/repositories/exports.js';
import { findProject } from '../../store/repositories/projects.js';
import { enqueueEvent } from '../../store/repositories/webhookOutbox.js';
import { databaseSecret } from '../../store/repositories/settings.js';
import type { ServiceContext } from '../context.js';
import { hasConsensus } from '../consensus/labels.js';
import { refreshConsensusIfStale } from '../consensus/recomputeProjectConsensus.js';
import { annotationRows } from './annotations.js';
import { classificationRows } from './classification.js';
import { type Fields, lineEncoder } from '../../domain/export/columns.js';
import { dpoRows } from './dpo.js';
import { exportItems, type IdSlice, type Row } from './pages.js';
import { addTally, planSlices, sliceUnit } from './parallelLines.js';
import { ratingRows } from './ratings.js';
import { exportFields } from '../../domain/export/shapes.js';
import { conversationDpoRows } from './conversationDpo.js';
import { conversationSftRows } from './conversationSft.js';
import { sftRows } from './sft.js';
import { turnRatingRows } from './turnRatings.js';
import { stepwiseRows } from './stepwise.js';
import { DEFAULT_RUBRIC_MARGIN, rubricDpoRows, rubricGradeRows, rubricRows } from './rubricRows.js';
import { type ExportSummary, LeftOut } from './summary.js';
import { countedFormat, countFromConsensus } from './counts.js';

export interface ExportStream extends AsyncIterable<string> {
  readonly fields: Fields;
  /** What the lines or rows read so far counted (complete at their end). */
  readonly left: LeftOut;
  readonly project: { id: number; name: string; type: string; domains: string[]; consensusMethod: string };
  /** The same export as typed rows (read either the lines or the rows, once). */
  rows(): AsyncIterable<Row>;
  /**
   * The same lines in runs of bytes or strings, for a socket or a file: formed by the context's export
   * workers when the export is large enough (parallelLines.ts), else the lines one by one.
   */
  chunks(): AsyncIterable<string | Uint8Array>;
  /** What was exported and left out; complete once the lines or rows have been read to the end. */
  summary(): Promise<ExportSummary>;
  /**
   * The same summary without reading the export (instead of the lines or rows): the annotations export
   * is counted in SQL, dpo of preferences and classification from the stored consensus (counts.ts); the
   * others form their rows (their left-out counts need each task's votes) but never encode a line.
   */
  count(): Promise<ExportSummary>;
}

/**
 * Checks run eagerly (404 / 400 before the first byte), then the rows stream. `slice`: only these ids,
 * for a worker forming part of an export the server runs (which refreshes the consensus and tells the
 * webhooks, once).
 */
export async function exportProject(
  ctx: ServiceContext,
  projectId: number,
  format: ExportFormat,
  options: ExportOptions = {},
  slice?: IdSlice,
): Promise<ExportStream> {
  if (!EXPORT_FORMATS.includes(format)) throw new UserInputError(`format must be one of ${EXPORT_FORMATS.join(', ')}`, { field: 'format' });
  if (options.style && format !== 'dpo') throw new UserInputError('style applies to the dpo export only', { field: 'style' });
  if (options.margin !== undefined && format !== 'dpo')
    throw new UserInputError('margin applies to the dpo export only', { field: 'margin' });
  const db = ctx.store.db;
  const project = await findProject(db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const type = project.config.type;
  if (format !== 'annotations' && !FORMAT_TASK_TYPES[format].includes(type)) {
    throw new UserInputError(`the ${format} export needs a ${FORMAT_TASK_TYPES[format].join(' or ')} project; this one is ${type}`, {
      field: 'format',
    });
  }
  if (!slice && format !== 'sft' && hasConsensus(type)) await refreshConsensusIfStale(ctx, projectId);

  const style = format === 'dpo' ? (options.style ?? 'conversational') : undefined;
  const includeTies = options.includeTies ?? false;
  const left = new LeftOut();
  const fields = exportFields(format, style);
  const secret = format === 'annotations' || format === 'rubric-grades' ? await databaseSecret(db) : '';
  const source = (): AsyncGenerator<Row> => {
    const items = exportItems(ctx.store, projectId, slice);
    switch (format) {
      case 'dpo':
        if (type === 'rubric') return rubricDpoRows(db, projectId, style!, options.margin ?? DEFAULT_RUBRIC_MARGIN);
        return type === 'conversation'
          ? conversationDpoRows(db, projectId, { style: style!, includeTies }, left)
          : dpoRows(db, projectId, type, { style: style!, includeTies }, left, items);
      case 'sft':
        return type === 'conversation' ? conversationSftRows(db, projectId) : sftRows(db, projectId, type);
      case 'ratings':
      case 'rm':
        return ratingRows(db, projectId, new Map((project.config.rubric ?? []).map((a) => [a.name, a.scale])), items);
      case 'classification':
        return classificationRows(db, projectId, includeTies, left, items);
      case 'stepwise':
        return stepwiseRows(db, projectId);
      case 'annotations':
        return annotationRows(ctx.store, projectId, secret, undefined, slice);
      case 'rubrics':
        return rubricRows(db, projectId);
      case 'rubric-grades':
        return rubricGradeRows(db, projectId, secret);
      case 'turn-ratings':
        return turnRatingRows(db, projectId, new Map((project.config.rubric ?? []).map((a) => [a.name, a.scale])));
    }
  };
  // The rows, or straight their lines: one generator between the rows and the reader, not two per line.
  async function* produce<T>(each: (row: Row) => T): AsyncGenerator<T> {
    for await (const row of source()) {
      left.rows++;
      yield each(row);
    }
    if (!slice) await exportReady();
  }
  // Read to the end: tell the webhooks that asked (nothing is written when none did).
  const exportReady = () =>
    enqueueEvent(db, 'export.ready', projectId, { projectId, project: project!.config.name, format, rows: left.rows }, ctx.now());
  const lines = () => {
    const encode = lineEncoder(fields);
    return produce((row) => `${encode(row)}\n`);
  };
  async function* chunks(): AsyncGenerator<string | Uint8Array> {
    const pool = ctx.exportWorkers;
    const unit = sliceUnit(format, type);
    const slices = pool && unit && !slice ? await planSlices(db, projectId, unit, pool) : null;
    const pieces = slices && pool!.slices({ projectId, format, options }, slices);
    if (!pieces) return yield* lines();
    for await (const piece of pieces) {
      if ('bytes' in piece) yield piece.bytes;
      else addTally(left, piece.tally);
    }
    await exportReady();
  }
  const stream: ExportStream = {
    fields,
    project: {
      id: project.id,
      name: project.config.name,
      type,
      domains: project.config.domains,
      consensusMethod: project.config.quality.consensusMethod,
    },
    left,
    rows: () => produce((row) => row),
    [Symbol.asyncIterator]: lines,
    chunks,
    async count() {
      const counted = countedFormat(format, type);
      if (counted) return summarise(await countFromConsensus(ctx.store, counted, projectId, includeTies, left));
      if (format === 'annotations') left.rows = await exportedAnnotationCount(db, projectId);
      else if (format === 'ratings' || format === 'rm') left.rows = await exportedItemCount(db, projectId);
      else for await (const _ of source()) left.rows++;
      return stream.summary();
    },
    async summary() {
      return summarise(await exportOmissionCounts(db, projectId));
    },
  };
  function summarise(counts: OmissionCounts): ExportSummary {
    return {
      project: project!.config.name,
      format,
      style: style ?? null,
      rows: left.rows,
      includeTies,
      leftOut: {
        split: left.split,
        tie: left.tie,
        unresolved: counts.unresolved,
        gold: counts.gold,
        superseded: format === 'annotations' ? 0 : counts.superseded,
        excluded: counts.excluded,
      },
      review: '/review',
      splitTaskIds: [...left.splitTaskIds],
      deprecated: format === 'rm' ? 'the rm export is now called ratings; rm will be removed in a later release' : null,
    };
  }
  return stream;
}
