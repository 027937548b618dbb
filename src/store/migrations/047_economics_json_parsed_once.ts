/**
 * PostgreSQL: the economics triggers parse each judgment's answer once, and a consensus written, changed
 * or removed by the thousand (the batch's slices) parses each row's label once for its task, not once per
 * judgment (issue 14). A `::jsonb` cast is evaluated at each use and a judgment's kind names its answer
 * and its task's consensus twice each: four parses a judgment, now one and a third. Measured on a
 * 50,000-task slice's first consensus at a million tasks, the trigger's statement 1.07 → 0.95 s; the
 * whole first batch (in process, two runs each) 36.8–39.7 → 33.3–34.5 s. The deltas are the same
 * statements' (economicsRollupSql.ts; 030 `postgresWithConsensus`); the routing's judgment trigger (044)
 * is re-created for the single parse of each answer. SQLite: nothing to install (its JSON parser keeps
 * the texts it last parsed; its batch prepares its own statements).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { CONSENSUS_UPDATE_FUNCTION } from './036_consensus_update_delta.js';
import { CONSENSUS_MOVE_FUNCTIONS } from './039_consensus_insert_move.js';
import { economicsAnnotationsFunction } from './044_routing_trigger_fast_paths.js';

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect !== 'postgres') return;
    for (const statement of [...CONSENSUS_MOVE_FUNCTIONS, CONSENSUS_UPDATE_FUNCTION, economicsAnnotationsFunction()])
      await sql.raw(statement).execute(db);
  };
}
