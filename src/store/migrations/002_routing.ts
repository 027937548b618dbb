/**
 * Routing support: an `is_open` flag kept in step with the task counters, a partial index over open
 * tasks in pick order (so `next` is one index probe, not a scan), lease lookups, a guard against a
 * second original annotation per assignment, and a per-database secret (pseudonyms, gold mixing).
 */
import { sql, type Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    // 1 while the task can take another lease: gold always, others while submitted + leases < overlap.
    await db.schema
      .alterTable('tasks')
      .addColumn('is_open', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await sql`CREATE INDEX tasks_open_pick ON tasks (project_id, is_gold, submitted_count DESC, priority DESC, id) WHERE is_open = 1`.execute(
      db,
    );
    await db.schema.createIndex('tasks_project_id').on('tasks').columns(['project_id', 'is_gold', 'id']).execute();

    await db.schema.createIndex('assignments_user_project_state').on('assignments').columns(['user_id', 'project_id', 'state']).execute();
    await sql`CREATE INDEX assignments_live_expiry ON assignments (project_id, expires_at) WHERE state = 'leased'`.execute(db);

    await sql`CREATE UNIQUE INDEX annotations_one_original ON annotations (assignment_id) WHERE supersedes_id IS NULL`.execute(db);
    await db.schema.createIndex('annotations_task').on('annotations').columns(['task_id', 'id']).execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await sql`INSERT INTO settings (key, value) VALUES ('secret', ${randomBytes(32).toString('hex')})`.execute(db);
  };
}
