/**
 * Lease rules. A lease is live until `expiresAt`; after that the task returns to the pool (lazily:
 * the next `next` call in the project sweeps a bounded batch of stale leases, so no timer is needed
 * and nothing is ever swept twice). A tutor holding a live lease in a project gets that same lease
 * back from `next` instead of a second task (no hoarding). An expired lease is never re-offered to
 * the same tutor: one assignment row per tutor × task, ever.
 */
export const DEFAULT_LEASE_SECONDS = 1800;

/** Stale leases released per `next` call: bounds the work one call can do. */
export const SWEEP_BATCH = 64;

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
