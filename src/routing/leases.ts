/**
 * Lease rules. A lease is live until `expiresAt`; after that the task returns to the pool (lazily:
 * a `next` call in the project sweeps a bounded batch of stale leases — at most once a second per
 * server process, and always before answering that nothing is left — so no timer is needed and
 * nothing is ever swept twice). A tutor holding a live lease in a project gets that same lease
 * back from `next` instead of a second task (no hoarding). An expired lease is never re-offered to
 * the same tutor: one assignment row per tutor × task, ever.
 */
export const DEFAULT_LEASE_SECONDS = 1800;

/** Stale leases released per `next` call: bounds the work one call can do. */
export const SWEEP_BATCH = 64;

/**
 * A server process sweeps a project at most this often (by the request clock), and always before
 * answering "nothing left": a lease that expired is back in the pool within this time, and the
 * many `next` calls in between skip the sweep's query.
 */
export const SWEEP_INTERVAL_MS = 1000;

/** Is a sweep due, given when this process last swept the project (undefined: never)? */
export function sweepDue(lastSweep: number | undefined, now: number): boolean {
  return lastSweep === undefined || now < lastSweep || now - lastSweep >= SWEEP_INTERVAL_MS;
}

export function leaseExpiry(now: number, leaseSeconds: number): number {
  return now + leaseSeconds * 1000;
}

export type LeaseState = 'leased' | 'submitted' | 'expired' | 'skipped';

/** What a submit may do with an assignment in this state at this moment. */
export type SubmitVerdict = 'ok' | 'expired' | 'used';

export function submitVerdict(state: LeaseState, expiresAt: number, now: number): SubmitVerdict {
  if (state === 'submitted' || state === 'skipped') return 'used';
  if (state === 'expired' || expiresAt <= now) return 'expired';
  return 'ok';
}

/**
 * Is a task open for another lease? Gold always (overlap does not cap it); others while judgments
 * plus live leases stay under the overlap k. The store evaluates the same rule in SQL.
 */
export function isOpen(isGold: boolean, submitted: number, leases: number, overlap: number): boolean {
  return isGold || submitted + leases < overlap;
}
