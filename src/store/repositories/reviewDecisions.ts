/** What counts as one review decision, for every query that reads decided reviews. */
import { type SqlBool, sql } from 'kysely';

/**
 * For a decided review aliased `r`: it is the first row of its decision. One verdict can close several
 * open reviews of a task at once (`decideReviews`); they share the task and the decision time, and only
 * the lowest id speaks for the decision (its cost, its feedback).
 */
export const firstRowOfItsDecision = sql<SqlBool>`NOT EXISTS (SELECT 1 FROM reviews s
  WHERE s.task_id = r.task_id AND s.decided_at = r.decided_at AND s.state = 'decided' AND s.id < r.id)`;
