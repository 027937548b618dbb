/** Exported tasks by id (the few whose summary needs their votes), with the columns an export page reads. */
import type { Db } from '../transaction.js';
import type { ExportTask } from './annotations.js';

export async function exportTasksOf(db: Db, taskIds: readonly number[]): Promise<ExportTask[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('tasks')
    .select(['id', 'external_id as externalId', 'domain', 'payload'])
    .where('id', 'in', taskIds)
    .orderBy('id')
    .execute();
}
