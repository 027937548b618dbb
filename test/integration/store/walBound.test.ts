/**
 * The SQLite WAL stays bounded under sustained writes (issue 12, item 13): a serving store's WAL
 * grew to ~40 MB between checkpoints and kept that size on disk, enough to fill a small disk.
 * Now the request thread checkpoints at ~16 MB and `journal_size_limit` cuts the file back.
 */
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { WAL_LIMIT_BYTES } from '../../../src/store/checkpointer.js';
import { openStore, type Store } from '../../../src/store/database.js';
import { freshSqlitePath } from '../../support/databases.js';

describe('the SQLite WAL under sustained writes', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('never grows far past the limit, whatever is written', async () => {
    const file = freshSqlitePath();
    store = await openStore(`sqlite:${file}`, { backgroundCheckpoint: true });
    const raw = store.sqlite!;
    expect(Number(raw.pragma('journal_size_limit', { simple: true }))).toBe(WAL_LIMIT_BYTES);
    raw.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
    const insert = raw.prepare('INSERT INTO filler (body) VALUES (?)');
    const oneMb = Buffer.alloc(1024 * 1024, 7);
    let largest = 0;
    // 80 MB in 1 MB transactions, back to back: twice what the old 40 MB backstop let the WAL reach.
    for (let i = 0; i < 80; i++) {
      insert.run(oneMb);
      largest = Math.max(largest, statSync(`${file}-wal`).size);
      if (i % 8 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(largest).toBeGreaterThan(1024 * 1024);
    // One transaction may land past the backstop before the checkpoint that rewinds the WAL.
    expect(largest).toBeLessThan(WAL_LIMIT_BYTES + 4 * 1024 * 1024);
    expect(WAL_LIMIT_BYTES).toBeLessThanOrEqual(16 * 1024 * 1024 + 4096 * 100);
  });
});
