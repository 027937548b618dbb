/**
 * How every command ends when something goes wrong: one line on stderr (or, with --json, one
 * `{"error": {code, message, problems?}}` object, the API's error shape), never a stack trace, and
 * the same exit codes everywhere: 0 ok, 1 failure, 2 bad input or usage.
 */
import { CommanderError } from 'commander';
import { ConflictError, ForbiddenError, NotFoundError, UserInputError, type LineProblem } from '../domain/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

export interface CliFailure {
  exitCode: number;
  code: string;
  message: string;
  problems?: LineProblem[];
}

/** A file the user named could not be read or written (ENOENT, EACCES, EISDIR…): bad input. */
function fileProblem(err: unknown): CliFailure | null {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || typeof e.path !== 'string') return null;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
  };
  const reason = reasons[e.code];
  if (!reason) return null;
  return { exitCode: EXIT_BAD_INPUT, code: 'bad_input', message: `${e.path}: ${reason}`, problems: [{ file: e.path, message: reason }] };
}

/** What went wrong, as the user should hear it. */
export function describeFailure(err: unknown): CliFailure {
  if (err instanceof CommanderError) {
    return { exitCode: EXIT_BAD_INPUT, code: 'usage', message: err.message.replace(/^error: /, '') };
  }
  if (err instanceof UserInputError) {
    return { exitCode: EXIT_BAD_INPUT, code: 'bad_input', message: err.message, problems: err.problems };
  }
  // The user named something that is not there (a project id, a user): bad input too.
  if (err instanceof NotFoundError) return { exitCode: EXIT_BAD_INPUT, code: 'not_found', message: err.message };
  if (err instanceof ConflictError) return { exitCode: EXIT_FAILURE, code: 'conflict', message: err.message };
  if (err instanceof ForbiddenError) return { exitCode: EXIT_FAILURE, code: 'forbidden', message: err.message };
  const file = fileProblem(err);
  if (file) return file;
  const message = err instanceof Error ? err.message : String(err);
  return { exitCode: EXIT_FAILURE, code: 'failed', message };
}

/** Prints the failure (text, or JSON with --json) and returns the exit code. */
export function reportFailure(err: unknown, json: boolean): number {
  const f = describeFailure(err);
  if (json) {
    const problems = f.problems && f.problems.length > 0 ? { problems: f.problems } : {};
    process.stderr.write(`${JSON.stringify({ error: { code: f.code, message: f.message, ...problems } })}\n`);
    return f.exitCode;
  }
  if (f.code !== 'usage') process.stderr.write(`error: ${f.message}\n`);
  for (const p of (f.problems ?? []).slice(1, 50)) {
    process.stderr.write(`  ${p.line !== undefined ? `line ${p.line}: ` : ''}${p.field ? `${p.field}: ` : ''}${p.message}\n`);
  }
  if (process.env.TUTORLOOP_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return f.exitCode;
}

/**
 * A reader that goes away (`tutorloop export … | head -1`) closes stdout: that is the reader's choice,
 * not a failure, so the command stops quietly with 0 instead of dying on EPIPE.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(EXIT_OK);
      throw err;
    });
  }
}
