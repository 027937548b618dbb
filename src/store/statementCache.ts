/**
 * Kysely on SQLite prepares every query it runs (better-sqlite3 `prepare`), even one it ran a moment
 * ago with other parameters. Preparing was the largest single cost of the queries on a judge run's
 * path (bench:models --judge), so the dialect is given this wrapper: the prepared statements of the
 * last `size` SQL texts are kept and reused. A statement still in use (a stream not yet finished) is
 * never handed out twice: a fresh one is prepared instead; a stream left part way resets its
 * statement. Statements stay valid across schema changes (SQLite prepares them again by itself).
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function cachedStatements(db: SQLite.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      const known = cache.get(sql);
      if (known && !known.busy) {
        // Map order is insertion order: moving it to the end keeps the least recently used first.
        cache.delete(sql);
        cache.set(sql, known);
        return known;
      }
      const statement = db.prepare(sql);
      if (known) return statement;
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}
