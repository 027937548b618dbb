/**
 * `tutorloop import --project NAME FILE [--format F]`: load tasks, all or nothing, in tutorloop's own
 * lines or a format people already hold (docs/imports.md); `auto` says what it detected. Shows a progress
 * bar on a terminal; `--json` prints the outcome as one JSON object. A bad file exits 2 and lists
 * every bad line (main.ts prints the problems).
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { getProjectByName, getProject, importTasks } from '../../services/index.js';
import type { ServiceContext } from '../../services/context.js';
import { serviceContext } from '../../services/context.js';
import { cliActor, openCliStore } from './init.js';
import { UserInputError } from '../../domain/errors.js';
import { recoverImports } from '../../services/imports/stagedImports.js';
import { addImportLimitOptions, importLimitsFromOptions } from './importLimits.js';
import { IMPORT_FORMATS, type RequestedFormat } from '../../services/imports/formats/index.js';
import { parseColumnMap } from '../../services/imports/formats/csvRow.js';

interface ImportOptions {
  project: string;
  db?: string;
  format: string;
  columns?: string;
  domain?: string;
  asGold?: boolean;
  json?: boolean;
  maxLineBytes?: number;
  maxFieldBytes?: number;
  fieldLimit?: Record<string, number>;
}

/** A project by name, or by numeric id. */
export async function findProject(ctx: ServiceContext, ref: string) {
  const byName = await getProjectByName(ctx, ref).catch(() => null);
  if (byName) return byName;
  if (/^\d+$/.test(ref)) return getProject(ctx, Number(ref));
  throw new UserInputError(`no project named "${ref}"`, { field: 'project' });
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description('import tasks into a project (all or nothing; re-importing is idempotent); gzip is read directly')
    .argument('<file>', 'JSONL, a JSON array or CSV, optionally gzipped (- for stdin)')
    .requiredOption('--project <name>', 'project name (or id)')
    .option('--format <format>', `auto (detect from the first records) or one of ${IMPORT_FORMATS.join(', ')}`, 'auto')
    .option('--columns <map>', 'csv: which column plays which role, e.g. prompt=question,response=answer')
    .option('--domain <domain>', "foreign formats: the domain of records that carry none (default: the project's first)")
    .option('--as-gold', "foreign formats: keep a record's known answer (a published chosen, agreed labels) as gold")
    .option('--db <url>', 'sqlite:PATH or postgres://… (default: TUTORLOOP_DB or sqlite:./data/tutorloop.db)')
    .option('--json', 'print the result as JSON instead of text');
  addImportLimitOptions(command).action(async (file: string, opts: ImportOptions) => {
    if (opts.format !== 'auto' && !(IMPORT_FORMATS as readonly string[]).includes(opts.format))
      throw new UserInputError(`--format must be auto or one of ${IMPORT_FORMATS.join(', ')}, not "${opts.format}"`, { field: 'format' });
    const columns = opts.columns ? parseColumnMap(opts.columns) : undefined;
    const store = await openCliStore(opts.db);
    try {
      const ctx = serviceContext(store);
      // Finish or discard what a crashed import left behind (a running server does this too).
      await recoverImports(ctx);
      const project = await findProject(ctx, opts.project);
      const actor = await cliActor(store);
      const fromStdin = file === '-';
      const total = fromStdin ? 0 : statSync(file).size;
      const bar =
        process.stderr.isTTY && !opts.json
          ? new cliProgress.SingleBar(
              {
                format: `importing ${fromStdin ? 'stdin' : basename(file)} [{bar}] {percentage}% | {lines} lines | {eta_formatted} left`,
                stream: process.stderr,
                hideCursor: true,
              },
              cliProgress.Presets.shades_classic,
            )
          : null;
      bar?.start(total || 1, 0, { lines: 0 });
      const started = Date.now();
      let chosen: { format: string; detected: boolean } | undefined;
      const result = await importTasks(
        ctx,
        actor,
        project.id,
        fromStdin ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 }),
        {
          fileName: fromStdin ? 'stdin' : basename(file),
          format: opts.format as RequestedFormat,
          declaredJson: !fromStdin && /\.(jsonl|ndjson|json)(\.gz)?$/i.test(file),
          columns,
          domain: opts.domain,
          asGold: opts.asGold,
          onFormat: (c) => {
            chosen = c;
            if (c.detected && !opts.json) process.stderr.write(`format: ${c.format} (detected from the first records)\n`);
          },
          limits: importLimitsFromOptions(opts),
          onProgress: ({ lines, bytes }) => bar?.update(Math.min(bytes, total || bytes), { lines }),
        },
      ).finally(() => bar?.stop());
      const seconds = (Date.now() - started) / 1000;
      if (opts.json)
        process.stdout.write(`${JSON.stringify({ project: project.name, projectId: project.id, file, ...chosen, ...result, seconds })}\n`);
      else
        process.stdout.write(
          `imported ${result.imported} task(s), skipped ${result.skipped} already present${result.leftOut ? `, left out ${result.leftOut.count} that cannot be a task` : ''}, into "${project.name}" as ${chosen?.format} in ${seconds.toFixed(1)} s\n`,
        );
    } finally {
      await store.close();
    }
  });
}
