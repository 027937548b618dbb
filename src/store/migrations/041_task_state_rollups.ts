/**
 * Projects' progress and export omissions from rollups (issue 14): `task_state_rollups` counts each
 * project's tasks per state key (gold, excluded, own target, submitted count, leased or not, shard;
 * store/taskStateRollupSql.ts), so the project list, a project's Progress and the export summaries sum
 * a few dozen rows instead of reading every task. A partial index finds the tasks excluded from exports.
 *
 * Kept in step by triggers on `tasks` in the same transaction as every write (a crash leaves both or
 * neither). SQLite: row triggers; the UPDATE one's WHEN is true only when the key moved (evaluated
 * without running the body), so routing writes that leave a task's key where it was (a lease on a task
 * already leased, any judgment of gold) pay only the comparison. PostgreSQL: statement triggers over
 * transition tables, one grouped upsert per statement. A row trigger there made bulk updates quadratic:
 * each of a million rows' upserts hit one of a few rollup rows again in the same transaction, and each
 * new version had to walk the chain of the ones before it (a 1M-task `UPDATE` ran for over 9 minutes);
 * grouped, an import's COPY or a project-wide update moves them once. Existing rows are rolled up here.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { applyTaskStateRollup, countTaskRow, signedTaskRows, taskStateKeyChanged } from '../taskStateRollupSql.js';

const run = (db: Kysely<unknown>, text: string) => sql.raw(text).execute(db);
const MOVE = `${countTaskRow('OLD', -1)}; ${countTaskRow('NEW', 1)}`;

function sqliteTriggers(): string[] {
  return [
    `CREATE TRIGGER task_state_rollup_insert AFTER INSERT ON tasks FOR EACH ROW BEGIN
      ${countTaskRow('NEW', 1)};
    END`,
    `CREATE TRIGGER task_state_rollup_update AFTER UPDATE ON tasks FOR EACH ROW WHEN ${taskStateKeyChanged()} BEGIN
      ${MOVE};
    END`,
    `CREATE TRIGGER task_state_rollup_delete AFTER DELETE ON tasks FOR EACH ROW BEGIN
      ${countTaskRow('OLD', -1)};
    END`,
  ];
}

function postgresTriggers(): string[] {
  const fn = (name: string, rows: string) =>
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      ${applyTaskStateRollup(rows)};
      RETURN NULL; END $$`;
  // Every updated row out under its old key and in under its new: an unmoved one nets to nothing.
  const update = `${signedTaskRows('old_rows', -1)} UNION ALL ${signedTaskRows('new_rows', 1)}`;
  return [
    fn('task_state_rollup_insert', signedTaskRows('new_rows', 1)),
    fn('task_state_rollup_update', update),
    fn('task_state_rollup_delete', signedTaskRows('old_rows', -1)),
    `CREATE TRIGGER task_state_rollup_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION task_state_rollup_insert()`,
    `CREATE TRIGGER task_state_rollup_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION task_state_rollup_update()`,
    `CREATE TRIGGER task_state_rollup_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION task_state_rollup_delete()`,
  ];
}

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await run(
      db,
      `CREATE TABLE task_state_rollups (
        project_id integer NOT NULL, is_gold integer NOT NULL, excluded integer NOT NULL, target integer NOT NULL,
        submitted integer NOT NULL, active integer NOT NULL, shard integer NOT NULL,
        tasks ${dialect === 'postgres' ? 'bigint' : 'integer'} NOT NULL,
        PRIMARY KEY (project_id, is_gold, excluded, target, submitted, active, shard))`,
    );
    // The (few) tasks a manager excluded from exports, for the annotations export's count (exports.ts).
    await run(db, 'CREATE INDEX tasks_export_excluded ON tasks (project_id, is_gold, id) WHERE export_excluded = 1');
    await run(db, applyTaskStateRollup(signedTaskRows('tasks', 1)));
    for (const statement of dialect === 'sqlite' ? sqliteTriggers() : postgresTriggers()) await run(db, statement);
  };
}
