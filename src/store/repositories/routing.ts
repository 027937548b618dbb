/** The routing store: one entry point per operation, dispatched to the dialect's implementation. */
import type { Store } from '../database.js';
import { completeLeasePostgres, leaseNextPostgres } from './routingPostgres.js';
import { completeLeaseSqlite, leaseNextSqlite } from './routingSqlite.js';
import type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

export type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

/** Sweep stale leases, return the tutor's live lease if any, else lease the first eligible task. */
export function leaseNextTask(store: Store, req: LeaseRequest): Promise<LeasedTask | null> {
  return store.dialect === 'sqlite' ? leaseNextSqlite(store, req) : leaseNextPostgres(store, req);
}

/** Submit (store the annotation) or skip a lease, atomically with the task counters. */
export function completeLease(store: Store, req: CompleteRequest): Promise<CompleteResult> {
  return store.dialect === 'sqlite' ? completeLeaseSqlite(store, req) : completeLeasePostgres(store, req);
}
