/**
 * Quality in the loop (issue 5): exams and attempts, practice answers, live gold results, per tutor ×
 * domain reliability, stored consensus per task, the review queue, and notifications to tutors.
 * `tasks.target_judgments` is the per-task judgment count under adaptive overlap (NULL = project overlap).
 * `tasks.uncertain` marks tasks whose consensus is not yet confident, so routing can send them to the
 * most reliable tutors first.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  // Same spelling as 001: serial on PostgreSQL; REAL there is single precision, so fractions are double.
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const real = dialect === 'postgres' ? ('double precision' as const) : ('real' as const);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('tasks').addColumn('target_judgments', 'integer').execute();
    await db.schema
      .alterTable('tasks')
      .addColumn('uncertain', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`CREATE INDEX tasks_open_uncertain ON tasks (project_id, priority DESC, id) WHERE is_open = 1 AND uncertain = 1 AND is_gold = 0`.execute(
      db,
    );

    await withId(db.schema.createTable('exams'))
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('question_count', 'integer', (c) => c.notNull())
      .addColumn('pass_mark', real, (c) => c.notNull())
      .addColumn('cooldown_hours', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('exams_domain').on('exams').columns(['domain', 'active']).execute();

    await withId(db.schema.createTable('exam_attempts'))
      .addColumn('exam_id', 'integer', (c) => c.notNull())
      .addColumn('exam_version', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('task_ids', 'text', (c) => c.notNull())
      .addColumn('answers', 'text')
      .addColumn('score', real)
      .addColumn('passed', 'integer')
      .addColumn('certification_id', 'integer')
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('submitted_at', 'bigint')
      .execute();
    await db.schema.createIndex('exam_attempts_user').on('exam_attempts').columns(['user_id', 'exam_id', 'started_at']).execute();

    await withId(db.schema.createTable('practice_answers'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('task_id', 'integer', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('correct', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('practice_answers_user').on('practice_answers').columns(['user_id', 'domain', 'id']).execute();

    await withId(db.schema.createTable('gold_results'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('task_id', 'integer', (c) => c.notNull())
      .addColumn('annotation_id', 'integer', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('correct', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('gold_results_user_domain').on('gold_results').columns(['user_id', 'domain', 'id']).execute();
    await db.schema.createIndex('gold_results_project').on('gold_results').columns(['project_id', 'user_id']).execute();

    await db.schema
      .createTable('tutor_reliability')
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('gold_total', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('gold_correct', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('model_accuracy', real)
      .addColumn('model_labels', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reliability', real, (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('tutor_reliability_pk', ['user_id', 'domain'])
      .execute();

    await db.schema
      .createTable('task_consensus')
      .addColumn('task_id', 'integer', (c) => c.primaryKey())
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('method_version', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('confidence', real, (c) => c.notNull())
      .addColumn('annotator_count', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('review_id', 'integer')
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('task_consensus_project').on('task_consensus').columns(['project_id', 'task_id']).execute();

    await withId(db.schema.createTable('reviews'))
      .addColumn('project_id', 'integer', (c) => c.notNull())
      .addColumn('task_id', 'integer', (c) => c.notNull())
      .addColumn('domain', 'text', (c) => c.notNull())
      .addColumn('annotation_id', 'integer')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('flagged_by', 'integer')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reviewer_id', 'integer')
      .addColumn('verdict', 'text')
      .addColumn('comment', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_at', 'bigint')
      .execute();
    await db.schema.createIndex('reviews_queue').on('reviews').columns(['project_id', 'state', 'id']).execute();
    await db.schema.createIndex('reviews_task').on('reviews').columns(['task_id']).execute();

    await withId(db.schema.createTable('notifications'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('read_at', 'bigint')
      .execute();
    await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
  };
}
