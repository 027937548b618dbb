/**
 * The managers' task console (issue 15): a task a manager removed from the exports keeps its
 * judgments but is left out of every export (`export_excluded`), until restored.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .alterTable('tasks')
      .addColumn('export_excluded', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  };
}
