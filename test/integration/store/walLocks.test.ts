/**
 * A serving store's WAL machinery must never release SQLite's locks between processes. They are POSIX
 * locks on the `-shm` file, which a process loses entirely when it closes any descriptor of that file:
 * the checkpoint worker used to open and close it every 100 ms to read the WAL's size, so another
 * process could take the write lock this one held. Two `serve --workers` processes then wrote at once
 * (the same assignment id handed to two tutors, an acknowledged submit lost).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/database.js';
import { freshSqlitePath } from '../../support/databases.js';

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/** Whether another process gets SQLite's write lock on `file` at once (busy timeout 0). */
function anotherProcessCanWrite(file: string): boolean {
  const script = `
    const Database = require(${JSON.stringify(driver)});
    const db = new Database(${JSON.stringify(file)}, { timeout: 0 });
    try { db.exec('BEGIN IMMEDIATE'); db.exec('ROLLBACK'); process.stdout.write('took it'); }
    catch (e) { process.stdout.write(e.code); }`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(['took it', 'SQLITE_BUSY']).toContain(child.stdout);
  return child.stdout === 'took it';
}

describe('SQLite locks of a serving store', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('keeps the write lock from other processes while the checkpoint worker and the backstop run', async () => {
    const file = freshSqlitePath();
    store = await openStore(`sqlite:${file}`, { backgroundCheckpoint: true });
    const raw = store.sqlite!;
    raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    raw.prepare('INSERT INTO t (v) VALUES (?)').run('committed: the backstop reads the wal-index after it');
    // The control: with the lock free, another process takes it.
    expect(anotherProcessCanWrite(file)).toBe(true);

    raw.exec('BEGIN IMMEDIATE');
    try {
      // The worker looks at the WAL every 100 ms: give it several turns while this process holds the lock.
      await new Promise((r) => setTimeout(r, 600));
      expect(anotherProcessCanWrite(file)).toBe(false);
    } finally {
      raw.exec('ROLLBACK');
    }
  });
});
