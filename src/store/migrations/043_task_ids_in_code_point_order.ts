/**
 * Task ids (`tasks.external_id`) compared in code-point order on PostgreSQL too (issue 14: imports).
 * SQLite compares text byte by byte (code-point order for UTF-8); PostgreSQL compared ids under the
 * database's collation, through the C library's `strcoll` on every comparison, and kept a second
 * index on the same columns under "C" for the task browser's prefix search (035). With the column
 * itself in "C", the one unique index serves both the uniqueness checks and the prefix search, and
 * an import writes one index fewer per task with cheaper comparisons in the other: a 300,000-task
 * import ran about 8 % faster (bench:import --pg; medians of 9 interleaved runs, ~52,000 against ~45,300 tasks/s). Equality is unchanged (both collations are
 * deterministic); only an ORDER BY external_id changes, to the order SQLite already gives.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect !== 'postgres') return;
    await sql`DROP INDEX tasks_project_external_id_c`.execute(db);
    // The same type: no table rewrite; the indexes on the column are rebuilt under the new collation.
    await sql`ALTER TABLE tasks ALTER COLUMN external_id TYPE text COLLATE "C"`.execute(db);
  };
}
