/**
 * The task browser's "confidence below x" filter is served by an index on the confidence in hundredths
 * (store/consensusBands.ts) instead of on the confidence itself (migration 019's
 * `task_consensus_confidence`). Every batch wrote each row's entry at a random place of that index: on a
 * million-task first batch on SQLite the two indexes of random keys made the upserts ~4× dearer (a
 * million random entries cost ~11 s against ~1 s in task order, measured apart). A band's rows arrive in
 * task order, so each goes at its band's end.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import { CONFIDENCE_BAND } from '../consensusBands.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await sql.raw(`CREATE INDEX task_consensus_confidence_band ON task_consensus (project_id, (${CONFIDENCE_BAND}))`).execute(db);
    await db.schema.dropIndex('task_consensus_confidence').execute();
  };
}
