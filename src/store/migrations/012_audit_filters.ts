/**
 * The admin console's audit log (issue 15) filters by actor, action and target and pages by id,
 * newest first: one index per filter, each ending in `id`, so a page is an index range scan
 * however long the log grows. The same for the task browser's domain filter.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'id']).execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
    await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id', 'id']).execute();
    // The managers' task browser filters a project's tasks by domain, paging by id.
    await db.schema.createIndex('tasks_project_domain').on('tasks').columns(['project_id', 'domain', 'id']).execute();
  };
}
