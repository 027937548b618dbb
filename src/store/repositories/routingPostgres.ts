/**
 * The routing store on PostgreSQL: each operation is one call of a PL/pgSQL function (migrations
 * 011_routing_functions.ts, 016_cascade.ts, 028_model_leases.ts, 031_hot_task_counters.ts), sent as a named prepared statement on the raw pool. One round trip, and
 * its transaction is the statement's own: no connection is held while the app thinks, and no row lock
 * outlives the call. The locking rules live with the functions.
 *
 * The "is a sweep due" clock stays in this process (a sweep at most once a second per process and
 * project, and always before answering "nothing left"); it only saves work, so N processes sweeping
 * each once a second are as correct as one.
 */
import type { QueryConfig } from 'pg';
import type { PostgresStore } from '../database.js';
import { sweepDue } from '../../routing/leases.js';
import type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

/** PostgreSQL errors worth one more try: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

interface LeaseRow {
  assignment_id: number | null;
  expires_at: number;
  task_id: number;
  domain: string;
  payload: string;
  is_gold: number;
  reused: boolean;
}

const LEASE_NEXT = 'SELECT * FROM tl_lease_next($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)';
const COMPLETE = 'SELECT status, annotation_id FROM tl_complete($1, $2, $3, $4, $5)';
const COMPLETE_THEN_LEASE = 'SELECT * FROM tl_complete_then_lease($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)';

async function call<R extends object>(store: PostgresStore, query: QueryConfig): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await store.pgPool.query<R>(query)).rows[0];
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt < 5 && code && RETRYABLE.has(code)) continue;
      throw e;
    }
  }
}

/** When each project was last swept by this process (request clock). */
const lastSweeps = new WeakMap<PostgresStore, Map<number, number>>();

/** Whether this call should sweep first; records the sweep (the function always sweeps before answering "nothing left"). */
function claimSweep(store: PostgresStore, req: LeaseRequest): boolean {
  let swept = lastSweeps.get(store);
  if (!swept) lastSweeps.set(store, (swept = new Map()));
  const due = sweepDue(swept.get(req.projectId), req.now);
  if (due) swept.set(req.projectId, req.now);
  return due;
}

function leaseArgs(req: LeaseRequest, sweep: boolean): unknown[] {
  return [
    req.overlap,
    req.domains,
    req.pools,
    req.uncertainDomains ?? [],
    req.sweepBatch,
    sweep,
    req.cascadeTier ?? null,
    req.maxLiveLeases ?? 1,
  ];
}

function leased(row: LeaseRow | undefined): LeasedTask | null {
  if (!row || row.assignment_id === null) return null;
  return {
    assignmentId: row.assignment_id,
    expiresAt: row.expires_at,
    taskId: row.task_id,
    domain: row.domain,
    payload: row.payload,
    isGold: row.is_gold,
    reused: row.reused,
  };
}

export async function leaseNextPostgres(store: PostgresStore, req: LeaseRequest): Promise<LeasedTask | null> {
  const row = await call<LeaseRow>(store, {
    name: 'tl_lease_next',
    text: LEASE_NEXT,
    values: [req.projectId, req.userId, req.now, req.expiresAt, ...leaseArgs(req, claimSweep(store, req))],
  });
  return leased(row);
}

function completion(row: { status: string; annotation_id: number | null }): CompleteResult {
  return row.status === 'ok'
    ? { status: 'ok', annotationId: row.annotation_id }
    : { status: row.status as Exclude<CompleteResult['status'], 'ok'> };
}

function completeArgs(req: CompleteRequest): unknown[] {
  const submit = req.action === 'submit' ? req.annotation! : null;
  return [req.assignmentId, req.userId, req.now, submit?.response ?? null, submit?.durationMs ?? null];
}

export async function completeLeasePostgres(store: PostgresStore, req: CompleteRequest): Promise<CompleteResult> {
  if (req.action === 'submit' && !req.annotation) throw new Error('a submit needs its annotation');
  return completion(await call(store, { name: 'tl_complete', text: COMPLETE, values: completeArgs(req) }));
}

/** Submit, then lease when the submit stored its annotation: one call, one transaction. */
export async function completeThenLeasePostgres(
  store: PostgresStore,
  complete: CompleteRequest,
  lease: LeaseRequest,
): Promise<{ completed: CompleteResult; leased: LeasedTask | null }> {
  const row = await call<LeaseRow & { status: string; annotation_id: number | null }>(store, {
    name: 'tl_complete_then_lease',
    text: COMPLETE_THEN_LEASE,
    values: [...completeArgs(complete), lease.projectId, lease.expiresAt, ...leaseArgs(lease, claimSweep(store, lease))],
  });
  return { completed: completion(row), leased: leased(row) };
}
