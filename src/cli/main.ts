/**
 * The `tutorloop` command. Each subcommand lives in its own module under commands/ and
 * registers itself on the program; this file only assembles them and decides how a run ends
 * (errors.ts: one message, no stack trace, exit 0 ok / 1 failure / 2 bad input or usage).
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { endQuietlyOnClosedPipe, reportFailure } from './errors.js';

/** With --json, errors (usage errors too) are one JSON object on stderr instead of text. */
const json = process.argv.slice(2).includes('--json');

endQuietlyOnClosedPipe();

const program = new Command()
  .name('tutorloop')
  .description('Human feedback for training AI models, built for specialist tutors')
  .version('0.1.0')
  .showHelpAfterError(!json)
  // Subcommands inherit both: usage errors are thrown (and become exit 2) rather than exiting with 1.
  .exitOverride()
  .configureOutput({ outputError: (text, write) => (json ? undefined : write(text)) });

try {
  await registerCommands(program, process.argv);
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError && err.exitCode === 0) process.exit(0); // --help, --version
  process.exit(reportFailure(err, json));
}
