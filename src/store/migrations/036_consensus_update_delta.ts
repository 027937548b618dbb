/**
 * PostgreSQL: the consensus batch's re-run no longer pays for the rows it leaves as they were (issue 14).
 *
 * The batch upserts every task's consensus, and on a re-run most rows keep their label, confidence and
 * source (only `method_version` and `computed_at` move). 030's statement trigger still priced them:
 * with no statistics on the transition tables the planner rolled up every judgment of every updated
 * task and only then dropped the unchanged ones, 3 s per 50,000-row slice at 1 M tasks (80 of a
 * re-run's 106 s). The function now returns at once when no row changed, and otherwise forms the
 * changed rows first (an optimisation fence) and rolls up only their tasks' judgments. The delta is the
 * same statement as before; SQLite's row trigger already skipped unchanged rows (its WHEN clause).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { applyContribution } from '../economicsRollupSql.js';
import { postgresTriggerFunction, postgresWithConsensus } from './030_economics_rollups.js';

/**
 * The rows of `from` whose consensus is not also in `other`: the changed ones, old side (old_rows
 * EXCEPT new_rows) or new side. EXCEPT is one hashed pass and treats NULLs as equal (IS NOT DISTINCT
 * FROM, as 030's condition); joining the two transition tables on task_id instead, the planner (no
 * statistics on them) chose a nested loop: 50,000 × 50,000 comparisons, four minutes a slice.
 */
const changedRows = (from: 'old_rows' | 'new_rows') => {
  const other = from === 'old_rows' ? 'new_rows' : 'old_rows';
  const columns = 'task_id, project_id, label, confidence, source';
  return `SELECT ${columns} FROM ${from} EXCEPT SELECT ${columns} FROM ${other}`;
};

export const CONSENSUS_UPDATE_FUNCTION = postgresTriggerFunction(
  'economics_rollup_consensus_update',
  [
    `IF NOT EXISTS (${changedRows('old_rows')}) THEN RETURN NULL; END IF`,
    applyContribution(
      'postgres',
      [postgresWithConsensus(`${changedRows('old_rows')} OFFSET 0`), -1],
      [postgresWithConsensus(`${changedRows('new_rows')} OFFSET 0`), 1],
    ),
  ],
  true,
);

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'postgres') await sql.raw(CONSENSUS_UPDATE_FUNCTION).execute(db);
  };
}
