/**
 * Errors a user can cause. Each one says where (file, line, field) and what was expected,
 * so a CLI can print it and an HTTP route can turn it into a 4xx without losing detail.
 */

export interface ErrorLocation {
  file?: string;
  /** 1-based line number in the input file. */
  line?: number;
  /** Dotted path of the offending field, e.g. `responses.1.text`. */
  field?: string;
}

export interface LineProblem extends ErrorLocation {
  message: string;
}

/** Bad input from a user: a 400 over HTTP, exit code 2 in the CLI. */
export class UserInputError extends Error {
  readonly location: ErrorLocation;
  /** Every problem found, when the input had several (e.g. an import file). */
  readonly problems: LineProblem[];

  constructor(message: string, location: ErrorLocation = {}, problems: LineProblem[] = []) {
    super(formatLocated(message, location));
    this.name = 'UserInputError';
    this.location = location;
    this.problems = problems.length > 0 ? problems : [{ ...location, message }];
  }
}

/** The thing asked for does not exist (or the caller may not know it exists): 404. */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** The caller is known but not allowed to do this: 403. */
export class ForbiddenError extends Error {
  constructor(message = 'not allowed') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** The request is valid but conflicts with the current state (expired lease, duplicate): 409. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

export function formatLocated(message: string, where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file) parts.push(where.file);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.field) parts.push(`field ${where.field}`);
  return parts.length > 0 ? `${parts.join(', ')}: ${message}` : message;
}

/** The server is too busy for this now and says when to try again: 503 with `retry-after`. */
export class BusyError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'BusyError';
  }
}
