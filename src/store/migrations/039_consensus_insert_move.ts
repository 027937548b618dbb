/**
 * PostgreSQL: a consensus written or removed by the thousand (the batch's first run: a million new rows)
 * forms each judgment's rollup row once, not twice (issue 14).
 *
 * 030's insert and delete triggers rolled up the tasks' judgments twice, once under no consensus (out)
 * and once under the new one (in): two joins of every judgment with its task, tutor and verdict, and its
 * answer's JSON read twice, 3.2 s for a 50,000-row slice at a million tasks. The move
 * (economicsRollupSql.ts `consensusMoveSelect`) forms each judgment's row once and counts it on both
 * sides; the deltas are the same.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { applyConsensusMove } from '../economicsRollupSql.js';
import { postgresTriggerFunction, postgresWithConsensus } from './030_economics_rollups.js';

const rows = (table: 'new_rows' | 'old_rows') =>
  postgresWithConsensus(`SELECT task_id, project_id, label, confidence, source FROM ${table}`);

export const CONSENSUS_MOVE_FUNCTIONS = [
  postgresTriggerFunction('economics_rollup_consensus_insert', [applyConsensusMove('postgres', rows('new_rows'), 'insert')], true),
  postgresTriggerFunction('economics_rollup_consensus_delete', [applyConsensusMove('postgres', rows('old_rows'), 'delete')], true),
];

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'postgres') for (const statement of CONSENSUS_MOVE_FUNCTIONS) await sql.raw(statement).execute(db);
  };
}
