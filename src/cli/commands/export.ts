/**
 * `tutorloop export --project NAME --format F [--out FILE]`: stream a project's data as NDJSON to a
 * file or to stdout. With --out, a terminal shows the running line count and `--json` prints a summary.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { exportProject } from '../../services/index.js';
import { serviceContext } from '../../services/context.js';
import { UserInputError } from '../../domain/errors.js';
import { openCliStore } from './init.js';
import { findProject } from './import.js';

const FORMATS = ['dpo', 'sft', 'rm', 'annotations'] as const;
type Format = (typeof FORMATS)[number];

interface ExportOptions {
  project: string;
  format: string;
  out?: string;
  db?: string;
  json?: boolean;
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a project as NDJSON: dpo, sft, rm or annotations')
    .requiredOption('--project <name>', 'project name (or id)')
    .requiredOption('--format <format>', FORMATS.join(' | '))
    .option('--out <file>', 'write to this file (default: stdout)')
    .option('--db <url>', 'sqlite:PATH or postgres://… (default: TUTORLOOP_DB or sqlite:./data/tutorloop.db)')
    .option('--json', 'with --out: print a JSON summary')
    .action(async (opts: ExportOptions) => {
      if (!FORMATS.includes(opts.format as Format)) throw new UserInputError(`--format must be one of ${FORMATS.join(', ')}, not "${opts.format}"`, { field: 'format' });
      const store = await openCliStore(opts.db);
      try {
        const ctx = serviceContext(store);
        const project = await findProject(ctx, opts.project);
        const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
        const showProgress = Boolean(opts.out) && process.stderr.isTTY && !opts.json;
        let lines = 0;
        for await (const line of await exportProject(ctx, project.id, opts.format as Format)) {
          await write(out, line.endsWith('\n') ? line : `${line}\n`);
          lines++;
          if (showProgress && lines % 1000 === 0) process.stderr.write(`\rexported ${lines} lines`);
        }
        if (opts.out) {
          out.end();
          await once(out, 'finish');
          if (showProgress) process.stderr.write('\r');
          const summary = { project: project.name, format: opts.format, out: opts.out, lines };
          process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `exported ${lines} line(s) of ${opts.format} from "${project.name}" to ${opts.out}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
