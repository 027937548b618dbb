/**
 * `tutorloop export --project NAME --format F [--style S] [--include-ties] [--out FILE | --dir DIR]`:
 * stream a project's data as NDJSON to a file or stdout, or write a Hugging Face dataset folder (Parquet
 * and a dataset card) with --dir. Every export ends with a summary on stderr of what it left out and why.
 */
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { DPO_STYLES, type DpoStyle, EXPORT_FORMATS, type ExportFormat } from '../../domain/api/export.js';
import { exportProject } from '../../services/index.js';
import { serviceContext } from '../../services/context.js';
import { featuresJson } from '../../domain/export/columns.js';
import { writeDatasetFolder } from '../../services/export/datasetFolder.js';
import { describeLeftOut, type ExportSummary } from '../../services/export/summary.js';
import { UserInputError } from '../../domain/errors.js';
import { openCliStore } from './init.js';
import { resolveDbUrl } from '../../store/dialect.js';
import { exportWorkersFromEnv } from '../../services/offload/exportWorkers.js';
import { findProject } from './import.js';

interface ExportOptions {
  project: string;
  format: string;
  style?: string;
  includeTies?: boolean;
  margin?: string;
  out?: string;
  dir?: string;
  features?: string;
  license: string;
  db?: string;
  json?: boolean;
}

const VERSION = '0.1.0';

async function write(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'export a project as NDJSON or a dataset folder: dpo, sft, ratings, classification, stepwise, annotations, rubrics, rubric-grades',
    )
    .requiredOption('--project <name>', 'project name (or id)')
    .requiredOption('--format <format>', `${EXPORT_FORMATS.join(' | ')} (rm: deprecated name of ratings)`)
    .option('--style <style>', `dpo only: ${DPO_STYLES.join(' | ')}`)
    .option('--include-ties', 'also export split votes that a model consensus decided (meta.split = true)')
    .option('--margin <m>', 'dpo of a rubric grading project: the least score difference for a pair, 0..1 (default 0.2)')
    .option('--out <file>', 'write NDJSON to this file (default: stdout)')
    .option('--dir <dir>', 'write a dataset folder: DIR/data/train-*.parquet and DIR/README.md (a dataset card)')
    .option('--features <file>', 'also write the features description (dataset_info.json shape) to this file')
    .option('--license <id>', 'licence for the dataset card (an SPDX id or "other")', 'unknown')
    .option('--db <url>', 'sqlite:PATH or postgres://… (default: TUTORLOOP_DB or sqlite:./data/tutorloop.db)')
    .option('--json', 'print the summary as JSON (stdout with --out/--dir, else stderr)')
    .action(async (opts: ExportOptions) => {
      if (!EXPORT_FORMATS.includes(opts.format as ExportFormat))
        throw new UserInputError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${opts.format}"`, { field: 'format' });
      if (opts.style !== undefined && !DPO_STYLES.includes(opts.style as DpoStyle))
        throw new UserInputError(`--style must be one of ${DPO_STYLES.join(', ')}, not "${opts.style}"`, { field: 'style' });
      const margin = opts.margin === undefined ? undefined : Number(opts.margin);
      if (margin !== undefined && !(margin >= 0 && margin <= 1))
        throw new UserInputError(`--margin must be a number from 0 to 1, not "${opts.margin}"`, { field: 'margin' });
      if (opts.out && opts.dir) throw new UserInputError('give --out or --dir, not both', { field: 'dir' });
      const format = opts.format as ExportFormat;
      const store = await openCliStore(opts.db);
      const ctx = serviceContext(store);
      // A large file is formed by worker threads as in `serve` (services/export/parallelLines.ts).
      if (!opts.dir) ctx.exportWorkers = exportWorkersFromEnv(resolveDbUrl(opts.db));
      try {
        const project = await findProject(ctx, opts.project);
        const stream = await exportProject(ctx, project.id, format, {
          style: opts.style as DpoStyle | undefined,
          includeTies: opts.includeTies,
          margin,
        });
        if (format === 'rm')
          process.stderr.write('note: the rm export is now called ratings; --format rm will be removed in a later release\n');
        let summary: ExportSummary;
        let target: string;
        if (opts.dir) {
          target = opts.dir;
          summary = await writeDatasetFolder(store.db, opts.dir, stream, { license: opts.license, version: VERSION, now: new Date() });
        } else {
          target = opts.out ?? 'stdout';
          summary = await writeLines(stream, opts.out, Boolean(opts.json));
          if (opts.style === 'llamafactory' && opts.out) await addLlamaFactoryEntry(opts.out, project.name);
        }
        if (opts.features) await writeFile(opts.features, `${JSON.stringify({ features: featuresJson(stream.fields) }, null, 2)}\n`);
        report(summary, target, opts);
      } finally {
        await ctx.exportWorkers?.close();
        await store.close();
      }
    });
}

async function writeLines(
  stream: Awaited<ReturnType<typeof exportProject>>,
  file: string | undefined,
  json: boolean,
): Promise<ExportSummary> {
  const out: Writable = file ? createWriteStream(file) : process.stdout;
  const showProgress = Boolean(file) && process.stderr.isTTY && !json;
  let lines = 0;
  let shown = 0;
  for await (const piece of stream.chunks()) {
    await write(out, piece);
    // Lines are counted only for the progress shown on a terminal (the summary counts the rows).
    if (!showProgress) continue;
    if (typeof piece === 'string') lines++;
    else for (let i = piece.indexOf(10); i !== -1; i = piece.indexOf(10, i + 1)) lines++;
    if (lines - shown >= 1000) {
      shown = lines;
      process.stderr.write(`\rexported ${lines} lines`);
    }
  }
  if (file) {
    out.end();
    await once(out, 'finish');
    if (showProgress) process.stderr.write('\r');
  }
  return stream.summary();
}

/** The summary: what was written to stdout (JSON or a sentence) when data went elsewhere, and what was left out on stderr. */
function report(s: ExportSummary, target: string, opts: ExportOptions): void {
  const toFile = Boolean(opts.out || opts.dir);
  if (opts.json) {
    (toFile ? process.stdout : process.stderr).write(`${JSON.stringify({ ...s, out: target, lines: s.rows })}\n`);
    return;
  }
  if (toFile) process.stdout.write(`exported ${s.rows} line(s) of ${s.format} from "${s.project}" to ${target}\n`);
  const left = describeLeftOut(s);
  process.stderr.write(left.length ? `left out:\n${left.map((l) => `  - ${l}\n`).join('')}` : 'left out: nothing\n');
  if (s.leftOut.split) process.stderr.write(`decide split items in the review queue (${s.review}), or export with --include-ties\n`);
}

/** LLaMA-Factory reads datasets through a `dataset_info.json` beside the file: add (or replace) this export's entry. */
async function addLlamaFactoryEntry(file: string, projectName: string): Promise<void> {
  const infoFile = join(dirname(file), 'dataset_info.json');
  const existing: Record<string, unknown> = await readFile(infoFile, 'utf8').then(
    (t) => JSON.parse(t) as Record<string, unknown>,
    () => ({}),
  );
  const name = `tutorloop_${projectName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_dpo`;
  existing[name] = {
    file_name: basename(file),
    formatting: 'sharegpt',
    ranking: true,
    columns: { messages: 'messages', chosen: 'chosen', rejected: 'rejected' },
    tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
  };
  await writeFile(infoFile, `${JSON.stringify(existing, null, 2)}\n`);
}
