/**
 * Import tasks from JSONL, streamed: lines are parsed (in a worker thread for large inputs, see
 * readImportFile.ts) and inserted in batches inside one write transaction per file, so memory stays flat
 * and the file lands whole or not at all. Every bad line is reported with its number, field and reason
 * (up to `maxProblems`, then "and N more"). Re-import is idempotent by external id: same id and content
 * is skipped, same id with other content is an error.
 * Audited as `tasks.import`.
 */
import { UserInputError, NotFoundError, type LineProblem } from '../../domain/errors.js';
import { findProject } from '../../store/repositories/projects.js';
import { taskInserter, type NewTask } from '../../store/repositories/tasks.js';
import { writeTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import type { ParsedLine, ParserSpec } from './parseLine.js';
import { readImportFile, type ImportInput, type ParallelOptions } from './readImportFile.js';

export interface ImportOptions {
  /** Named in problems and the audit log. */
  fileName?: string;
  /** `tutorloop` (default): DESIGN.md's import line. `hh-rlhf`: `{"chosen","rejected"}` dialogues. */
  format?: 'tutorloop' | 'hh-rlhf';
  onProgress?: (p: { lines: number; bytes: number }) => void;
  /** Problems listed before "and N more" (default 100). */
  maxProblems?: number;
  /** hh-rlhf only: the task domain (default: `safety` if the project has it, else its first domain). */
  domain?: string;
  /** hh-rlhf only: store the published `chosen` as gold. */
  hhRlhfAsGold?: boolean;
  /** Parsing in worker threads for large inputs (readImportFile.ts); the outcome is the same either way. */
  parallel?: ParallelOptions;
}

export interface ImportResult {
  imported: number;
  /** Already present with the same content. */
  skipped: number;
  /** hh-rlhf only: valid pairs that cannot become a task (an empty final reply), with their first line numbers. */
  leftOut?: { count: number; lines: number[] };
}

const BATCH = 1000;

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
  const hhDomain = options.domain ?? (config.domains.includes('safety') ? 'safety' : config.domains[0]);
  if (options.format === 'hh-rlhf' && (config.type !== 'preference' || !config.domains.includes(hhDomain))) {
    throw new UserInputError(
      config.type !== 'preference' ? 'hh-rlhf lines become preference tasks; this project is not a preference project' : `domain must be one of ${config.domains.join(', ')}`,
      { file, field: config.type !== 'preference' ? 'format' : 'domain' },
    );
  }
  const leftOut = { count: 0, lines: [] as number[] };
  const spec: ParserSpec = { project: { type: config.type, domains: config.domains }, format: options.format ?? 'tutorloop', hhDomain, hhRlhfAsGold: options.hhRlhfAsGold ?? false };

  const at = ctx.now();
  const problems: LineProblem[] = [];
  let problemCount = 0;
  const report = (line: number, field: string | undefined, message: string) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push({ file, line, ...(field ? { field } : {}), message });
  };

  return writeTransaction(
    ctx.store,
    async (db) => {
      const inserter = taskInserter(ctx.store, db, projectId, at);
      let imported = 0;
      let skipped = 0;
      let batch: NewTask[] = [];
      let batchLines: number[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const outcome = await inserter.insertBatch(batch);
        imported += outcome.inserted;
        for (const e of outcome.existing) {
          if (e.storedHash === batch[e.index].contentHash) skipped++;
          else report(batchLines[e.index], 'id', `task "${batch[e.index].externalId}" already exists with different content`);
        }
        batch = [];
        batchLines = [];
      };
      const progress = options.onProgress;
      const accept = (line: number, outcome: ParsedLine): Promise<void> | void => {
        if (outcome === 'leave-out') {
          if (leftOut.lines.length < maxProblems) leftOut.lines.push(line);
          leftOut.count++;
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
        if (batch.length >= BATCH) return flush();
      };
      await readImportFile(input, spec, options.parallel ?? {}, accept, progress ? (bytes, count) => progress({ bytes, lines: count }) : undefined);
      if (problemCount === 0) await flush();
      if (problemCount > 0) {
        if (problemCount > problems.length) problems.push({ file, message: `and ${problemCount - problems.length} more` });
        const first = problems[0];
        throw new UserInputError(
          `${problemCount} problem(s) in ${file}; nothing was imported. First: ${first.message}`,
          { file, line: first.line, field: first.field },
          problems,
        );
      }
      await recordAudit(db, { actorId: actor.id, action: 'tasks.import', targetType: 'project', targetId: projectId, detail: { file, imported, skipped, leftOut: leftOut.count, format: options.format ?? 'tutorloop' }, at });
      return leftOut.count > 0 ? { imported, skipped, leftOut } : { imported, skipped };
    },
    { retry: false },
  );
}
