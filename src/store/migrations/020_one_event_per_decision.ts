/**
 * One `review.decided` per decision (#19). A verdict decides its review and then, in a second statement,
 * every other open review of the task (`decideReviews`); the trigger of migration 009 fired once per row.
 * Now only the first row of a decision writes the event: a row closed later by the same decision finds
 * another review of the task decided at the same instant by the same reviewer, and stays silent. The
 * payload names the review the reviewer decided; the others are in the audit (`closedReviewIds`).
 *
 * Also a unique index on `gold_results(annotation_id)` (one result per judgment, whoever records it): live gold is recorded after the submit's reply, and a server
 * starting looks for gold judgments a crash left without a result (services/gold/recordMissingGold.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { createTrigger, NOT_GOLD_TASK, type OutboxTrigger } from './009_org_fit.js';

const CLOSED_BY_AN_EARLIER_ROW = `EXISTS (SELECT 1 FROM reviews s WHERE s.task_id = NEW.task_id AND s.id <> NEW.id
  AND s.state = 'decided' AND s.decided_at = NEW.decided_at AND s.reviewer_id = NEW.reviewer_id)`;

export const REVIEW_DECIDED: OutboxTrigger = {
  name: 'webhook_review_decided',
  table: 'reviews',
  on: 'UPDATE OF state',
  when: `OLD.state = 'open' AND NEW.state = 'decided'`,
  event: 'review.decided',
  projectId: 'NEW.project_id',
  subject: [['reviewId', 'NEW.id']],
  extra: `${NOT_GOLD_TASK('NEW.task_id')} AND NOT ${CLOSED_BY_AN_EARLIER_ROW}`,
};

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'sqlite') await sql`DROP TRIGGER webhook_review_decided`.execute(db);
    else await sql`DROP FUNCTION webhook_review_decided_fn() CASCADE`.execute(db);
    await createTrigger(db, dialect, REVIEW_DECIDED);
    await db.schema.createIndex('gold_results_annotation').unique().on('gold_results').column('annotation_id').execute();
  };
}
