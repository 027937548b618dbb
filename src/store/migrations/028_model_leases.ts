/**
 * A model-tier user (an AI judge) holds up to its endpoint's `max concurrency` live leases, so a judge
 * works as many tasks at once as its endpoint takes calls; a person keeps exactly one (`next` hands
 * back the held lease). The cap is the routing request's `maxLiveLeases` (1 for people).
 *
 * PostgreSQL: `tl_pick`, `tl_lease_next` and `tl_complete_then_lease` of 016_cascade.ts take one more
 * argument, `p_max_leases`, re-created here from 016's bodies with one change in `tl_pick`: with a cap
 * above one it counts the user's live leases in the project and picks a new task while they are
 * fewer than the cap (else hands back the oldest). The per-user advisory lock of `tl_lease_next`
 * already serialises one user's `next` calls, so the count and the new lease cannot race. The old
 * signatures are dropped first (a new argument list would sit beside them as an overload).
 * `tl_sweep` and `tl_complete` are unchanged. SQLite's routing is in-process (routingSqlite.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';
import { GOLD_PICK_ORDER_SQL, PICK_ORDER_SQL, UNCERTAIN_PICK_ORDER_SQL } from '../../routing/pickOrder.js';
import { openRuleText, targetText } from '../repositories/openRule.js';
import { TUTOR_LOCK_SPACE } from './011_routing_functions.js';
import { ROUTING_FUNCTIONS as ROUTING_FUNCTIONS_016 } from './016_cascade.js';

const rule = (submitted: string, leases: string) => openRuleText(submitted, leases, targetText('p_overlap'));

/** The cascade's one condition on a regular task. */
const AT_LEVEL = '(p_tier IS NULL OR t.cascade_tier = p_tier)';

const LIVE_LEASE = `SELECT a.id, a.expires_at, t.id, t.domain, t.payload, t.is_gold, true INTO v_out
  FROM assignments a JOIN tasks t ON t.id = a.task_id
  WHERE a.user_id = p_user AND a.project_id = p_project AND a.state = 'leased' AND a.expires_at > p_now`;

const PICK = `CREATE OR REPLACE FUNCTION tl_pick(p_project integer, p_user integer, p_now bigint, p_expires bigint, p_overlap integer,
  p_domains text[], p_pools integer[], p_uncertain text[], p_tier text, p_max_leases integer)
RETURNS tl_lease LANGUAGE plpgsql AS $$
DECLARE
  v_out tl_lease;
  v_pool integer;
  v_id integer;
  v_domain text;
  v_payload text;
  v_assignment integer;
  v_held integer;
  p_salt bigint := (p_user::bigint * 2654435761) % 4294967296;
BEGIN
  IF p_max_leases <= 1 THEN
    ${LIVE_LEASE}
    LIMIT 1;
    IF FOUND THEN RETURN v_out; END IF;
  ELSE
    SELECT count(*) INTO v_held FROM assignments a
    WHERE a.user_id = p_user AND a.project_id = p_project AND a.state = 'leased' AND a.expires_at > p_now;
    IF v_held >= p_max_leases THEN
      ${LIVE_LEASE}
      ORDER BY a.id LIMIT 1;
      RETURN v_out;
    END IF;
  END IF;
  FOREACH v_pool IN ARRAY p_pools LOOP
    v_id := NULL;
    IF v_pool = 0 AND cardinality(p_uncertain) > 0 THEN
      SELECT t.id, t.domain, t.payload INTO v_id, v_domain, v_payload FROM tasks t
      WHERE t.project_id = p_project AND t.is_open = 1 AND t.uncertain = 1 AND t.is_gold = 0 AND t.domain = ANY(p_uncertain)
        AND ${AT_LEVEL}
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
        AND ${AT_LEVEL}
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

const LEASE_NEXT = `CREATE OR REPLACE FUNCTION tl_lease_next(p_project integer, p_user integer, p_now bigint, p_expires bigint,
  p_overlap integer, p_domains text[], p_pools integer[], p_uncertain text[], p_sweep_batch integer, p_sweep boolean, p_tier text,
  p_max_leases integer)
RETURNS tl_lease LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE v_out tl_lease;
BEGIN
  PERFORM pg_advisory_xact_lock(${TUTOR_LOCK_SPACE}, p_user);
  IF p_sweep THEN PERFORM tl_sweep(p_project, p_now, p_sweep_batch, p_overlap); END IF;
  v_out := tl_pick(p_project, p_user, p_now, p_expires, p_overlap, p_domains, p_pools, p_uncertain, p_tier, p_max_leases);
  IF v_out.assignment_id IS NULL AND NOT p_sweep THEN
    PERFORM tl_sweep(p_project, p_now, p_sweep_batch, p_overlap);
    v_out := tl_pick(p_project, p_user, p_now, p_expires, p_overlap, p_domains, p_pools, p_uncertain, p_tier, p_max_leases);
  END IF;
  RETURN v_out;
END $$`;

const COMPLETE_THEN_LEASE = `CREATE OR REPLACE FUNCTION tl_complete_then_lease(p_assignment integer, p_user integer, p_now bigint,
  p_response text, p_duration integer, p_project integer, p_expires bigint, p_overlap integer, p_domains text[],
  p_pools integer[], p_uncertain text[], p_sweep_batch integer, p_sweep boolean, p_tier text, p_max_leases integer)
RETURNS TABLE (status text, annotation_id integer, assignment_id integer, expires_at bigint, task_id integer, domain text,
  payload text, is_gold integer, reused boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_done record;
  v_lease tl_lease;
BEGIN
  SELECT * INTO v_done FROM tl_complete(p_assignment, p_user, p_now, p_response, p_duration);
  IF v_done.status = 'ok' THEN
    v_lease := tl_lease_next(p_project, p_user, p_now, p_expires, p_overlap, p_domains, p_pools, p_uncertain, p_sweep_batch, p_sweep,
      p_tier, p_max_leases);
  END IF;
  RETURN QUERY SELECT v_done.status, v_done.annotation_id, v_lease.assignment_id, v_lease.expires_at, v_lease.task_id,
    v_lease.domain, v_lease.payload, v_lease.is_gold, v_lease.reused;
END $$`;

const DROP_016_SIGNATURES = [
  'DROP FUNCTION tl_complete_then_lease(integer, integer, bigint, text, integer, integer, bigint, integer, text[], integer[], text[], integer, boolean, text)',
  'DROP FUNCTION tl_lease_next(integer, integer, bigint, bigint, integer, text[], integer[], text[], integer, boolean, text)',
  'DROP FUNCTION tl_pick(integer, integer, bigint, bigint, integer, text[], integer[], text[], text)',
];

/** The routing functions installed now, in order (016's, with the three above in place of theirs). */
export const ROUTING_FUNCTIONS = [ROUTING_FUNCTIONS_016[0], PICK, LEASE_NEXT, ROUTING_FUNCTIONS_016[3], COMPLETE_THEN_LEASE];

export function up(dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    if (dialect === 'sqlite') return;
    for (const statement of DROP_016_SIGNATURES) await sql.raw(statement).execute(db);
    for (const statement of [PICK, LEASE_NEXT, COMPLETE_THEN_LEASE]) await sql.raw(statement).execute(db);
  };
}
