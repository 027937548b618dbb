/**
 * Per-item rubrics (issue 18): every version of a prompt's rubric, as its author wrote it and its
 * reviewer decided it. A version is never edited but for its review decision (pending → approved or
 * sent back); a revision is a new row. Grading tasks copy the criteria of the version they grade
 * against, so a grading keeps its version whatever is revised later.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('rubric_versions')
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      // The authoring project; `item` is the external id of the prompt's first authoring task.
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
      .addColumn('item', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      // The authoring task this version was written on (its payload holds the prompt and responses).
      .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id'))
      // The submit that wrote it: a retried follow-up finds its version instead of adding another.
      .addColumn('annotation_id', 'integer', (c) => c.notNull().unique().references('annotations.id'))
      // JSON: [{id, text, weight, essential}]
      .addColumn('criteria', 'text', (c) => c.notNull())
      .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('author_tier', 'text', (c) => c.notNull())
      // pending | approved | sent_back
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reviewer_id', 'integer', (c) => c.references('users.id'))
      .addColumn('review_comment', 'text')
      .addColumn('reviewed_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('rubric_versions_item_version', ['project_id', 'item', 'version'])
      .execute();
  };
}
