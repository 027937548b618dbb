/**
 * The managers' task console (issue 15): a task a manager removed from the exports keeps its
 * judgments but is left out of every export (`export_excluded`), until restored. Two indexes keep
 * the task browser's filters fast on a big project: the tasks a tutor judged (by user, project,
 * task), and the tasks of low consensus confidence (by project, confidence). An exam's attempts
 * are listed newest first by exam.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .alterTable('tasks')
      .addColumn('export_excluded', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('annotations_user_project_task').on('annotations').columns(['user_id', 'project_id', 'task_id']).execute();
    await db.schema
      .createIndex('task_consensus_confidence')
      .on('task_consensus')
      .columns(['project_id', 'confidence', 'task_id'])
      .execute();
  };
}
