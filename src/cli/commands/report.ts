/**
 * `tutorloop report --simulation RESULT.json [MORE.json …] --out DIR [--title T]`: a Markdown
 * report with SVG charts for one or more `tutorloop simulate --out` results (side by side), written
 * as DIR/report.md plus the chart files. (The per-project report, `--project P`, reads the
 * platform's annotations and comes with the server-side rollups.)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import { simulationReport } from '../../economics/report/simulationReport.js';
import type { SimulationResult } from '../../economics/simulator/results.js';

interface ReportOptions {
  simulation?: string[];
  out: string;
  title?: string;
}

function readResult(file: string): SimulationResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserInputError(`cannot read: ${(e as Error).message}`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UserInputError(`not JSON: ${(e as Error).message}`, { file });
  }
  const r = value as Partial<SimulationResult>;
  for (const field of ['scenario', 'accuracy', 'curve', 'rollups', 'tierComparison', 'qualityAdjusted'] as const) {
    if (r === null || typeof r !== 'object' || r[field] === undefined) throw new UserInputError('not a simulation result (from tutorloop simulate --out)', { file, field });
  }
  return r as SimulationResult;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a Markdown report with SVG charts for simulation results')
    .requiredOption('--simulation <files...>', 'result JSON files from `tutorloop simulate --out`')
    .requiredOption('--out <dir>', 'directory for report.md and the charts')
    .option('--title <text>', 'report title', 'Simulation report')
    .action((opts: ReportOptions) => {
      const results = (opts.simulation ?? []).map(readResult);
      const report = simulationReport(results, opts.title);
      mkdirSync(opts.out, { recursive: true });
      writeFileSync(join(opts.out, 'report.md'), report.markdown);
      for (const f of report.files) writeFileSync(join(opts.out, f.name), f.content);
      process.stdout.write(`wrote ${join(opts.out, 'report.md')} and ${report.files.length} chart(s)\n`);
    });
}
