/**
 * The routing store on PostgreSQL: each operation is one call in a group (routingGroups.ts), and a
 * group is one call of `tl_route_group` (migration 045), which runs each operation through the
 * PL/pgSQL functions of migrations 011, 016, 028, 031 and 044. One round trip per group, and its
 * transaction is the statement's own: no connection is held while the app thinks, and no row lock
 * outlives the call. The locking rules live with the functions.
 *
 * The "is a sweep due" clock stays in this process (a sweep at most once a second per process and
 * project, and always before answering "nothing left"); it only saves work, so N processes sweeping
 * each once a second are as correct as one.
 */
import type { PostgresStore } from '../database.js';
import { sweepDue } from '../../routing/leases.js';
import { routeInGroup } from './routingGroups.js';
import type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

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

export async function leaseNextPostgres(store: PostgresStore, req: LeaseRequest): Promise<LeasedTask | null> {
  const { leased } = await routeInGroup(store, { lease: { request: req, sweep: claimSweep(store, req) } });
  return leased ?? null;
}

function checked(req: CompleteRequest): CompleteRequest {
  if (req.action === 'submit' && !req.annotation) throw new Error('a submit needs its annotation');
  return req;
}

export async function completeLeasePostgres(store: PostgresStore, req: CompleteRequest): Promise<CompleteResult> {
  const { completed } = await routeInGroup(store, { complete: checked(req) });
  return completed!;
}

/** Submit, then lease when the submit stored its annotation: one call, one transaction. */
export async function completeThenLeasePostgres(
  store: PostgresStore,
  complete: CompleteRequest,
  lease: LeaseRequest,
): Promise<{ completed: CompleteResult; leased: LeasedTask | null }> {
  const out = await routeInGroup(store, { complete: checked(complete), lease: { request: lease, sweep: claimSweep(store, lease) } });
  return { completed: out.completed!, leased: out.leased ?? null };
}
