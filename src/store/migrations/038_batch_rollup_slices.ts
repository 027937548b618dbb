/**
 * SQLite: the consensus batch moves the economics rollups itself, a slice at a time (issue 14).
 *
 * 030's row triggers on `task_consensus` rolled up each task's judgments once per written row: 70 µs a
 * row, 70 of the 96 s of a first batch at a million tasks. The batch now takes its slice's judgments out
 * of the rollups in one grouped statement before its upsert and puts them back after it
 * (repositories/consensusBulk.ts), with the row triggers standing aside while a row of
 * `economics_rollup_pause` exists. That row is written and removed inside the slice's own transaction,
 * so no other statement ever sees it: a crash leaves the slice, its rollup moves and the pause all
 * undone together. The grouped statements are the triggers' own delta (economicsRollupSql.ts), so the
 * rollups end as the triggers would leave them. PostgreSQL's statement triggers already group a slice.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { sqliteConsensusTriggers } from './030_economics_rollups.js';

export const ROLLUP_PAUSED = 'EXISTS (SELECT 1 FROM economics_rollup_pause)';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect !== 'sqlite') return;
    await sql`CREATE TABLE economics_rollup_pause (paused integer PRIMARY KEY)`.execute(db);
    for (const name of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER economics_rollup_consensus_${name}`).execute(db);
    for (const statement of sqliteConsensusTriggers(ROLLUP_PAUSED)) await sql.raw(statement).execute(db);
  };
}
