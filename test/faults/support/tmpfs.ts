/**
 * A real small filesystem for disk-full and read-only faults: a tmpfs of a few megabytes, mounted
 * when this process may mount (root in a container that allows it). `null` when it may not; the
 * caller says so and skips (the integration suite covers a full disk with SQLite's max_page_count).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SmallDisk {
  dir: string;
  readOnly(): Promise<void>;
  unmount(): Promise<void>;
}

export async function mountSmallDisk(sizeMb: number): Promise<SmallDisk | { refused: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tutorloop-smalldisk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { refused: `cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]})` };
  }
  return {
    dir,
    readOnly: async () => void (await run('mount', ['-o', 'remount,ro', dir])),
    unmount: async () => {
      await run('umount', ['-l', dir]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
