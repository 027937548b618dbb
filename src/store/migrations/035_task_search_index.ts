/**
 * The task browser's search by import id (issue 15) on PostgreSQL: the prefix is a range compared
 * under the "C" collation (code-point order, repositories/taskBrowser.ts), which the plain
 * `(project_id, external_id)` index cannot serve when the database's collation is another; this one
 * can. SQLite compares in code-point order already and uses the existing index.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect !== 'postgres') return;
    await sql`CREATE INDEX tasks_project_external_id_c ON tasks (project_id, external_id COLLATE "C")`.execute(db);
  };
}
