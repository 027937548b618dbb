/**
 * Why a database could not be opened, in one line that says what to do: a server that cannot
 * start on a read-only path or an unreachable PostgreSQL prints this and exits 1, not a stack trace.
 */
import { parseDbUrl } from './dialect.js';

const UNWRITABLE = /^(SQLITE_READONLY|SQLITE_CANTOPEN|SQLITE_PERM|SQLITE_AUTH)|^(EACCES|EROFS|EPERM|ENOENT|ENOTDIR)$/;
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P03']);

export function describeOpenFailure(err: unknown, url: string): string | null {
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = String((err as { message?: unknown })?.message ?? '');
  const { dialect, target } = parseDbUrl(url);
  if (dialect === 'sqlite') {
    if (UNWRITABLE.test(code) || /readonly|read-only|unable to open/i.test(message)) {
      return `cannot write the database ${target} (${code || message}): make the file and its folder writable by this user, or pass --db sqlite:ANOTHER_PATH`;
    }
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') return `the disk holding ${target} is full: free some space and start again`;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      return `${target} is not a tutorloop database (${code}): pass --db with the right file`;
    return null;
  }
  const where = hostOf(target);
  if (UNREACHABLE.has(code) || /timeout exceeded when trying to connect|connection terminated/i.test(message)) {
    return `cannot reach PostgreSQL at ${where} (${code || message}): start it, or pass --db / TUTORLOOP_DB with the right address`;
  }
  if (code === '28P01' || code === '28000') return `PostgreSQL at ${where} refused the credentials in the URL: check the user and password`;
  if (code === '3D000') return `PostgreSQL at ${where} has no such database: create it (createdb) or fix the URL`;
  return null;
}

/** host:port/db of a postgres URL, without the password. */
function hostOf(target: string): string {
  try {
    const u = new URL(target);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured address';
  }
}
