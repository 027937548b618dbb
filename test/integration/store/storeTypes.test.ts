/**
 * One type per database: a store carries its own driver's handle and no other, and the type checker
 * refuses reaching a handle without narrowing on `dialect` (the @ts-expect-error lines below fail
 * `tsc` if misuse ever compiles again).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type PostgresStore, type Store } from '../../../src/store/database.js';
import { sql } from 'kysely';
import { backgroundDb } from '../../../src/store/backgroundDb.js';
import { groupCommit } from '../../../src/store/groupCommit.js';
import { withSqliteConnection } from '../../../src/store/transaction.js';
import { testDatabases } from '../../support/databases.js';

/** Never called: it exists for the type checker, which fails on any @ts-expect-error below that stops being an error. */
// biome-ignore lint/correctness/noUnusedVariables: checked by tsc, never run
function misuse(store: Store, postgres: PostgresStore): void {
  // @ts-expect-error a store not narrowed to SQLite may have no SQLite handle
  store.sqlite.prepare('SELECT 1');
  // @ts-expect-error a PostgreSQL store has no SQLite handle
  postgres.sqlite.prepare('SELECT 1');
  // @ts-expect-error a store not narrowed to PostgreSQL may have no pool
  void store.pgPool.query('SELECT 1');
  // @ts-expect-error SQLite-only paths take a SqliteStore
  void groupCommit(store, () => 1);
  // @ts-expect-error SQLite-only paths take a SqliteStore
  void withSqliteConnection(postgres, () => 1);
  if (store.dialect === 'sqlite') store.sqlite.prepare('SELECT 1');
  else void store.pgPool.query('SELECT 1');
}

describe.each(testDatabases())('the store on $name', ({ name, freshUrl }) => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('carries its own driver handle, and no other', async () => {
    store = await openStore(await freshUrl());
    expect(store.dialect).toBe(name);
    if (store.dialect === 'sqlite') {
      expect(store.sqlite.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
      expect('pgPool' in store).toBe(false);
    } else {
      expect((await store.pgPool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      expect('sqlite' in store).toBe(false);
    }
  });

  it('opens every PostgreSQL session with the settings the app relies on (no JIT compile per execution)', async () => {
    store = await openStore(await freshUrl());
    if (store.dialect === 'sqlite') return;
    expect((await store.pgPool.query('SHOW jit')).rows).toEqual([{ jit: 'off' }]);
    const background = await sql<{ jit: string }>`SHOW jit`.execute(backgroundDb(store));
    expect(background.rows).toEqual([{ jit: 'off' }]);
  });
});
