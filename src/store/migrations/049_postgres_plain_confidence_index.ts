/**
 * PostgreSQL goes back to migration 019's plain confidence index; the bands (048) stay SQLite's.
 * Measured on PostgreSQL at a million tasks: the band index's expression, evaluated on each consensus
 * upsert, cost routing 2–8 % (`bench:http`, 100 tutors: next + submit 2,312 and 2,313 cycles/s with the
 * plain index, 2,267 and 2,127 with the bands; database CPU per request 0.198–0.202 → 0.203–0.217 ms),
 * while PostgreSQL's first batch was the same with either (30.9–32.3 s against 31.9 s): its B-tree took
 * the random keys without SQLite's cost. store/consensusBands.ts queries each database's own index.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect !== 'postgres') return;
    await db.schema
      .createIndex('task_consensus_confidence')
      .on('task_consensus')
      .columns(['project_id', 'confidence', 'task_id'])
      .execute();
    await sql`DROP INDEX task_consensus_confidence_band`.execute(db);
  };
}
