/**
 * PostgreSQL: the consensus insert and delete triggers (039) again, now that `consensusMoveSelect`
 * (economicsRollupSql.ts) groups each judgment once by its kinds before and after and counts only the
 * groups that move, instead of forming every judgment's row on both sides and grouping twice as many
 * (issue 14: 270 → 172 ms per 20,000 tasks' first consensus on SQLite, whose batch builds the same
 * statement). The deltas are the same. SQLite: nothing to install (its batch prepares the statement).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { CONSENSUS_MOVE_FUNCTIONS } from './039_consensus_insert_move.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'postgres') for (const statement of CONSENSUS_MOVE_FUNCTIONS) await sql.raw(statement).execute(db);
  };
}
