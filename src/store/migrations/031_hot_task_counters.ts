/**
 * PostgreSQL: routing's writes to `tasks` become HOT updates (heap-only: no new index entries, no
 * index bloat) wherever the task's place in the pick order does not move (issue 14).
 *
 * PostgreSQL can update a row "heap-only" only when no column any index mentions (key, or partial
 * predicate) changes, and only while the row's page has room. `tasks_open_pick` ordered by
 * `submitted_count`, so every submit wrote a new entry into each of the six indexes of `tasks` (31 % of
 * its updates were HOT), even though a submit almost always lands on a task that is already full and
 * so not in that partial index at all. Here the index orders by `pick_rank` instead: a copy of
 * `submitted_count` that a trigger keeps equal to it while the task is open (the only rows the index
 * holds) and leaves alone while it is closed. So a submit to a closed task, and a lease that leaves
 * its task open, change no indexed column; `fillfactor` leaves room on each page for the new version.
 * The pick order is unchanged (routing/pickOrder.ts): among open tasks `pick_rank = submitted_count`.
 *
 * The trigger, not the writers, keeps the copy: every statement that moves `submitted_count` or
 * `is_open` (routing functions, resets, adaptive overlap, the cascade, imports) stays right untouched.
 * Its WHEN clause is evaluated without calling the function, so updates that need no sync pay nearly
 * nothing. `tl_pick` of 028_model_leases.ts is re-created with the one change in its regular pool's
 * ORDER BY; its model-lease logic is carried over as is. The other routing functions are unchanged.
 *
 * SQLite has no HOT updates and keeps its index on `submitted_count`: this migration does nothing there,
 * and `pick_rank` exists only on PostgreSQL, known only to the trigger and `tl_pick` (not schema.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { PICK_ORDER_SQL } from '../../routing/pickOrder.js';
import { ROUTING_FUNCTIONS as ROUTING_FUNCTIONS_028 } from './028_model_leases.js';

/** Room left on each heap page for a row's next version (PostgreSQL's default is 100: none). */
const TASKS_FILLFACTOR = 85;

/** The pick order over open tasks as the index holds it: `pick_rank` in the place of `submitted_count`. */
const RANKED_PICK_ORDER_SQL = PICK_ORDER_SQL.replace(/^submitted_count DESC, /, 'pick_rank DESC, ');
if (RANKED_PICK_ORDER_SQL === PICK_ORDER_SQL) throw new Error('routing/pickOrder.ts no longer leads with submitted_count DESC');

const PICK_028 = ROUTING_FUNCTIONS_028[1];
const PICK = PICK_028.replace(`ORDER BY ${PICK_ORDER_SQL} LIMIT 1`, `ORDER BY ${RANKED_PICK_ORDER_SQL} LIMIT 1`);
if (PICK === PICK_028) throw new Error('tl_pick of 028 no longer orders its regular pool by PICK_ORDER_SQL');

/** The routing functions installed now, in order (028's, with `tl_pick` re-created above). */
export const ROUTING_FUNCTIONS = ROUTING_FUNCTIONS_028.map((statement) => (statement === PICK_028 ? PICK : statement));

const STATEMENTS = [
  'ALTER TABLE tasks ADD COLUMN pick_rank integer NOT NULL DEFAULT 0',
  'UPDATE tasks SET pick_rank = submitted_count WHERE is_open = 1 AND submitted_count <> 0',
  `CREATE FUNCTION tl_sync_pick_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.pick_rank := NEW.submitted_count; RETURN NEW; END $$`,
  `CREATE TRIGGER tasks_pick_rank BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW
  WHEN (NEW.is_open = 1 AND NEW.pick_rank IS DISTINCT FROM NEW.submitted_count) EXECUTE FUNCTION tl_sync_pick_rank()`,
  'DROP INDEX tasks_open_pick',
  'CREATE INDEX tasks_open_pick ON tasks (project_id, is_gold, pick_rank DESC, priority DESC, id) WHERE is_open = 1',
  // Rows written from now on (imports, new versions) leave the room; existing pages keep theirs until rewritten.
  `ALTER TABLE tasks SET (fillfactor = ${TASKS_FILLFACTOR})`,
  PICK,
];

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'sqlite') return;
    for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  };
}
