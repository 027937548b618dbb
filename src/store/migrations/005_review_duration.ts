/**
 * The reviewer's time on a verdict (`reviews.duration_ms`), so a review can be priced like an
 * annotation (hourly reviewers are paid for time). NULL for verdicts given before this column
 * existed or without a time: the economics price those with duration 0.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('reviews').addColumn('duration_ms', 'integer').execute();
  };
}
