/**
 * The task browser's agreement filter (issue 15): each task's stored consensus row carries the
 * judgments' agreement (`task_consensus.agreement`: the share of the task's current judgments that
 * give its most common answer; 1 = unanimous, ≤ 0.5 = split), written with the consensus by the
 * batch, the live path and a reviewer's verdict. The index serves "agreement below x" as a range
 * scan, as `task_consensus_confidence` (migration 019) does for confidence.
 *
 * Rows written before this migration have none (they match neither agreement filter) until the
 * project's next batch: every project's batch state is marked as having seen no annotation, so the
 * next export, dashboard refresh or due submit runs a full batch, which writes every row again.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(dialect: Dialect) {
  const real = dialect === 'postgres' ? ('double precision' as const) : ('real' as const);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema.alterTable('task_consensus').addColumn('agreement', real).execute();
    await db.schema.createIndex('task_consensus_agreement').on('task_consensus').columns(['project_id', 'agreement', 'task_id']).execute();
    await markBatchesStale(db);
  };
}

/** Every project's consensus batch state as having seen no annotation, so the next batch runs in full. */
export async function markBatchesStale(db: Kysely<unknown>): Promise<void> {
  const states = await sql<{ key: string; value: string }>`SELECT key, value FROM settings WHERE key LIKE 'consensus.batch.%'`.execute(db);
  for (const { key, value } of states.rows) {
    const { claimUpTo: _claim, ...state } = JSON.parse(value) as Record<string, unknown>;
    await sql`UPDATE settings SET value = ${JSON.stringify({ ...state, upTo: 0 })} WHERE key = ${key}`.execute(db);
  }
}
