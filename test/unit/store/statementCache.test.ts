/** Kysely's statements on SQLite are prepared once per SQL text and reused, never while in use. */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedStatements } from '../../../src/store/statementCache.js';

interface Db {
  t: { id: number; v: string };
}

let raw: SQLite.Database;
afterEach(() => raw?.open && raw.close());

/** A database whose `prepare` calls are counted. */
function counted(size?: number) {
  raw = new SQLite(':memory:');
  raw.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const prepared: string[] = [];
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  }) as typeof raw.prepare;
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: cachedStatements(raw, size) }) });
  return { db, prepared };
}

describe('the SQLite statement cache', () => {
  it('prepares a query once, however often it runs with other parameters', async () => {
    const { db, prepared } = counted();
    for (let i = 1; i <= 5; i++)
      await db
        .insertInto('t')
        .values({ id: i, v: `v${i}` })
        .execute();
    for (let i = 1; i <= 5; i++)
      expect(await db.selectFrom('t').select('v').where('id', '=', i).executeTakeFirst()).toEqual({ v: `v${i}` });
    expect(prepared).toHaveLength(2);
  });

  it('reuses a statement whose stream was left part way', async () => {
    const { db, prepared } = counted();
    await db
      .insertInto('t')
      .values([
        { id: 1, v: 'a' },
        { id: 2, v: 'b' },
      ])
      .execute();
    const query = () => db.selectFrom('t').select(['id', 'v']).orderBy('id');
    for await (const row of query().stream()) {
      expect(row.v).toBe('a');
      break;
    }
    expect(await query().execute()).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
    ]);
    expect(prepared).toHaveLength(2); // the insert and the select
  });

  it('keeps only the most recently used texts', async () => {
    const { db, prepared } = counted(2);
    const ask = (n: number) => sql`SELECT ${sql.raw(String(n))} AS n`.execute(db);
    await ask(1);
    await ask(2);
    await ask(1); // 1 is now the most recent: 2 goes when 3 comes
    await ask(3);
    await ask(1);
    expect(prepared).toHaveLength(3);
    await ask(2);
    expect(prepared).toHaveLength(4);
  });
});
