/**
 * When the database itself is the problem. A PostgreSQL restart, a refused or dropped connection, a
 * full disk or a read-only file is not a bug in the request: the caller gets 503 (try again shortly,
 * with `retry-after`) or 507 (the disk is full), the operator gets one line in the log per outage,
 * and the server keeps running so it recovers by itself when the database comes back.
 */
import type pg from 'pg';

export interface StoreFailure {
  status: 503 | 507;
  /** What the caller and the operator read: the cause, not the driver's words. */
  message: string;
  retryAfterSeconds: number;
}

/** Connection-level failures: network errors and PostgreSQL's "admin shutdown", "cannot connect now", class 08. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const CONNECTION_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|client has encountered a connection error|connection ended unexpectedly|not queryable|server closed the connection/i;

/** The failure this error means for an HTTP caller, or null when it is not the database's availability. */
export function storeFailureOf(err: unknown): StoreFailure | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = String((err as { code?: unknown }).code ?? '');
  const message = String((err as { message?: unknown }).message ?? '');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return { status: 507, message: 'the database disk is full: free some space (the server recovers by itself)', retryAfterSeconds: 30 };
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') {
    return { status: 503, message: 'the database is read-only: make its file and directory writable', retryAfterSeconds: 30 };
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) {
    return { status: 503, message: 'the database is busy: try again shortly', retryAfterSeconds: 1 };
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return { status: 503, message: `the database file cannot be read or written (${code})`, retryAfterSeconds: 5 };
  }
  if (CONNECTION_CODES.has(code) || code.startsWith('08') || CONNECTION_MESSAGES.test(message)) {
    return { status: 503, message: 'the database is unavailable: try again shortly', retryAfterSeconds: 2 };
  }
  return null;
}

/** Says each kind of outage in the log once per `quietMs`, not once per failed request. */
export function outageReporter(
  write: (line: string) => void = (l) => process.stderr.write(l),
  quietMs = 10_000,
): (failure: StoreFailure, err: unknown) => void {
  const lastSaid = new Map<string, number>();
  return (failure, err) => {
    const now = Date.now();
    if (now - (lastSaid.get(failure.message) ?? -Infinity) < quietMs) return;
    lastSaid.set(failure.message, now);
    const detail = String((err as { code?: string }).code ?? '') || (err as Error).message;
    write(
      `${new Date(now).toISOString()} database ${failure.status === 507 ? 'disk full' : 'unavailable'}: ${failure.message} [${detail}]\n`,
    );
  };
}

/**
 * A pg pool that outlives its server. Without these listeners an idle client's 'error' (a restart
 * sends 57P01 to every connection) is an unhandled event that ends the process; with them the
 * broken client is dropped, the request that was using it fails as a 503, and the next request
 * opens a fresh connection. `connectionTimeoutMillis` keeps callers from hanging while it is down.
 */
export function rideOutOutages(pool: pg.Pool, report: (err: Error) => void): void {
  pool.on('error', report);
  // A checked-out client has no pool listener: a connection dropped between two queries would throw.
  pool.on('connect', (client) => client.on('error', report));
}
