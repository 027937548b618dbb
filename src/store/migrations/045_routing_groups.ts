/**
 * PostgreSQL routing in groups (issue 14 §2): `tl_route_group` runs the routing calls one app server
 * gathered in one turn of its event loop (routingGroups.ts) in one statement and one transaction, as
 * SQLite's group commit does for its writes. Under 100 tutors each call paid for a round trip, a
 * transaction and a backend woken among a hundred, and the database spent ~0.8 ms of CPU per request
 * against ~0.45 for one session alone; a group pays those once.
 *
 * `p_ops` is a JSON array of calls, each a completion (submit or skip: `ca` the assignment, `cr` the
 * response, null for a skip), a lease (`lp` the project, `ldomains`… as `tl_lease_next` takes them), or
 * both (submit-and-next: the lease only when the completion is 'ok').
 *
 * Order, which makes groups in flight at once unable to deadlock each other:
 * 1. Completions. First every task they count is locked, in ascending id: every group takes its task
 *    rows in that one order, so two groups never wait on each other's in a cycle. Then the plain
 *    submits (a live lease of the caller's, once in the group) are stored together by one statement:
 *    what `tl_complete` writes for one (the assignment, the judgment, the task's counters, its open
 *    flag from the final counters), for all, so the judgments' statement triggers (rollups, webhooks)
 *    run once per group. Every other completion (skips, expired or foreign leases, a call repeated
 *    within the group) then goes through `tl_complete` alone, in call order, for its checks and its status.
 * 2. Leases, in the order of their tutors' advisory locks (then of the call), each through
 *    `tl_lease_next`. A lease waits on nothing else: its pick and its sweep skip locked rows, and it
 *    only updates the task it locked itself.
 * A completion may wait for a lease of another group (the task it counts, locked by a pick); that
 * lease waits only for advisory locks, which a group still completing does not hold. Calls gathered in
 * one turn are concurrent requests, so running every completion before every lease is one serial
 * order among those their clients could see.
 *
 * The task-state rollup (041) is the one shared row set both phases write: its rows are keyed by a
 * task's state and shard, so a group's tasks touch them in no particular order. Within a group the
 * rollup's statement trigger sets its signed rows aside (`tl_group_task_state`, a temporary table of
 * the connection's, emptied by each commit so it never grows; transaction-local flag
 * `tutorloop.route_group`) and the group adds them up at its end, in key order, after every task lock
 * it takes: one upsert, and rows locked in one global order.
 *
 * One row per part: ('c', status, annotation id) for a completion, ('l', the lease or nulls) for a lease
 * (the lease columns are first set by the leases, which come last, so a completion's row leaves them null).
 * SQLite: nothing (its group commit is in the app, groupCommit.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { applyTaskStateRollup, nettedTaskStateRows, signedTaskRows, TASK_STATE_KEY_COLUMNS } from '../taskStateRollupSql.js';
import { ROUTING_FUNCTIONS as ROUTING_FUNCTIONS_044 } from './044_routing_trigger_fast_paths.js';

const DEFERRED = 'pg_temp.tl_group_task_state';
const SIGNED_UPDATE = `${signedTaskRows('old_rows', -1)} UNION ALL ${signedTaskRows('new_rows', 1)}`;

/** 041's update trigger, which inside a routing group sets its netted rows aside for the group's end. */
const TASK_STATE_UPDATE = `CREATE OR REPLACE FUNCTION task_state_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF current_setting('tutorloop.route_group', true) = 'on' THEN
    INSERT INTO ${DEFERRED} ${nettedTaskStateRows(SIGNED_UPDATE)};
  ELSE
    ${applyTaskStateRollup(SIGNED_UPDATE)};
  END IF;
  RETURN NULL; END $$`;

const DEFERRED_COLUMNS = [...TASK_STATE_KEY_COLUMNS.map((c) => `${c} integer`), 'sign bigint'].join(', ');

const ROUTE_GROUP = `CREATE OR REPLACE FUNCTION tl_route_group(p_ops jsonb)
RETURNS TABLE(r_op integer, r_part text, r_status text, r_annotation integer, r_assignment integer, r_expires bigint,
  r_task integer, r_domain text, r_payload text, r_gold integer, r_reused boolean)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_done record;
  v_lease tl_lease;
  v_ok integer[] := '{}';
  v_plain integer[] := '{}';
  v_completions integer;
  v_submits integer;
BEGIN
  -- Statement triggers fire even for statements that touch no row: a group without a part skips its statements.
  SELECT count(o.ca), count(o.ca) FILTER (WHERE o.cr IS NOT NULL) INTO v_completions, v_submits
  FROM jsonb_to_recordset(p_ops) AS o(ca integer, cr text);
  IF to_regclass('${DEFERRED}') IS NULL THEN CREATE TEMPORARY TABLE tl_group_task_state (${DEFERRED_COLUMNS}) ON COMMIT DELETE ROWS; END IF;
  PERFORM set_config('tutorloop.route_group', 'on', true);
  IF v_completions > 0 THEN
    PERFORM 1 FROM tasks t
    WHERE t.id IN (SELECT a.task_id FROM jsonb_to_recordset(p_ops) AS o(ca integer) JOIN assignments a ON a.id = o.ca)
    ORDER BY t.id FOR NO KEY UPDATE OF t;
  END IF;
  IF v_submits > 0 THEN
    FOR r IN
      WITH ops AS (
        SELECT o.* FROM jsonb_to_recordset(p_ops) AS o(i integer, ca integer, cu integer, cn bigint, cr text, cd integer)
        WHERE o.ca IS NOT NULL),
      plain AS (
        SELECT o.i, o.ca, o.cu, o.cn, o.cr, o.cd, a.task_id, a.project_id, p.overlap
        FROM ops o JOIN assignments a ON a.id = o.ca JOIN projects p ON p.id = a.project_id
        WHERE o.cr IS NOT NULL AND a.user_id = o.cu AND a.state = 'leased' AND a.expires_at > o.cn
          AND (SELECT count(*) FROM ops d WHERE d.ca = o.ca) = 1
        ORDER BY a.task_id, o.i
        FOR UPDATE OF a),
      submitted AS (
        UPDATE assignments a SET state = 'submitted', finished_at = s.cn FROM plain s WHERE a.id = s.ca),
      stored AS (
        INSERT INTO annotations (assignment_id, task_id, project_id, user_id, response, duration_ms, created_at)
        SELECT s.ca, s.task_id, s.project_id, s.cu, s.cr, s.cd, s.cn FROM plain s ORDER BY s.task_id, s.i
        RETURNING id, assignment_id),
      counted AS (
        UPDATE tasks t SET submitted_count = t.submitted_count + n.k, active_leases = t.active_leases - n.k,
          is_open = CASE WHEN t.is_gold = 1 OR (t.submitted_count + n.k) + (t.active_leases - n.k) < COALESCE(t.target_judgments, n.overlap)
            THEN 1 ELSE 0 END
        FROM (SELECT s.task_id, max(s.overlap) AS overlap, count(*)::integer AS k FROM plain s GROUP BY s.task_id) n
        WHERE t.id = n.task_id)
      SELECT s.i, st.id FROM plain s JOIN stored st ON st.assignment_id = s.ca
    LOOP
      v_plain := v_plain || r.i;
      r_op := r.i; r_part := 'c'; r_status := 'ok'; r_annotation := r.id;
      RETURN NEXT;
    END LOOP;
  END IF;
  v_ok := v_plain;
  IF v_completions > cardinality(v_plain) THEN
    FOR r IN
      SELECT o.i, o.ca, o.cu, o.cn, o.cr, o.cd
      FROM jsonb_to_recordset(p_ops) AS o(i integer, ca integer, cu integer, cn bigint, cr text, cd integer)
      WHERE o.ca IS NOT NULL AND NOT (o.i = ANY(v_plain))
      ORDER BY o.i
    LOOP
      SELECT * INTO v_done FROM tl_complete(r.ca, r.cu, r.cn, r.cr, r.cd);
      IF v_done.status = 'ok' THEN v_ok := v_ok || r.i; END IF;
      r_op := r.i; r_part := 'c'; r_status := v_done.status; r_annotation := v_done.annotation_id;
      RETURN NEXT;
    END LOOP;
  END IF;
  FOR r IN
    SELECT o.i, o.lp, o.lu, o.ln, o.le, o.lo, o.lsb, o.lsw, o.ltier, o.lmax,
      CASE WHEN jsonb_typeof(o.ldomains) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(o.ldomains)) END AS domains,
      ARRAY(SELECT jsonb_array_elements_text(o.lpools)::integer) AS pools,
      ARRAY(SELECT jsonb_array_elements_text(COALESCE(o.luncertain, '[]'))) AS uncertain
    FROM jsonb_to_recordset(p_ops) AS o(i integer, ca integer, lp integer, lu integer, ln bigint, le bigint, lo integer,
      ldomains jsonb, lpools jsonb, luncertain jsonb, lsb integer, lsw boolean, ltier text, lmax integer)
    WHERE o.lp IS NOT NULL AND (o.ca IS NULL OR o.i = ANY(v_ok))
    ORDER BY o.lu, o.i
  LOOP
    v_lease := tl_lease_next(r.lp, r.lu, r.ln, r.le, r.lo, r.domains, r.pools, r.uncertain, r.lsb, r.lsw, r.ltier, r.lmax);
    r_op := r.i; r_part := 'l'; r_status := NULL; r_annotation := NULL;
    r_assignment := v_lease.assignment_id; r_expires := v_lease.expires_at; r_task := v_lease.task_id;
    r_domain := v_lease.domain; r_payload := v_lease.payload; r_gold := v_lease.is_gold; r_reused := v_lease.reused;
    RETURN NEXT;
  END LOOP;
  ${applyTaskStateRollup(`SELECT * FROM ${DEFERRED}`, true)};
  DELETE FROM ${DEFERRED};
  PERFORM set_config('tutorloop.route_group', 'off', true);
END $$`;

/** The routing functions installed now: 044's and the group. */
export const ROUTING_FUNCTIONS = [...ROUTING_FUNCTIONS_044, ROUTE_GROUP];

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect !== 'postgres') return;
    await sql.raw(TASK_STATE_UPDATE).execute(db);
    await sql.raw(ROUTE_GROUP).execute(db);
  };
}
