/** Group commit on SQLite: writes of one event-loop turn share a transaction, each in its own savepoint. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type SqliteStore, type Store } from '../../../src/store/database.js';
import { groupCommit } from '../../../src/store/groupCommit.js';

describe('group commit (SQLite)', () => {
  let store: SqliteStore;
  afterEach(async () => store?.close());

  const open = async () => (store = await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'tl-group-')), 'db.sqlite')}`));
  const put = (key: string) => (raw: NonNullable<Store['sqlite']>) =>
    raw.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(key, 'v').changes;
  const keys = () => store.sqlite!.prepare(`SELECT key FROM settings WHERE key LIKE 'g%' ORDER BY key`).pluck().all();

  it('runs the writes of one turn in order in one transaction; one that throws undoes only itself', async () => {
    await open();
    const seen: number[] = [];
    const results = await Promise.allSettled([
      groupCommit(store, put('g1')),
      groupCommit(store, (raw) => {
        put('g2')(raw);
        throw new Error('this write fails after writing');
      }),
      groupCommit(store, (raw) => {
        // Sees what the earlier writes of the group stored (g1; g2 was rolled back to its savepoint).
        seen.push(Number(raw.prepare(`SELECT COUNT(*) FROM settings WHERE key LIKE 'g%'`).pluck().get()));
        return put('g3')(raw);
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('this write fails after writing');
    expect(seen).toEqual([1]);
    expect(keys()).toEqual(['g1', 'g3']);
  });

  it('rejects every caller of a group whose commit fails, and stores none of its writes', async () => {
    await open();
    // A write that leaves a deferred foreign key violated makes the group's COMMIT fail.
    store.sqlite!.exec(
      `CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`,
    );
    const results = await Promise.allSettled([
      groupCommit(store, put('g1')),
      groupCommit(store, (raw) => raw.prepare('INSERT INTO child (id, parent_id) VALUES (1, 42)').run().changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(keys()).toEqual([]);
    // The store is usable afterwards.
    expect(await groupCommit(store, put('g4'))).toBe(1);
    expect(keys()).toEqual(['g4']);
  });
});
