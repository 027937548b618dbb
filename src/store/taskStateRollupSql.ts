/**
 * The SQL that keeps `task_state_rollups` (migration 041) in step with `tasks`: how many tasks a project
 * holds per state key, so that its progress (total, gold, done, in progress: projectStats.ts) and what
 * an export leaves out (gold, excluded, unresolved: exports.ts) are sums over a few dozen rows instead of
 * a pass over every task (1.2 s for the project list at a million tasks on SQLite, up to 2.1 s on
 * PostgreSQL).
 *
 * The key holds what progress depends on, and not the target itself: whether a task is done is
 * `submitted_count >= COALESCE(target_judgments, overlap)`, and a project's overlap can change, so rows
 * keep the task's own target (-1 for none) and its submitted count, and the reader compares them with
 * the overlap of the moment; and whether a production task is excluded from exports. A gold task
 * counts only as gold: its counters are not in its key, so the
 * many judgments gold receives never touch the rollup. Rows are spread over TASK_STATE_SHARDS by task
 * id, so that many tutors' submits on PostgreSQL do not queue on one row's lock; readers sum the shards.
 * A row whose count returns to 0 means nothing (readers skip it).
 */

export const TASK_STATE_SHARDS = 64;

const KEY_COLUMNS = ['project_id', 'is_gold', 'excluded', 'target', 'submitted', 'active', 'shard'] as const;
const KEY = KEY_COLUMNS.join(', ');

/** The key of a task row `r` (OLD, NEW, or a table alias), in KEY_COLUMNS' order. */
function keyOf(r: string): string[] {
  return [
    `${r}.project_id`,
    `${r}.is_gold`,
    `CASE WHEN ${r}.is_gold = 1 THEN 0 ELSE ${r}.export_excluded END`,
    `CASE WHEN ${r}.is_gold = 1 THEN -1 ELSE COALESCE(${r}.target_judgments, -1) END`,
    `CASE WHEN ${r}.is_gold = 1 THEN 0 ELSE ${r}.submitted_count END`,
    `CASE WHEN ${r}.is_gold = 0 AND ${r}.active_leases > 0 THEN 1 ELSE 0 END`,
    `${r}.id % ${TASK_STATE_SHARDS}`,
  ];
}

/** True when an updated row's key moved (SQLite's UPDATE trigger's WHEN): most routing writes leave it alone. */
export function taskStateKeyChanged(): string {
  const news = keyOf('NEW');
  return keyOf('OLD')
    .map((old, i) => `(${old}) IS NOT (${news[i]})`)
    .join(' OR ');
}

const ADD = `ON CONFLICT (${KEY}) DO UPDATE SET tasks = task_state_rollups.tasks + excluded.tasks`;

/**
 * One row's task (a SQLite row trigger's OLD or NEW) counted in (+1) or out (−1) of its key: a
 * primary-key upsert, cheaper than any grouped statement on routing's path (an UPDATE whose WHEN passed
 * runs one out for OLD and one in for NEW: its key moved, so the two never meet).
 */
export function countTaskRow(r: 'OLD' | 'NEW', sign: 1 | -1): string {
  return `INSERT INTO task_state_rollups (${KEY}, tasks) VALUES (${keyOf(r).join(', ')}, ${sign}) ${ADD}`;
}

/** Every row of a table of tasks (`tasks` itself, or a statement trigger's transition table), signed. */
export function signedTaskRows(table: string, sign: 1 | -1): string {
  return `SELECT ${keyOf('t')
    .map((e, i) => `${e} AS ${KEY_COLUMNS[i]}`)
    .join(', ')}, ${sign} AS sign FROM ${table} t`;
}

/** The signed rows of `rows` (signedTaskRows) netted per key; keys that net to nothing are left out. */
export function nettedTaskStateRows(rows: string): string {
  // (The WHERE is SQLite's rule for an upsert from a SELECT.)
  return `SELECT ${KEY}, sum(sign) FROM (${rows}) d WHERE true GROUP BY ${KEY} HAVING sum(sign) <> 0`;
}

/**
 * Adds the grouped signed rows of `rows` (signedTaskRows) to the rollups: PostgreSQL's statement
 * triggers and the backfill. `inKeyOrder`: the rollup rows are locked in key order (a routing group's
 * deferred rollup, migration 045), so that two transactions never wait on each other's rows in a cycle.
 */
export function applyTaskStateRollup(rows: string, inKeyOrder = false): string {
  return `INSERT INTO task_state_rollups (${KEY}, tasks)
    ${nettedTaskStateRows(rows)}${inKeyOrder ? ` ORDER BY ${KEY}` : ''} ${ADD}`;
}

/** The key columns' definitions, for a table that holds signed rows (migration 045's deferred rollup). */
export const TASK_STATE_KEY_COLUMNS = KEY_COLUMNS;
