/**
 * Turns at SQLite's one writer for several processes on one file (`serve --workers N`).
 *
 * SQLite does not queue writers: one that finds the write lock taken sleeps in its busy handler,
 * 1, 2, 5 … up to 100 ms between tries, and gets in only if it happens to try while the lock is
 * free. A busy process frees it for microseconds between two group commits, so under load one
 * process could keep it for seconds and another do no work at all (`multiProcess.test.ts` saw
 * 52 against 590 writes, and once 0).
 *
 * So the processes queue in a small file beside the database (`<db>-turns`): one 24-byte slot per
 * waiting process (its pid, when it began to wait, when it last said it still waits). Before every
 * write a process reads the file (one read of 1.5 KB); if another process has waited longer, it
 * writes its own slot and waits too, off the connection, so its reads go on meanwhile. The process
 * that has waited longest tries the lock (without SQLite's busy handler) every millisecond until it
 * gets in, then empties its slot. First come, first served: an earlier version that only asked the
 * last committer to stand back still let the other busy processes take the lock in turn while one
 * waiter slept between its tries, and it did nothing for a whole second (0 writes of ~900).
 */
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type SQLite from 'better-sqlite3';

/** How long a writer keeps trying before its caller gets SQLITE_BUSY (503): SQLite's busy timeout. */
const WRITER_WAIT_MS = 5_000;
/** Between two tries of a waiting writer. */
const RETRY_MS = 1;
/** A slot not renewed for this long is a waiter that went away (a waiting writer renews it every millisecond or so). */
const FRESH_MS = 200;

const SLOTS = 64;
const SLOT_BYTES = 24; // pid, waiting since, renewed at: three doubles (ms)
const FILE_BYTES = SLOTS * SLOT_BYTES;

export class WriterTurns {
  private readonly file = Buffer.alloc(FILE_BYTES);
  private readonly own = Buffer.alloc(SLOT_BYTES);
  /** When this process began to wait for the writer; null while it is not waiting. */
  private since: number | null = null;
  /** Our slot while we wait, or -1. */
  private slot = -1;

  /** `fd`: the `-turns` file, or null (an in-memory database has no other process). */
  constructor(private fd: number | null) {}

  /** May this process try the lock now, that is, has no other process waited longer? */
  mayTry(): boolean {
    if (this.fd === null) return true;
    const slots = this.read();
    const now = Date.now();
    const mine = this.since ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < slots; i++) {
      const pid = this.file.readDoubleLE(i * SLOT_BYTES);
      if (pid === 0 || pid === process.pid) continue;
      const since = this.file.readDoubleLE(i * SLOT_BYTES + 8);
      const renewed = this.file.readDoubleLE(i * SLOT_BYTES + 16);
      if (now - renewed >= FRESH_MS) continue;
      if (since < mine || (since === mine && pid < process.pid)) return false;
    }
    return true;
  }

  /** Not our turn, or refused the lock: say that we wait (since when), and wait a moment before the next try. */
  async waitTurn(): Promise<void> {
    if (this.fd !== null) {
      const now = Date.now();
      this.since ??= now;
      this.renew(now);
    }
    await sleep(RETRY_MS);
  }

  /** Got the writer (or gave up): empty our slot, so the next waiter's turn comes. */
  doneWaiting(): void {
    if (this.since === null || this.fd === null) return;
    this.since = null;
    if (this.slot < 0) return;
    try {
      this.read();
      if (this.pidAt(this.slot) === process.pid) writeSync(this.fd, Buffer.alloc(SLOT_BYTES), 0, SLOT_BYTES, this.slot * SLOT_BYTES);
    } catch {
      // A slot left behind goes stale by itself after FRESH_MS.
    }
    this.slot = -1;
  }

  close(): void {
    if (this.fd === null) return;
    this.doneWaiting();
    closeSync(this.fd);
    this.fd = null;
  }

  /** Writes our slot: the one we hold, else the first free or stale one from pid % SLOTS on. */
  private renew(now: number): void {
    try {
      const slots = this.read();
      if (this.slot < 0 || this.pidAt(this.slot) !== process.pid) this.slot = this.freeSlot(slots, now);
      if (this.slot < 0) return; // all taken: we still get in when we find the lock free, only not in order
      this.own.writeDoubleLE(process.pid, 0);
      this.own.writeDoubleLE(this.since!, 8);
      this.own.writeDoubleLE(now, 16);
      writeSync(this.fd!, this.own, 0, SLOT_BYTES, this.slot * SLOT_BYTES);
    } catch {
      // Without a slot we still get in, only less promptly.
    }
  }

  private freeSlot(slots: number, now: number): number {
    for (let k = 0; k < SLOTS; k++) {
      const i = (process.pid + k) % SLOTS;
      if (i >= slots || this.pidAt(i) === 0 || now - this.file.readDoubleLE(i * SLOT_BYTES + 16) >= FRESH_MS) return i;
    }
    return -1;
  }

  /** Reads the file into `this.file`; answers how many whole slots it holds (it grows as slots are first used). */
  private read(): number {
    try {
      return Math.floor(readSync(this.fd!, this.file, 0, FILE_BYTES, 0) / SLOT_BYTES);
    } catch {
      return 0;
    }
  }

  private pidAt(i: number): number {
    return this.file.readDoubleLE(i * SLOT_BYTES);
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
 * holds the lock) when it is this process's turn, until it gets in; SQLITE_BUSY after WRITER_WAIT_MS.
 */
export async function inTurn<T>(turns: WriterTurns, attempt: () => Promise<T | null>): Promise<T> {
  try {
    for (const deadline = Date.now() + WRITER_WAIT_MS; ; ) {
      if (turns.mayTry()) {
        const done = await attempt();
        if (done !== null) return done;
      }
      if (Date.now() > deadline) throw writerBusyError();
      await turns.waitTurn();
    }
  } finally {
    turns.doneWaiting();
  }
}

/** The error a writer gets after waiting WRITER_WAIT_MS: the same as SQLite's own (503 to an HTTP caller). */
function writerBusyError(): Error {
  return Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
}
