/**
 * The Quality page's tasks per domain (production tasks, gold apart) from an index alone (issue 14):
 * at a million tasks the grouped count read every row of `tasks` (2.2 s on SQLite); over this
 * covering index it reads the project's index entries (85 ms). `is_gold` and `domain` never change
 * once a task is written, so routing's writes do not touch it (PostgreSQL's HOT updates stay HOT).
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await sql`CREATE INDEX tasks_project_gold_domain ON tasks (project_id, is_gold, domain)`.execute(db);
  };
}
