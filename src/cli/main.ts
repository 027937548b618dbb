/**
 * The `tutorloop` command. Each subcommand lives in its own module under commands/ and
 * registers itself on the program; this file only assembles them.
 */
import { Command } from 'commander';
import { UserInputError } from '../domain/errors.js';
import { registerCommands } from './commands/index.js';

const program = new Command()
  .name('tutorloop')
  .description('Human feedback for training AI models, built for specialist tutors')
  .version('0.1.0')
  .showHelpAfterError();

await registerCommands(program, process.argv);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof UserInputError) {
    process.stderr.write(`error: ${err.message}\n`);
    for (const p of err.problems.slice(1, 50)) process.stderr.write(`  ${p.line !== undefined ? `line ${p.line}: ` : ''}${p.field ? `${p.field}: ` : ''}${p.message}\n`);
    process.exit(2);
  }
  throw err;
}
