/**
 * PostgreSQL routing in one round trip (issue 14): `next`, `submit`, `skip` and `submit-and-next`
 * are each one call of a PL/pgSQL function below, so no transaction is ever held open while the app
 * thinks (the old code's sessions sat in `ClientRead` holding row locks). The functions execute the
 * same rules as the SQLite store (routingSqlite.ts): the lease state machine of routing/leases.ts
 * `planCompletion`, the pick orders of routing/pickOrder.ts and the open rule of openRule.ts, whose
 * SQL texts are spliced in here; test/integration/store/sharedCaches.test.ts checks the installed
 * functions still carry the current texts (change one, add a migration that re-creates them).
 *
 * Locking, as before: a per-tutor advisory lock serialises one tutor's `next` calls; the pick is
 * `FOR UPDATE SKIP LOCKED`; the sweep claims a stale lease *and* its task row with SKIP LOCKED, so
 * it never waits on a row and cannot deadlock with submits; a submit locks its assignment, then its task.
 *
 * SQLite's routing already runs as prepared statements in-process: it gets no functions.
 *
 * Both databases: `rate_limits` (the sign-in limits, shared by all server processes), and triggers that tell every server process when users, API tokens or projects change,
 * so in-process caches of them stay exact across processes (store/cacheGenerations.ts): on SQLite
 * they count writes in `cache_generations`, on PostgreSQL they `NOTIFY tutorloop_cache`.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { GOLD_PICK_ORDER_SQL, PICK_ORDER_SQL, UNCERTAIN_PICK_ORDER_SQL } from '../../routing/pickOrder.js';
import { openRuleText, targetText } from '../repositories/openRule.js';

/** Advisory-lock namespace for "one tutor's next calls" (the same constant the TypeScript store used). */
export const TUTOR_LOCK_SPACE = 0x7475;

const rule = (submitted: string, leases: string) => openRuleText(submitted, leases, targetText('p_overlap'));

/** The lease a `next` answers; every field null when nothing is left. */
const LEASE_TYPE = `CREATE TYPE tl_lease AS (
  assignment_id integer, expires_at bigint, task_id integer, domain text, payload text, is_gold integer, reused boolean)`;

/** Expire up to p_batch stale leases of a project and give their slots back, in one statement that never waits. */
const SWEEP = `CREATE OR REPLACE FUNCTION tl_sweep(p_project integer, p_now bigint, p_batch integer, p_overlap integer)
RETURNS void LANGUAGE sql AS $$
  WITH claimed AS (
    SELECT a.id, a.task_id FROM assignments a JOIN tasks t ON t.id = a.task_id
    WHERE a.project_id = p_project AND a.state = 'leased' AND a.expires_at <= p_now
    ORDER BY a.expires_at LIMIT p_batch
    FOR UPDATE OF a, t SKIP LOCKED),
  expired AS (
    UPDATE assignments a SET state = 'expired', finished_at = p_now FROM claimed c WHERE a.id = c.id RETURNING a.task_id),
  per_task AS (SELECT task_id, count(*)::integer AS n FROM expired GROUP BY task_id)
  UPDATE tasks SET active_leases = active_leases - per_task.n,
    is_open = ${rule('submitted_count', '(active_leases - per_task.n)')}
  FROM per_task WHERE tasks.id = per_task.task_id
$$`;

/** The tutor's live lease, else the first eligible task of the pools in order, leased. */
const PICK = `CREATE OR REPLACE FUNCTION tl_pick(p_project integer, p_user integer, p_now bigint, p_expires bigint, p_overlap integer,
  p_domains text[], p_pools integer[], p_uncertain text[])
RETURNS tl_lease LANGUAGE plpgsql AS $$
DECLARE
  v_out tl_lease;
  v_pool integer;
  v_id integer;
  v_domain text;
  v_payload text;
  v_assignment integer;
  p_salt bigint := (p_user::bigint * 2654435761) % 4294967296;
BEGIN
  SELECT a.id, a.expires_at, t.id, t.domain, t.payload, t.is_gold, true INTO v_out
  FROM assignments a JOIN tasks t ON t.id = a.task_id
  WHERE a.user_id = p_user AND a.project_id = p_project AND a.state = 'leased' AND a.expires_at > p_now
  LIMIT 1;
  IF FOUND THEN RETURN v_out; END IF;
  FOREACH v_pool IN ARRAY p_pools LOOP
    v_id := NULL;
    IF v_pool = 0 AND cardinality(p_uncertain) > 0 THEN
      SELECT t.id, t.domain, t.payload INTO v_id, v_domain, v_payload FROM tasks t
      WHERE t.project_id = p_project AND t.is_open = 1 AND t.uncertain = 1 AND t.is_gold = 0 AND t.domain = ANY(p_uncertain)
        AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.user_id = p_user)
      ORDER BY ${UNCERTAIN_PICK_ORDER_SQL} LIMIT 1
      FOR UPDATE OF t SKIP LOCKED;
    END IF;
    IF v_id IS NULL AND v_pool = 1 THEN
      SELECT t.id, t.domain, t.payload INTO v_id, v_domain, v_payload FROM tasks t
      WHERE t.project_id = p_project AND t.is_gold = 1 AND t.is_open = 1 AND (p_domains IS NULL OR t.domain = ANY(p_domains))
        AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.user_id = p_user)
      ORDER BY ${GOLD_PICK_ORDER_SQL('p_salt')} LIMIT 1
      FOR UPDATE OF t SKIP LOCKED;
    ELSIF v_id IS NULL THEN
      SELECT t.id, t.domain, t.payload INTO v_id, v_domain, v_payload FROM tasks t
      WHERE t.project_id = p_project AND t.is_gold = v_pool AND t.is_open = 1 AND (p_domains IS NULL OR t.domain = ANY(p_domains))
        AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.user_id = p_user)
      ORDER BY ${PICK_ORDER_SQL} LIMIT 1
      FOR UPDATE OF t SKIP LOCKED;
    END IF;
    IF v_id IS NOT NULL THEN
      -- The locked row was re-read after any concurrent commit (READ COMMITTED re-check), so is_open holds.
      UPDATE tasks SET active_leases = active_leases + 1, is_open = ${rule('submitted_count', '(active_leases + 1)')} WHERE id = v_id;
      INSERT INTO assignments (task_id, project_id, user_id, state, leased_at, expires_at)
      VALUES (v_id, p_project, p_user, 'leased', p_now, p_expires) RETURNING id INTO v_assignment;
      RETURN ROW(v_assignment, p_expires, v_id, v_domain, v_payload, v_pool, false)::tl_lease;
    END IF;
  END LOOP;
  RETURN v_out;
END $$`;

/**
 * `next`: the tutor lock, a sweep when the caller says one is due, the pick; when nothing turns up
 * without a sweep, sweep and try once more before answering "nothing left". Sequential scans are off
 * for the call: every query is an index probe by design, and statistics gathered while a table was
 * small would otherwise make the planner scan `assignments` inside the anti-join.
 */
const LEASE_NEXT = `CREATE OR REPLACE FUNCTION tl_lease_next(p_project integer, p_user integer, p_now bigint, p_expires bigint,
  p_overlap integer, p_domains text[], p_pools integer[], p_uncertain text[], p_sweep_batch integer, p_sweep boolean)
RETURNS tl_lease LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE v_out tl_lease;
BEGIN
  PERFORM pg_advisory_xact_lock(${TUTOR_LOCK_SPACE}, p_user);
  IF p_sweep THEN PERFORM tl_sweep(p_project, p_now, p_sweep_batch, p_overlap); END IF;
  v_out := tl_pick(p_project, p_user, p_now, p_expires, p_overlap, p_domains, p_pools, p_uncertain);
  IF v_out.assignment_id IS NULL AND NOT p_sweep THEN
    PERFORM tl_sweep(p_project, p_now, p_sweep_batch, p_overlap);
    v_out := tl_pick(p_project, p_user, p_now, p_expires, p_overlap, p_domains, p_pools, p_uncertain);
  END IF;
  RETURN v_out;
END $$`;

/** The project's overlap as the open rule's target when a submit or skip moves a task's counters. */
const releaseSlot = (taskId: string) =>
  `UPDATE tasks SET active_leases = active_leases - 1, is_open = ${rule('submitted_count', '(active_leases - 1)')} WHERE id = ${taskId};`;

/**
 * `submit` (p_response not null) or `skip` (null) of an assignment: routing/leases.ts `planCompletion`
 * in SQL. Status: ok | not_found | not_yours | expired | used; the annotation id on a stored submit.
 */
const COMPLETE = `CREATE OR REPLACE FUNCTION tl_complete(p_assignment integer, p_user integer, p_now bigint, p_response text,
  p_duration integer, OUT status text, OUT annotation_id integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_user integer;
  v_task integer;
  v_project integer;
  v_state text;
  v_expires bigint;
  p_overlap integer;
BEGIN
  SELECT a.user_id, a.task_id, a.project_id, a.state, a.expires_at, p.overlap
  INTO v_user, v_task, v_project, v_state, v_expires, p_overlap
  FROM assignments a JOIN projects p ON p.id = a.project_id WHERE a.id = p_assignment FOR UPDATE OF a;
  IF NOT FOUND THEN status := 'not_found'; RETURN; END IF;
  IF v_user <> p_user THEN status := 'not_yours'; RETURN; END IF;
  IF p_response IS NULL THEN
    IF v_state = 'submitted' THEN status := 'used'; RETURN; END IF;
    IF v_state <> 'skipped' THEN
      UPDATE assignments SET state = 'skipped', finished_at = COALESCE(finished_at, p_now) WHERE id = p_assignment;
    END IF;
    IF v_state = 'leased' THEN ${releaseSlot('v_task')} END IF;
    status := 'ok'; RETURN;
  END IF;
  IF v_state IN ('submitted', 'skipped') THEN status := 'used'; RETURN; END IF;
  IF v_state = 'expired' OR v_expires <= p_now THEN
    IF v_state = 'leased' THEN
      UPDATE assignments SET state = 'expired', finished_at = p_now WHERE id = p_assignment;
      ${releaseSlot('v_task')}
    END IF;
    status := 'expired'; RETURN;
  END IF;
  UPDATE assignments SET state = 'submitted', finished_at = p_now WHERE id = p_assignment;
  UPDATE tasks SET submitted_count = submitted_count + 1, active_leases = active_leases - 1,
    is_open = ${rule('(submitted_count + 1)', '(active_leases - 1)')} WHERE id = v_task;
  INSERT INTO annotations (assignment_id, task_id, project_id, user_id, response, duration_ms, created_at)
  VALUES (p_assignment, v_task, v_project, p_user, p_response, p_duration, p_now) RETURNING id INTO annotation_id;
  status := 'ok';
END $$`;

/** `submit-and-next`: the submit, then (when it stored the annotation) the lease, in one call and one transaction. */
const COMPLETE_THEN_LEASE = `CREATE OR REPLACE FUNCTION tl_complete_then_lease(p_assignment integer, p_user integer, p_now bigint,
  p_response text, p_duration integer, p_project integer, p_expires bigint, p_overlap integer, p_domains text[],
  p_pools integer[], p_uncertain text[], p_sweep_batch integer, p_sweep boolean)
RETURNS TABLE (status text, annotation_id integer, assignment_id integer, expires_at bigint, task_id integer, domain text,
  payload text, is_gold integer, reused boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_done record;
  v_lease tl_lease;
BEGIN
  SELECT * INTO v_done FROM tl_complete(p_assignment, p_user, p_now, p_response, p_duration);
  IF v_done.status = 'ok' THEN
    v_lease := tl_lease_next(p_project, p_user, p_now, p_expires, p_overlap, p_domains, p_pools, p_uncertain, p_sweep_batch, p_sweep);
  END IF;
  RETURN QUERY SELECT v_done.status, v_done.annotation_id, v_lease.assignment_id, v_lease.expires_at, v_lease.task_id,
    v_lease.domain, v_lease.payload, v_lease.is_gold, v_lease.reused;
END $$`;

/** Every statement, in order; also read by the test that checks the installed functions are current. */
export const ROUTING_FUNCTIONS = [SWEEP, PICK, LEASE_NEXT, COMPLETE, COMPLETE_THEN_LEASE];

/**
 * Which writes change what a cache holds. Token inserts do not (unknown tokens are never cached), nor
 * does the periodic `last_used_at` touch (it would empty every process's cache once a minute per token).
 */
const WATCHED: { table: string; events: string; data: 'auth' | 'projects' }[] = [
  { table: 'users', events: 'INSERT OR UPDATE OR DELETE', data: 'auth' },
  { table: 'api_tokens', events: 'UPDATE OF revoked_at, user_id, token_hash OR DELETE', data: 'auth' },
  { table: 'projects', events: 'INSERT OR UPDATE OR DELETE', data: 'projects' },
];

async function cacheTriggersPostgres(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`CREATE FUNCTION tl_cache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('tutorloop_cache', TG_ARGV[0]); RETURN NULL; END $$`)
    .execute(db);
  for (const w of WATCHED) {
    await sql
      .raw(`CREATE TRIGGER ${w.table}_cache_changed AFTER ${w.events} ON ${w.table}
            FOR EACH STATEMENT EXECUTE FUNCTION tl_cache_changed('${w.data}')`)
      .execute(db);
  }
}

async function cacheTriggersSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE cache_generations (name TEXT PRIMARY KEY, generation INTEGER NOT NULL)`.execute(db);
  await sql`INSERT INTO cache_generations (name, generation) VALUES ('auth', 0), ('projects', 0)`.execute(db);
  for (const w of WATCHED) {
    for (const [i, event] of w.events.split(' OR ').entries()) {
      await sql
        .raw(`CREATE TRIGGER ${w.table}_cache_changed_${i} AFTER ${event} ON ${w.table}
              BEGIN UPDATE cache_generations SET generation = generation + 1 WHERE name = '${w.data}'; END`)
        .execute(db);
    }
  }
}

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    // The sign-in limits, shared by every server process (repositories/rateLimits.ts).
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('reset_at', 'bigint', (c) => c.notNull())
      .execute();
    if (dialect === 'sqlite') return cacheTriggersSqlite(db);
    await sql.raw(LEASE_TYPE).execute(db);
    for (const statement of ROUTING_FUNCTIONS) await sql.raw(statement).execute(db);
    await cacheTriggersPostgres(db);
  };
}
