/**
 * Which database a URL names. `sqlite:PATH` (or `sqlite::memory:`) is the embedded default;
 * `postgres://…` / `postgresql://…` is the production backend.
 */
import { UserInputError } from '../domain/errors.js';

export type Dialect = 'sqlite' | 'postgres';

export const DEFAULT_DB_URL = 'sqlite:./data/tutorloop.db';

export interface ParsedDbUrl {
  dialect: Dialect;
  /** File path for SQLite, the full connection string for PostgreSQL. */
  target: string;
}

/** `--db` flag, else TUTORLOOP_DB, else the embedded default. */
export function resolveDbUrl(flag?: string): string {
  return flag ?? process.env.TUTORLOOP_DB ?? DEFAULT_DB_URL;
}

export function parseDbUrl(url: string): ParsedDbUrl {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new UserInputError('sqlite URL needs a path, e.g. sqlite:./data/tutorloop.db', { field: 'db' });
    return { dialect: 'sqlite', target: path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', target: url };
  throw new UserInputError(`unknown database URL "${url}": use sqlite:PATH or postgres://…`, { field: 'db' });
}
