/**
 * Projects' progress and export omissions from rollups (issue 14): `task_state_rollups` counts each
 * project's tasks per state key (gold, excluded, own target, submitted count, leased or not, shard;
 * store/taskStateRollupSql.ts), so the project list, a project's Progress and the export summaries sum
 * a few dozen rows instead of reading every task. A partial index finds the tasks excluded from exports.
 *
 * Kept in step by triggers on `tasks` in the same transaction as every write (a crash leaves both or
 * neither). UPDATE: a row trigger whose WHEN is true only when the key moved, which SQLite and
 * PostgreSQL evaluate without running the trigger's body, so the routing writes that leave a task's key
 * where it was (a lease on a task already leased, any judgment of gold) pay only the comparison.
 * INSERT and DELETE: SQLite row triggers; PostgreSQL statement triggers over transition tables, so
 * an import's COPY of a million tasks moves the rollups in one grouped statement. Existing rows are
 * rolled up once here.
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
    `CREATE TRIGGER task_state_rollup_update AFTER UPDATE ON tasks FOR EACH ROW WHEN ${taskStateKeyChanged('sqlite')} BEGIN
      ${MOVE};
    END`,
    `CREATE TRIGGER task_state_rollup_delete AFTER DELETE ON tasks FOR EACH ROW BEGIN
      ${countTaskRow('OLD', -1)};
    END`,
  ];
}

function postgresTriggers(): string[] {
  const fn = (name: string, body: string) =>
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      ${body};
      RETURN NULL; END $$`;
  return [
    fn('task_state_rollup_insert', applyTaskStateRollup(signedTaskRows('new_rows', 1))),
    fn('task_state_rollup_update', MOVE),
    fn('task_state_rollup_delete', applyTaskStateRollup(signedTaskRows('old_rows', -1))),
    `CREATE TRIGGER task_state_rollup_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION task_state_rollup_insert()`,
    `CREATE TRIGGER task_state_rollup_update AFTER UPDATE ON tasks FOR EACH ROW WHEN (${taskStateKeyChanged('postgres')})
      EXECUTE FUNCTION task_state_rollup_update()`,
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
