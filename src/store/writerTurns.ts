/**
 * Turns at SQLite's one writer for several processes on one file (`serve --workers N`).
 *
 * SQLite does not queue writers: one that finds the write lock taken sleeps in its busy handler,
 * 1, 2, 5 … up to 100 ms between tries, and gets in only if it happens to try while the lock is
 * free. A busy process frees it for microseconds between two group commits, so under load one
 * process could keep it for seconds and another do no work at all (`multiProcess.test.ts` saw
 * 52 against 590 writes, and once 0).
 *
 * So a write first tries for the lock without waiting. Refused, it says so in a small file beside
 * the database (`<db>-turns`: the waiter's pid and the time) and tries again every millisecond,
 * off the connection, so this process's reads go on meanwhile. A process that has just committed
 * reads that file (one 16-byte read); if another process is waiting, its next group commit waits
 * until that process has had its turn (or 200 ms at most).
 */
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type SQLite from 'better-sqlite3';

/** How long a writer keeps trying before its caller gets SQLITE_BUSY (503): SQLite's busy timeout. */
const WRITER_WAIT_MS = 5_000;
/** Between two tries of a waiting writer. */
const RETRY_MS = 1;
/** The longest a committer stands back for a waiter that has not got in (it may not be getting the CPU). */
const MAX_STAND_BACK_MS = 200;
/** A mark older than this is a waiter that went away (a waiting writer renews it every millisecond or so). */
const FRESH_MS = 200;

const SLOT_BYTES = 16; // pid, then the time in ms, as two doubles

export class WriterTurns {
  private readonly slot = Buffer.alloc(SLOT_BYTES);
  private marked = false;
  private standBackOwed = false;

  /** `fd`: the `-turns` file, or null (an in-memory database has no other process). */
  constructor(private fd: number | null) {}

  /**
   * Before the next group commit: if another process waited while we held the writer, stand back until
   * it has had its turn (it takes its mark down when it commits), however long the machine takes to
   * schedule it, up to MAX_STAND_BACK_MS. A fixed short pause was not enough on a loaded machine: the
   * waiter was not scheduled inside it and did no work at all.
   */
  async standBack(): Promise<void> {
    if (!this.standBackOwed || this.fd === null) return;
    this.standBackOwed = false;
    for (const until = Date.now() + MAX_STAND_BACK_MS; Date.now() < until; ) {
      await sleep(RETRY_MS);
      if (!this.otherWaiting()) return;
    }
  }

  /** After a commit: is a writer in another process waiting for its turn? */
  noteCommit(): void {
    if (this.fd === null) return;
    if (this.marked) this.clearMark();
    if (this.otherWaiting()) this.standBackOwed = true;
  }

  private otherWaiting(): boolean {
    try {
      readSync(this.fd!, this.slot, 0, SLOT_BYTES, 0);
    } catch {
      return false;
    }
    const pid = this.slot.readDoubleLE(0);
    const at = this.slot.readDoubleLE(8);
    return pid !== 0 && pid !== process.pid && Date.now() - at < FRESH_MS;
  }

  /** Refused the lock: say so, and wait a moment before the next try. */
  async waitTurn(): Promise<void> {
    if (this.fd !== null) {
      this.slot.writeDoubleLE(process.pid, 0);
      this.slot.writeDoubleLE(Date.now(), 8);
      try {
        writeSync(this.fd, this.slot, 0, SLOT_BYTES, 0);
        this.marked = true;
      } catch {
        // Without the mark we still get in, only less promptly.
      }
    }
    await sleep(RETRY_MS);
  }

  close(): void {
    if (this.fd === null) return;
    if (this.marked) this.clearMark();
    closeSync(this.fd);
    this.fd = null;
  }

  /** Our wait is over: take our mark down unless another waiter has written its own since. */
  private clearMark(): void {
    this.marked = false;
    const current = Buffer.alloc(SLOT_BYTES);
    try {
      readSync(this.fd!, current, 0, SLOT_BYTES, 0);
      if (current.readDoubleLE(0) === process.pid) writeSync(this.fd!, Buffer.alloc(SLOT_BYTES), 0, SLOT_BYTES, 0);
    } catch {
      // A stale mark expires by itself after FRESH_MS.
    }
  }
}

/** The turns of the database at `file` (a separate small file: SQLite's own files must not be opened or closed here). */
export function openWriterTurns(file: string | null): WriterTurns {
  if (file === null) return new WriterTurns(null);
  try {
    return new WriterTurns(openSync(`${file}-turns`, constants.O_RDWR | constants.O_CREAT, 0o644));
  } catch {
    return new WriterTurns(null);
  }
}

interface TurnStatements {
  noWait: SQLite.Statement;
  wait: SQLite.Statement;
  begin: SQLite.Statement;
  commit: SQLite.Statement;
}
const turnStatements = new WeakMap<SQLite.Database, TurnStatements>();

function statementsOf(raw: SQLite.Database): TurnStatements {
  let s = turnStatements.get(raw);
  if (!s) {
    s = {
      noWait: raw.prepare('PRAGMA busy_timeout = 0'),
      wait: raw.prepare(`PRAGMA busy_timeout = ${WRITER_WAIT_MS}`),
      begin: raw.prepare('BEGIN IMMEDIATE'),
      commit: raw.prepare('COMMIT'),
    };
    turnStatements.set(raw, s);
  }
  return s;
}

/** Commits the transaction `beginImmediateNoWait` opened (a prepared statement: this runs for every group). */
export function commitTurn(raw: SQLite.Database): void {
  statementsOf(raw).commit.run();
}

/**
 * `BEGIN IMMEDIATE` without waiting: true when this connection now holds the write lock, false when
 * another connection does. The busy timeout is set back at once, so reads still wait as before.
 */
export function beginImmediateNoWait(raw: SQLite.Database): boolean {
  const s = statementsOf(raw);
  s.noWait.get();
  try {
    s.begin.run();
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  } finally {
    s.wait.get();
  }
}

export function isBusy(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_');
}

/**
 * Runs `attempt` (a write transaction that answers null, having run nothing, when another process
 * holds the lock) until it gets in, in turns with other processes; SQLITE_BUSY after WRITER_WAIT_MS.
 */
export async function inTurn<T>(turns: WriterTurns, attempt: () => Promise<T | null>): Promise<T> {
  for (const deadline = Date.now() + WRITER_WAIT_MS; ; ) {
    const done = await attempt();
    if (done !== null) {
      turns.noteCommit();
      return done;
    }
    if (Date.now() > deadline) throw writerBusyError();
    await turns.waitTurn();
  }
}

/** The error a writer gets after waiting WRITER_WAIT_MS: the same as SQLite's own (503 to an HTTP caller). */
function writerBusyError(): Error {
  return Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
}
