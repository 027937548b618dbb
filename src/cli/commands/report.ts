/**
 * `tutorloop report --simulation RESULT.json [MORE.json …] --out DIR [--title T]`: a Markdown
 * report with SVG charts for one or more `tutorloop simulate --out` results (side by side), written
 * as DIR/report.md plus the chart files.
 * `tutorloop report --project NAME [--db URL] --out DIR`: the same for a real project in the
 * database — cost, judgments, accepted, time and throughput per tier / domain / tutor, cost per
 * quality-adjusted label, the specialist-vs-generalist comparison, and model (AI judges), generalist
 * and specialist side by side per domain.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserInputError } from '../../domain/errors.js';
import type { Report } from '../../economics/report/report.js';
import { simulationReport } from '../../simulator/report.js';
import { projectReport } from '../../economics/report/projectReport.js';
import { measureProjectEconomics } from '../../services/economics/index.js';
import { serviceContext } from '../../services/context.js';
import { openCliStore } from './init.js';
import { measureTiers } from '../../services/judges/measure.js';
import { cascadeSection } from '../../economics/report/cascadeSection.js';
import { tierSection } from '../../economics/report/tierSection.js';
import { findProject } from './import.js';
import type { SimulationResult } from '../../simulator/results.js';

interface ReportOptions {
  simulation?: string[];
  project?: string;
  db?: string;
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
    if (r === null || typeof r !== 'object' || r[field] === undefined)
      throw new UserInputError('not a simulation result (from tutorloop simulate --out)', { file, field });
  }
  return r as SimulationResult;
}

async function reportForProject(name: string, db: string | undefined): Promise<Report> {
  const store = await openCliStore(db);
  try {
    const ctx = serviceContext(store);
    const project = await findProject(ctx, name);
    const report = projectReport(await measureProjectEconomics(ctx, project.id));
    const tiers = await measureTiers(ctx, project.id);
    return { ...report, markdown: `${report.markdown}\n${tierSection(tiers.domains)}\n${cascadeSection(tiers.cascade)}` };
  } finally {
    await store.close();
  }
}

/** The action of `tutorloop report` (exported so tests can call it without a child process). */
export async function runReport(opts: ReportOptions): Promise<string> {
  const hasSim = (opts.simulation?.length ?? 0) > 0;
  if (hasSim === Boolean(opts.project))
    throw new UserInputError('give exactly one of --simulation FILES… or --project NAME', { field: hasSim ? 'project' : 'simulation' });
  const report = hasSim
    ? simulationReport((opts.simulation ?? []).map(readResult), opts.title ?? 'Simulation report')
    : await reportForProject(opts.project!, opts.db);
  mkdirSync(opts.out, { recursive: true });
  writeFileSync(join(opts.out, 'report.md'), report.markdown);
  for (const f of report.files) writeFileSync(join(opts.out, f.name), f.content);
  return `wrote ${join(opts.out, 'report.md')} and ${report.files.length} chart(s)\n`;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a Markdown report with SVG charts for simulation results or a project')
    .option('--simulation <files...>', 'result JSON files from `tutorloop simulate --out`')
    .option('--project <name>', 'project name (or id) in the database')
    .option('--db <url>', 'with --project: sqlite:PATH or postgres://… (default: TUTORLOOP_DB or sqlite:./data/tutorloop.db)')
    .requiredOption('--out <dir>', 'directory for report.md and the charts')
    .option('--title <text>', 'report title (simulation reports)')
    .action(async (opts: ReportOptions) => {
      process.stdout.write(await runReport(opts));
    });
}
