/**
 * Benchmark-only entry: the same commander program and error handling as src/cli/main.ts but
 * with only the quality commands registered. Timing it next to the real CLI shows how much of
 * a run is the platform commands' module loading (fastify, pg, kysely… imported eagerly).
 */
import { Command } from 'commander';
import { registerAggregate } from '../../src/cli/commands/aggregate.js';
import { registerAgreement } from '../../src/cli/commands/agreement.js';
import { registerRank } from '../../src/cli/commands/rank.js';
import { UserInputError } from '../../src/domain/errors.js';

const program = new Command().name('tutorloop').showHelpAfterError();
registerAggregate(program);
registerRank(program);
registerAgreement(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof UserInputError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
