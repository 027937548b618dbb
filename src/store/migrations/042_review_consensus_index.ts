/**
 * The consensus rows a reviewer wrote, indexed apart (issue 14): the Cost page counts the tasks whose
 * consensus reached the target from the index on confidence, and needs the reviewers' rows on their own
 * (repositories/economics.ts `storedItemCounts`). They are few, and the consensus batch never writes one,
 * so the partial index costs the batch nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await sql`CREATE INDEX task_consensus_review ON task_consensus (project_id, task_id) WHERE source = 'review'`.execute(db);
  };
}
