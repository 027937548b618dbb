/**
 * Staged imports: an import writes its rows to `import_rows` in short transactions (no reader looks
 * there), then publishes them into `tasks`. `imports` says where each one stands, who runs it and when
 * it last moved, so a crashed import is found and either discarded (still staging) or finished
 * (publishing). See services/imports/importTasks.ts.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    const ms = 'bigint' as const;
    await db.schema
      .createTable('imports')
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('actor_id', 'integer')
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      // 'staging' (rows arriving; discarded if abandoned) or 'publishing' (validated; finished if abandoned).
      .addColumn('state', 'text', (c) => c.notNull())
      // "host:pid" of the process running it: a dead pid on this host means abandoned at once.
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('left_out', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('heartbeat_at', ms, (c) => c.notNull())
      .execute();
    // No autoincrement: ids only need to grow within one import, and rows are deleted once published.
    await db.schema
      .createTable('import_rows')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
      .addColumn('import_id', 'integer', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('gold', 'text')
      .addColumn('is_gold', 'integer', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      // A repeated id within one file is found by this constraint, as a repeat in `tasks` is by its own.
      .addUniqueConstraint('import_rows_import_external_id', ['import_id', 'external_id'])
      .execute();
  };
}
