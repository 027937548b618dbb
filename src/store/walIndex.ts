/**
 * Reads the WAL's size from the wal-index (the `-shm` file) without disturbing SQLite's locks.
 *
 * SQLite's locks between processes are POSIX advisory locks on the `-shm` file (the WAL's write lock,
 * readers' marks), and POSIX drops *every* lock a process holds on a file the moment the process
 * closes *any* descriptor of it. Opening and closing the `-shm` file to peek at it (as the checkpoint
 * worker did every 100 ms) silently released this process's write lock, so another `serve` worker
 * on the same file took it too: two writers at once, the same assignment id handed to two tutors,
 * and an acknowledged submit lost (caught by `test/faults/scaleOut.test.ts`).
 *
 * So one descriptor per database file is opened per process, shared by the request thread and the
 * checkpoint worker (descriptors are process-wide), and closed only when the last store using it has
 * closed its connections, when no SQLite lock of this process is left on the file to lose.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

// The wal-index (sqlite's wal.c): two 48-byte copies of the header, mxFrame (frames in the WAL) at byte 16,
// then the checkpoint info, whose first field is nBackfill (frames already copied into the database).
export const MX_FRAME_AT = 16;
export const N_BACKFILL_AT = 96;
const readU32 = endianness() === 'LE' ? 'readUInt32LE' : 'readUInt32BE';

interface Shared {
  fd: number | undefined;
  users: number;
}
const shared = new Map<string, Shared>();

export interface WalIndex {
  /** Frames in the WAL and frames already copied; null while the `-shm` file cannot be read. */
  read(): { frames: number; copied: number } | null;
  /** The descriptor (for the checkpoint worker, which reads it from its own thread); undefined if not open. */
  fd(): number | undefined;
  /** This store is done with it; call only after its connections are closed. */
  release(): void;
}

/** The wal-index of `file` (the database file), shared with every other user in this process. */
export function openWalIndex(file: string): WalIndex {
  let entry = shared.get(file);
  if (!entry) shared.set(file, (entry = { fd: undefined, users: 0 }));
  entry.users++;
  const current = entry;
  const buffer = Buffer.alloc(N_BACKFILL_AT + 4);
  let released = false;
  const ensureOpen = (): number | undefined => {
    // Opened lazily (SQLite creates the file with the first connection) and never closed while in use.
    if (current.fd === undefined) {
      try {
        current.fd = openSync(`${file}-shm`, 'r');
      } catch {
        return undefined;
      }
    }
    return current.fd;
  };
  return {
    read() {
      const fd = ensureOpen();
      if (fd === undefined) return null;
      try {
        if (readSync(fd, buffer, 0, buffer.length, 0) !== buffer.length) return null;
      } catch {
        return null;
      }
      return { frames: buffer[readU32](MX_FRAME_AT), copied: buffer[readU32](N_BACKFILL_AT) };
    },
    fd: ensureOpen,
    release() {
      if (released) return;
      released = true;
      if (--current.users > 0) return;
      shared.delete(file);
      if (current.fd !== undefined) closeSync(current.fd);
    },
  };
}
