/**
 * Every subcommand, in the order `tutorloop --help` lists them. Each is loaded on demand: a
 * quality command must not pay for importing the server, the database drivers and the demo
 * (that alone cost ~0.5–1 s of start-up), so only the command named on the line is loaded,
 * and all of them only for help or an unknown name.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

const loaders: Record<string, () => Promise<Register>> = {
  // platform
  serve: async () => (await import('./serve.js')).registerServe,
  init: async () => (await import('./init.js')).registerInit,
  import: async () => (await import('./import.js')).registerImport,
  export: async () => (await import('./export.js')).registerExport,
  project: async () => (await import('./project.js')).registerProject,
  user: async () => (await import('./user.js')).registerUser,
  token: async () => (await import('./token.js')).registerToken,
  models: async () => (await import('./models.js')).registerModels,
  generate: async () => (await import('./generate.js')).registerGenerate,
  judges: async () => (await import('./judges.js')).registerJudges,
  webhook: async () => (await import('./webhook.js')).registerWebhook,
  sso: async () => (await import('./sso.js')).registerSso,
  // quality
  aggregate: async () => (await import('./aggregate.js')).registerAggregate,
  rank: async () => (await import('./rank.js')).registerRank,
  agreement: async () => (await import('./agreement.js')).registerAgreement,
  // economics
  simulate: async () => (await import('./simulate.js')).registerSimulate,
  report: async () => (await import('./report.js')).registerReport,
};

/** Registers the command named in argv (argv[2]), or every command when none or an unknown one is named. */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  const named = argv[2];
  const selected = named !== undefined && Object.hasOwn(loaders, named) ? [loaders[named]] : Object.values(loaders);
  for (const load of selected) (await load())(program);
}
