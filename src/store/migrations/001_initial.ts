/**
 * The first schema. Written with Kysely's schema builder so one file serves both dialects;
 * the only dialect difference is how an auto-increment id is spelled.
 */
import type { Kysely, CreateTableBuilder } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
      dialect === 'postgres'
        ? t.addColumn('id', 'serial', (c) => c.primaryKey())
        : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    const ms = 'bigint' as const;

    await withId(db.schema.createTable('users'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('tier', 'text', (c) => c.notNull())
      .addColumn('domains', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('pay_model', 'text', (c) => c.notNull().defaultTo('per_task'))
      .addColumn('pay_rate', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', ms, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('expires_at', ms, (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('api_tokens'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('last_used_at', ms)
      .addColumn('revoked_at', ms)
      .execute();

    await withId(db.schema.createTable('certifications'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('exam_id', 'text')
      .addColumn('score', 'real')
      .addColumn('granted_by', 'integer', (c) => c.references('users.id'))
      .addColumn('granted_at', ms, (c) => c.notNull())
      .addColumn('revoked_at', ms)
      .addColumn('revoked_reason', 'text')
      .execute();
    await db.schema.createIndex('certifications_user_domain').on('certifications').columns(['user_id', 'domain']).execute();

    await withId(db.schema.createTable('projects'))
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('overlap', 'integer', (c) => c.notNull())
      .addColumn('gold_rate', 'real', (c) => c.notNull().defaultTo(0))
      .addColumn('lease_seconds', 'integer', (c) => c.notNull().defaultTo(1800))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', ms, (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('tasks'))
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('gold', 'text')
      .addColumn('is_gold', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('submitted_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active_leases', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', ms, (c) => c.notNull())
      .addUniqueConstraint('tasks_project_external_id', ['project_id', 'external_id'])
      .execute();

    await withId(db.schema.createTable('assignments'))
      .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id'))
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('leased_at', ms, (c) => c.notNull())
      .addColumn('expires_at', ms, (c) => c.notNull())
      .addColumn('finished_at', ms)
      // One row per tutor × task, ever: a tutor never judges or is re-offered a task twice,
      // and the database itself refuses a double lease under any race.
      .addUniqueConstraint('assignments_task_user', ['task_id', 'user_id'])
      .execute();

    await withId(db.schema.createTable('annotations'))
      .addColumn('assignment_id', 'integer', (c) => c.notNull().references('assignments.id'))
      .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id'))
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('created_at', ms, (c) => c.notNull())
      .addColumn('supersedes_id', 'integer', (c) => c.references('annotations.id'))
      .execute();
    await db.schema.createIndex('annotations_project_task').on('annotations').columns(['project_id', 'task_id']).execute();
    await db.schema.createIndex('annotations_user').on('annotations').columns(['user_id', 'created_at']).execute();

    await withId(db.schema.createTable('audit_log'))
      .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_type', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text')
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('at', ms, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  };
}
