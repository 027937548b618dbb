/**
 * Two webhook events (#19).
 *
 * `generation.finished`: sent when a generation job ends (done, failed or cancelled), written by a trigger
 * on the job's state like the other events, so it shares the transaction of the change it reports.
 *
 * `project.completed` no longer waits for a lease that cannot change anything (#19). Migration 009's
 * trigger held the event back while any lease on another real task was out, including a lease on a task
 * that is already complete (a manager lowered the overlap while it was out: it may still submit an extra
 * judgment). That lease ends without completing anything, so the event was never sent. Now only leases on
 * tasks still short of their judgments hold it back.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { createTrigger, type OutboxTrigger } from './009_org_fit.js';

const NEEDED = (row: string) => `COALESCE(${row}.target_judgments, (SELECT p.overlap FROM projects p WHERE p.id = ${row}.project_id))`;
const REACHED = (row: string) => `${row}.submitted_count >= ${NEEDED(row)}`;

export const PROJECT_COMPLETED: OutboxTrigger = {
  name: 'webhook_project_completed',
  table: 'tasks',
  on: 'UPDATE OF submitted_count',
  when: 'NEW.is_gold = 0 AND NEW.submitted_count > OLD.submitted_count',
  event: 'project.completed',
  projectId: 'NEW.project_id',
  subject: [['projectId', 'NEW.project_id']],
  extra: `${REACHED('NEW')} AND NOT (${REACHED('OLD')})
      AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.project_id = NEW.project_id AND t.is_open = 1 AND t.is_gold = 0 AND t.id <> NEW.id)
      AND NOT EXISTS (SELECT 1 FROM assignments a JOIN tasks l ON l.id = a.task_id
        WHERE a.project_id = NEW.project_id AND a.state = 'leased' AND a.task_id <> NEW.id AND l.is_gold = 0 AND NOT (${REACHED('l')}))`,
};

const ENDED = `('done', 'failed', 'cancelled')`;

export const GENERATION_FINISHED: OutboxTrigger = {
  name: 'webhook_generation_finished',
  table: 'generation_jobs',
  on: 'UPDATE OF state',
  when: `NEW.state IN ${ENDED} AND OLD.state NOT IN ${ENDED}`,
  event: 'generation.finished',
  projectId: 'NEW.project_id',
  subject: [['jobId', 'NEW.id']],
};

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'sqlite') await sql`DROP TRIGGER webhook_project_completed`.execute(db);
    else await sql`DROP FUNCTION webhook_project_completed_fn() CASCADE`.execute(db);
    await createTrigger(db, dialect, PROJECT_COMPLETED);
    await createTrigger(db, dialect, GENERATION_FINISHED);
  };
}
