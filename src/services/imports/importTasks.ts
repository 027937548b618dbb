/**
 * Import tasks: the use case, and the last step of the import path
 *   openInput (gunzip, read ahead) → chooseFormat (framing; `auto` detects the format) →
 *   readImportFile (JSON lines: cut over-long lines) → splitLines → parseLine (caps, JSON, the format's
 *   converter in formats/) → validateTask (the project's task schema) → parsedBatch (in a worker for
 *   large inputs) → here; or readRecords (a JSON array, CSV) → parseLine → validateTask → here.
 * Here rows are staged in batches, each in its own short write transaction, into a table no reader
 * looks at (store/repositories/imports.ts); only once the whole file is read and found good are they
 * published into `tasks` (stagedImports.ts). So the file lands whole or not at all, yet SQLite's
 * writer is never held for more than a slice (~40 ms): tutors keep working during a large import,
 * whoever runs it. A crash while staging leaves nothing visible (the rows are discarded on recovery);
 * a crash while publishing is finished on recovery. PostgreSQL, whose writers do not block one
 * another, skips the staging: rows are copied straight into `tasks` in one transaction that commits
 * once the file is found good (store/repositories/importDirect.ts), so each is written once. Every bad line is reported with its number,
 * field and reason (up to `maxProblems`, then "and N more"). Re-import is idempotent by external
 * id: same id and content is skipped, same id with other content is an error.
 * Audited as `tasks.import` when published.
 */
import { UserInputError, NotFoundError, type LineProblem } from '../../domain/errors.js';
import { findProject } from '../../store/repositories/projects.js';
import {
  beginImport,
  markPublishing,
  rowStager,
  type StageOutcome,
  taskHashLookup,
  touchImport,
} from '../../store/repositories/imports.js';
import { ConcurrentInsertError, type DirectImport, directImportFor } from '../../store/repositories/importDirect.js';
import type { NewTask } from '../../store/repositories/tasks.js';
import type { Actor, ServiceContext } from '../context.js';
import { importLimits, type ImportLimits } from './limits.js';
import type { ParsedLine, ParserSpec } from './parseLine.js';
import { readImportFile, type ImportInput, type ParallelOptions } from './readImportFile.js';
import { readCsv, readJsonArray } from './readRecords.js';
import { type Framing, openInput } from './openInput.js';
import { chooseFormat } from './chooseFormat.js';
import type { ImportFormat, RequestedFormat } from './formats/index.js';
import { commitDirectImport, discardImport, importOwner, markActive, markDone, publishImport } from './stagedImports.js';
import { stagesWhileParsing, writerPacer } from '../../store/writerPacing.js';

export interface ImportOptions {
  /** Named in problems and the audit log. */
  fileName?: string;
  /**
   * `auto` (default): told from the first records (chooseFormat.ts). `tutorloop`: DESIGN.md's import
   * line; the foreign formats are listed in formats/index.ts and docs/imports.md.
   */
  format?: RequestedFormat;
  /**
   * The sender declared JSON (an `application/x-ndjson` body, a `.jsonl`/`.json` file): `auto` never
   * reads it as CSV, so a broken first line is refused as the JSON it was meant to be.
   */
  declaredJson?: boolean;
  onProgress?: (p: { lines: number; bytes: number }) => void;
  /** Told the format the input is read as, and whether it was detected (`auto`) rather than named, before any record is read. */
  onFormat?: (chosen: { format: ImportFormat; detected: boolean }) => void;
  /** Problems listed before "and N more" (default 100). */
  maxProblems?: number;
  /** Foreign formats: the domain of records that carry none (default: for hh-rlhf `safety` if the project has it, else its first domain). */
  domain?: string;
  /** Foreign formats: store a record's known answer (a published chosen, agreed labels) as gold. */
  asGold?: boolean;
  /** csv: which column plays which role, e.g. `{prompt: "question", response: "answer"}`. */
  columns?: Record<string, string>;
  /** Parsing in worker threads for large inputs (readImportFile.ts); the outcome is the same either way. */
  parallel?: ParallelOptions;
  /** Size and nesting caps (limits.ts); unset ones take the defaults. */
  limits?: Partial<ImportLimits>;
}

export interface ImportResult {
  imported: number;
  /** Already present with the same content. */
  skipped: number;
  /** Valid records that cannot become a task (e.g. an empty final reply), with their first line numbers. */
  leftOut?: { count: number; lines: number[] };
}

/**
 * A staged batch: at most this many rows or bytes, so each staging transaction is short whatever the
 * line size. PostgreSQL's writers do not wait for one another, and every batch costs round trips: its
 * batches are larger.
 */
const SQLITE_BATCH = { rows: 1000, bytes: 2 * 1024 * 1024 };
const POSTGRES_BATCH = { rows: 5000, bytes: 8 * 1024 * 1024 };
/** How often a running import says it is alive (recovery treats a long-silent one as abandoned). */
const HEARTBEAT_MS = 10_000;

export async function importTasks(
  ctx: ServiceContext,
  actor: Actor,
  projectId: number,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const project = await findProject(ctx.store.db, projectId);
  if (!project) throw new NotFoundError(`project ${projectId}`);
  const file = options.fileName ?? 'input';
  const maxProblems = options.maxProblems ?? 100;
  const config = project.config;
  let limits: ImportLimits;
  try {
    limits = importLimits(options.limits);
  } catch (e) {
    throw new UserInputError((e as Error).message, { field: 'limits' });
  }
  const opened = await openInput(input, file);
  let chosen: ReturnType<typeof chooseFormat>;
  let domain: string;
  try {
    chosen = chooseFormat(opened, options.format ?? 'auto', file, options.declaredJson !== true);
    domain = options.domain ?? (chosen.format === 'hh-rlhf' && config.domains.includes('safety') ? 'safety' : config.domains[0]);
    if (chosen.format === 'hh-rlhf' && config.type !== 'preference')
      throw new UserInputError('hh-rlhf lines become preference tasks; this project is not a preference project', {
        file,
        field: 'format',
      });
    if (!config.domains.includes(domain))
      throw new UserInputError(`domain must be one of ${config.domains.join(', ')}`, { file, field: 'domain' });
  } catch (e) {
    await opened.source.return(undefined); // close the input: nothing of it will be read
    throw e;
  }
  const { format, framing, detected } = chosen;
  options.onFormat?.({ format, detected });
  const spec: ParserSpec = {
    project: { type: config.type, domains: config.domains },
    format,
    domain,
    asGold: options.asGold ?? false,
    columns: options.columns,
    limits,
  };

  const { store } = ctx;
  const importId = await beginImport(store.db, { projectId, actorId: actor.id, file, format, owner: importOwner(), at: ctx.now() });
  markActive(importId);
  // Alive while it runs, however slowly the input arrives (recovery elsewhere treats a long-silent import as abandoned).
  const heartbeat = setInterval(() => void touchImport(ctx.store.db, importId, ctx.now()).catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  let published = false;
  // PostgreSQL: straight into `tasks` in one transaction, committed once the file is found good; SQLite: staged, then published.
  let direct: DirectImport | null = null;
  try {
    direct = directImportFor(store, projectId, ctx.now());
    const writer: RowWriter = direct ?? { present: taskHashLookup(store, projectId), stage: rowStager(store, importId).stage };
    const staged = await stageAll(ctx, writer, { source: opened.source, framing }, spec, options, file, maxProblems);
    const counts = { imported: staged.staged, skipped: staged.skipped, leftOut: staged.leftOut.count };
    let done: { imported: number };
    if (direct) done = await commitDirectImport(ctx, direct, importId, counts);
    else {
      await markPublishing(store.db, importId, counts, ctx.now());
      published = true;
      done = await publishImport(ctx, importId);
    }
    // Rows that reached the project from elsewhere between staging and publishing count as already present.
    const skipped = staged.skipped + (staged.staged - done.imported);
    const result = { imported: done.imported, skipped };
    return staged.leftOut.count > 0 ? { ...result, leftOut: staged.leftOut } : result;
  } catch (e) {
    await direct?.rollback();
    // Still staging: nothing was visible, so take the staged rows away (recovery would, later).
    if (!published) await discardImport(store, importId).catch((err) => ctx.reportError?.(err, `discarding import ${importId}`));
    if (e instanceof ConcurrentInsertError) throw new UserInputError(`${e.message}; nothing was imported: import the file again`, { file });
    throw e;
  } finally {
    clearInterval(heartbeat);
    markDone(importId);
  }
}

interface Staged {
  staged: number;
  skipped: number;
  leftOut: { count: number; lines: number[] };
}

/** Where an import's rows go: staged (SQLite) or written in the import's transaction (PostgreSQL). */
interface RowWriter {
  /** Stored content hashes of the tasks with these external ids in the project. */
  present(externalIds: string[]): Promise<Map<string, string>>;
  stage(rows: NewTask[]): Promise<StageOutcome>;
}

/** Read, parse and validate the whole input, writing its rows; throws the problems if any line is bad. */
async function stageAll(
  ctx: ServiceContext,
  writer: RowWriter,
  input: { source: AsyncGenerator<Buffer>; framing: Framing },
  spec: ParserSpec,
  options: ImportOptions,
  file: string,
  maxProblems: number,
): Promise<Staged> {
  const { store } = ctx;
  const pacer = writerPacer(store);
  const problems: LineProblem[] = [];
  let problemCount = 0;
  const report = (line: number, field: string | undefined, message: string) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push({ file, line, ...(field ? { field } : {}), message });
  };
  const out: Staged = { staged: 0, skipped: 0, leftOut: { count: 0, lines: [] } };
  let batch: NewTask[] = [];
  let batchLines: number[] = [];
  let batchBytes = 0;
  const overlap = stagesWhileParsing(store);
  const limits = overlap ? POSTGRES_BATCH : SQLITE_BATCH;
  let staging: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    const lines = batchLines;
    batch = [];
    batchLines = [];
    batchBytes = 0;
    // One batch staged at a time, in file order (task ids follow the file, problems are listed in line
    // order); on PostgreSQL the next batch is read and parsed meanwhile, on SQLite the paced writer waits for this one.
    await staging;
    // Ids already in the project (on PostgreSQL, the earlier batches of this import included): a read, outside
    // any write transaction on SQLite.
    const present = await writer.present(rows.map((r) => r.externalId));
    const fresh: NewTask[] = [];
    const freshLines: number[] = [];
    rows.forEach((r, i) => {
      const stored = present.get(r.externalId);
      if (stored === undefined) {
        fresh.push(r);
        freshLines.push(lines[i]);
      } else if (stored === r.contentHash) out.skipped++;
      else report(lines[i], 'id', `task "${r.externalId}" already exists with different content`);
    });
    if (problemCount > 0 || fresh.length === 0) return;
    staging = stageBatch(fresh, freshLines);
    staging.catch(() => undefined); // awaited by the next flush or at the end
    if (!overlap) await staging;
  };
  const stageBatch = async (fresh: NewTask[], freshLines: number[]) => {
    const outcome = await writer.stage(fresh);
    out.staged += outcome.staged;
    for (const e of outcome.repeats) {
      if (e.storedHash === fresh[e.index].contentHash) out.skipped++;
      else report(freshLines[e.index], 'id', `task "${fresh[e.index].externalId}" already exists with different content`);
    }
    await pacer.rest();
  };
  const progress = options.onProgress;
  const accept = (line: number, outcome: ParsedLine): Promise<void> | void => {
    if (outcome === 'leave-out') {
      if (out.leftOut.lines.length < maxProblems) out.leftOut.lines.push(line);
      out.leftOut.count++;
      return;
    }
    if (!outcome.ok) {
      for (const p of outcome.problems) report(line, p.field || undefined, p.message);
      return;
    }
    // After the first problem nothing will be kept: keep reading only to report every bad line.
    if (problemCount > 0) return;
    batch.push(outcome.task);
    batchLines.push(line);
    batchBytes += outcome.task.payload.length + (outcome.task.gold?.length ?? 0);
    if (batch.length >= limits.rows || batchBytes >= limits.bytes) return flush();
  };
  const onBytes = progress ? (bytes: number, count: number) => progress({ bytes, lines: count }) : undefined;
  try {
    if (input.framing === 'csv') await readCsv(input.source, spec, file, accept, onBytes);
    else if (input.framing === 'json-array') await readJsonArray(input.source, spec, accept, onBytes);
    else await readImportFile(input.source, spec, options.parallel ?? {}, accept, onBytes);
    if (problemCount === 0) await flush();
  } finally {
    // Never leave a batch being staged behind: the caller discards the import's rows next.
    await staging.catch(() => undefined);
  }
  await staging;
  if (problemCount > 0) {
    if (problemCount > problems.length) problems.push({ file, message: `and ${problemCount - problems.length} more` });
    const first = problems[0];
    throw new UserInputError(
      `${problemCount} problem(s) in ${file}; nothing was imported. First: ${first.message}`,
      { file, line: first.line, field: first.field },
      problems,
    );
  }
  return out;
}
