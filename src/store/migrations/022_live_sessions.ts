/**
 * Live conversations with models (issue 18): a project's live settings (which endpoints answer, how
 * many samples each), each tutor's session (the chat so far, the rankings given), and one row per
 * reply asked for, stored before the call so a reload or a restart resumes the session and a retried
 * ask never calls (or pays) twice for a reply that landed.
 */
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  const serial = (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
  const id = dialect === 'postgres' ? ('serial' as const) : ('integer' as const);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('live_settings')
      .addColumn('project_id', 'integer', (c) => c.primaryKey().references('projects.id'))
      // JSON: domain/live.ts LiveSettings, endpoints by id.
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('live_sessions')
      .addColumn('id', id, serial)
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('domain', 'text', (c) => c.notNull())
      // open | finished
      .addColumn('state', 'text', (c) => c.notNull())
      // JSON: the chat so far (domain/conversation.ts ConversationTurn[]), branches with continuesFrom.
      .addColumn('messages', 'text', (c) => c.notNull())
      // JSON: assistant turn index → the reply ids, best first.
      .addColumn('rankings', 'text', (c) => c.notNull())
      // Bumped on every change: writers compare it (optimistic concurrency on both databases).
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('task_id', 'integer', (c) => c.references('tasks.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('live_sessions_user').on('live_sessions').columns(['project_id', 'user_id', 'id']).execute();
    await db.schema
      .createTable('live_replies')
      .addColumn('id', id, serial)
      .addColumn('session_id', 'integer', (c) => c.notNull().references('live_sessions.id'))
      // The assistant turn's message index.
      .addColumn('turn', 'integer', (c) => c.notNull())
      // Blind: random, never names the model.
      .addColumn('reply_id', 'text', (c) => c.notNull())
      // Where the tutor sees it (random order).
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('model_endpoints.id'))
      .addColumn('sample', 'integer', (c) => c.notNull())
      // pending | calling | done | failed
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'bigint')
      .addColumn('text', 'text')
      .addColumn('provenance', 'text')
      .addColumn('error', 'text')
      .addUniqueConstraint('live_replies_turn_reply', ['session_id', 'turn', 'reply_id'])
      .execute();
  };
}
