/**
 * PostgreSQL routing at SQLite's pace (issue 14): the triggers a submit fires, made cheap for the one
 * row routing writes. A `perf` profile of `bench:http` showed PostgreSQL's backends spending ~45 % of
 * their CPU in after-triggers, nearly all of it starting (not running) statements built for many rows
 * or for an endpoint that does not exist: each execution initialises its whole plan, subqueries and all.
 *
 * - Webhook outbox triggers (009, 020, 029): first ask whether any enabled endpoint wants the event,
 *   a one-line query on a table of a few rows, and return when none does. The outbox statement itself
 *   asks the same (and more), so what it writes is unchanged; only its start-up is skipped.
 * - `economics_rollup_annotations` (030): a statement that inserted one judgment that corrects nothing
 *   (every routing submit) adds that row alone; the grouped statement with the corrections' branch
 *   stays for everything else (imports, bulk builds, corrections). The single row's branch is the
 *   general one's first part (economicsRollupSql.ts builds both), less the "not superseded" test that
 *   a judgment inserted alone passes by construction.
 * - `tl_pick` (031): the regular pool's query for a tutor with no domain restriction and no cascade level
 *   (`p_domains` and `p_tier` NULL, every generalist's `next`) is its own statement without the two
 *   "parameter IS NULL OR …" conditions. With them PostgreSQL judged a plan for the parameters cheaper
 *   than the cached generic one and planned the query again on every call (~0.15 ms, a third of a lease's
 *   time in the database); without them the generic plan is the custom one and is kept. Same rows, same
 *   order, same locking; a tutor with domains or a level runs the query as before.
 * - `tl_complete` (011): a submit inserts its judgment before it counts it on the task, as SQLite's routing
 *   does. The task's row lock, which the (up to `overlap`) tutors submitting the same task queue on, is
 *   then taken last and held only until the commit, not also through the judgment's insert and its
 *   triggers. Same statements, same transaction; only their order changes.
 * SQLite: unchanged (its row triggers already run per row, and its WHEN clauses skip the bodies, and its
 * routing statements are prepared once in process).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { applyContribution } from '../economicsRollupSql.js';
import { outboxInsert, TRIGGERS, type OutboxTrigger } from './009_org_fit.js';
import { REVIEW_DECIDED } from './020_one_event_per_decision.js';
import { GENERATION_FINISHED, PROJECT_COMPLETED } from './029_webhook_completion_events.js';
import { POSTGRES_INSERTED_ANNOTATIONS } from './030_economics_rollups.js';
import { ROUTING_FUNCTIONS as ROUTING_FUNCTIONS_031 } from './031_hot_task_counters.js';

const run = (db: Kysely<unknown>, text: string) => sql.raw(text).execute(db);

/** Every outbox trigger as its latest migration defines it (later definitions replace earlier ones by name). */
function outboxTriggers(): OutboxTrigger[] {
  const byName = new Map<string, OutboxTrigger>();
  for (const t of [...TRIGGERS, REVIEW_DECIDED, PROJECT_COMPLETED, GENERATION_FINISHED]) byName.set(t.name, t);
  return [...byName.values()];
}

/** An outbox trigger's function that returns at once when no enabled endpoint subscribes to its event. */
export function guardedOutboxFunction(t: OutboxTrigger): string {
  return `CREATE OR REPLACE FUNCTION ${t.name}_fn() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.enabled = 1 AND e.events LIKE '%"${t.event}"%') THEN RETURN NULL; END IF;
      ${outboxInsert('postgres', t)};
      RETURN NULL;
    END $body$`;
}

/** `economics_rollup_annotations` with its one-judgment branch. */
export function economicsAnnotationsFunction(): string {
  const [[inserted, sign]] = POSTGRES_INSERTED_ANNOTATIONS;
  const one = applyContribution('postgres', [{ ...inserted, currentOnly: false }, sign]);
  return `CREATE OR REPLACE FUNCTION economics_rollup_annotations() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE v_rows bigint; v_corrections bigint;
    BEGIN
      SELECT count(*), count(supersedes_id) INTO v_rows, v_corrections FROM inserted_rows;
      IF v_rows = 1 AND v_corrections = 0 THEN
        ${one};
      ELSE
        ${applyContribution('postgres', ...POSTGRES_INSERTED_ANNOTATIONS)};
      END IF;
      RETURN NULL;
    END $$`;
}

const PICK_031 = ROUTING_FUNCTIONS_031[1];
const UNRESTRICTED = [' AND (p_domains IS NULL OR t.domain = ANY(p_domains))', '\n        AND (p_tier IS NULL OR t.cascade_tier = p_tier)'];
const REGULAR_POOL = /\n {4}ELSIF v_id IS NULL THEN\n( {6}SELECT t\.id[^;]*FOR UPDATE OF t SKIP LOCKED;)\n/;

/** 031's `tl_pick` with the regular pool's query for unrestricted tutors split off (see the header). */
function pickFunction(): string {
  const match = REGULAR_POOL.exec(PICK_031);
  if (!match || !UNRESTRICTED.every((c) => match[1].includes(c)))
    throw new Error("tl_pick of 031 no longer has the regular pool's query this migration splits");
  const unrestricted = UNRESTRICTED.reduce((query, condition) => query.replace(condition, ''), match[1]);
  return PICK_031.replace(
    match[0],
    `\n    ELSIF v_id IS NULL AND p_domains IS NULL AND p_tier IS NULL THEN\n${unrestricted}\n    ELSIF v_id IS NULL THEN\n${match[1]}\n`,
  );
}

const COMPLETE_031 = ROUTING_FUNCTIONS_031[3];
const COUNT_SUBMISSION = /\n( {2}UPDATE tasks SET submitted_count = submitted_count \+ 1,[^;]*;)\n( {2}INSERT INTO annotations [^;]*;)\n/;

/** 031's `tl_complete` with the judgment inserted before the task's row is locked (see the header). */
function completeFunction(): string {
  const match = COUNT_SUBMISSION.exec(COMPLETE_031);
  if (!match) throw new Error('tl_complete of 031 no longer counts a submission before inserting it');
  return COMPLETE_031.replace(match[0], `\n${match[2]}\n${match[1]}\n`);
}

/** The routing functions installed now, in order (031's, with `tl_pick` and `tl_complete` re-created here). */
const PICK = pickFunction();
const COMPLETE = completeFunction();
export const ROUTING_FUNCTIONS = ROUTING_FUNCTIONS_031.map((statement) =>
  statement === PICK_031 ? PICK : statement === COMPLETE_031 ? COMPLETE : statement,
);

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect !== 'postgres') return;
    for (const t of outboxTriggers()) await run(db, guardedOutboxFunction(t));
    await run(db, economicsAnnotationsFunction());
    await run(db, PICK);
    await run(db, COMPLETE);
  };
}
