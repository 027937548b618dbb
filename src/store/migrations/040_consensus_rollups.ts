/**
 * The Quality page's consensus summary from rollups (issue 14): `consensus_rollups` holds, per project,
 * domain, method, method version and shard, the count, confidence sum, low-confidence count and
 * reviewer-decided count of production tasks' stored consensus (store/consensusRollupSql.ts).
 * Kept in step by triggers on `task_consensus`, so every statement that writes a consensus moves its
 * rollup in the same transaction (a crash leaves both or neither): SQLite row triggers, which stand
 * aside while the consensus batch moves the rollups itself by the slice (038's pause row,
 * repositories/consensusBulk.ts); PostgreSQL statement triggers over transition tables (the batch's
 * upsert of a slice moves them in one grouped statement). Existing rows are rolled up once here.
 * A task's domain and gold flag never change once written, so `tasks` needs no trigger.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { applyConsensusRollup, ROLLED_UP_COLUMNS, signedRow, signedRows } from '../consensusRollupSql.js';
import { ROLLUP_PAUSED } from './038_batch_rollup_slices.js';

const run = (db: Kysely<unknown>, text: string) => sql.raw(text).execute(db);

function sqliteTriggers(): string[] {
  const changed = ROLLED_UP_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  const unlessPaused = `NOT (${ROLLUP_PAUSED})`;
  return [
    `CREATE TRIGGER consensus_rollup_insert AFTER INSERT ON task_consensus FOR EACH ROW WHEN ${unlessPaused} BEGIN
      ${applyConsensusRollup(signedRow('NEW', 1))};
    END`,
    `CREATE TRIGGER consensus_rollup_update AFTER UPDATE ON task_consensus FOR EACH ROW WHEN (${changed}) AND ${unlessPaused} BEGIN
      ${applyConsensusRollup(`${signedRow('OLD', -1)} UNION ALL ${signedRow('NEW', 1)}`)};
    END`,
    `CREATE TRIGGER consensus_rollup_delete AFTER DELETE ON task_consensus FOR EACH ROW WHEN ${unlessPaused} BEGIN
      ${applyConsensusRollup(signedRow('OLD', -1))};
    END`,
  ];
}

function postgresTriggers(): string[] {
  const fn = (name: string, rows: string) =>
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      ${applyConsensusRollup(rows, 'probe')};
      RETURN NULL; END $$`;
  // Every updated row out under its old values and in under its new: an unchanged one nets to nothing.
  const update = `${signedRows('old_rows', -1)} UNION ALL ${signedRows('new_rows', 1)}`;
  return [
    fn('consensus_rollup_insert', signedRows('new_rows', 1)),
    fn('consensus_rollup_update', update),
    fn('consensus_rollup_delete', signedRows('old_rows', -1)),
    `CREATE TRIGGER consensus_rollup_insert AFTER INSERT ON task_consensus REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION consensus_rollup_insert()`,
    `CREATE TRIGGER consensus_rollup_update AFTER UPDATE ON task_consensus REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION consensus_rollup_update()`,
    `CREATE TRIGGER consensus_rollup_delete AFTER DELETE ON task_consensus REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION consensus_rollup_delete()`,
  ];
}

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    const real = dialect === 'postgres' ? 'double precision' : 'real';
    const big = dialect === 'postgres' ? 'bigint' : 'integer';
    await run(
      db,
      `CREATE TABLE consensus_rollups (
        project_id integer NOT NULL, domain text NOT NULL, method text NOT NULL, method_version text NOT NULL, shard integer NOT NULL,
        tasks ${big} NOT NULL, confidence_sum ${real} NOT NULL, below ${big} NOT NULL, by_review ${big} NOT NULL,
        PRIMARY KEY (project_id, domain, method, method_version, shard))`,
    );
    await run(db, applyConsensusRollup(signedRows('task_consensus', 1)));
    for (const statement of dialect === 'sqlite' ? sqliteTriggers() : postgresTriggers()) await run(db, statement);
  };
}
