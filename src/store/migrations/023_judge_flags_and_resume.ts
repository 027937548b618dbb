/**
 * Judges in the cascade and work that outlives a server (issue 13):
 * - `judge_verdicts(task_id)`: the cascade asks, per task, whether a judge flagged it;
 *   `judge_verdicts(annotation_id)`: the Cost page prices a judge's judgment at its verdict's model cost.
 * - `runner_until` on judge runs and generation jobs: the server process working one holds it until
 *   then and renews it while it works; a run or job left `queued`/`running` whose hold has lapsed was
 *   abandoned (its server stopped or crashed) and a server takes it up again. NULL: started from the
 *   CLI, which resumes its own (`tutorloop generate`/`judges run` again).
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.createIndex('judge_verdicts_task').on('judge_verdicts').columns(['task_id']).execute();
    await db.schema.createIndex('judge_verdicts_annotation').on('judge_verdicts').columns(['annotation_id']).execute();
    await db.schema.alterTable('judge_runs').addColumn('runner_until', 'bigint').execute();
    await db.schema.alterTable('generation_jobs').addColumn('runner_until', 'bigint').execute();
  };
}
