/** Every subcommand, in the order `tutorloop --help` lists them. */
import type { Command } from 'commander';
import { registerServe } from './serve.js';
import { registerInit } from './init.js';
import { registerImport } from './import.js';
import { registerExport } from './export.js';
import { registerAggregate } from './aggregate.js';
import { registerAgreement } from './agreement.js';
import { registerRank } from './rank.js';
import { registerSimulate } from './simulate.js';
import { registerReport } from './report.js';

type Register = (program: Command) => void;

const registrations: Register[] = [
  // platform: serve, init, import, export (src/cli/commands/{serve,init,import,export}.ts)
  registerServe,
  registerInit,
  registerImport,
  registerExport,
  // quality: aggregate, rank, agreement (src/cli/commands/{aggregate,rank,agreement}.ts)
  registerAggregate,
  registerRank,
  registerAgreement,
  // economics: simulate, report (src/cli/commands/{simulate,report}.ts)
  registerSimulate,
  registerReport,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
