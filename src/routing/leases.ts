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

/** The assignment a submit or skip names, as the store read it (locked) inside its transaction. */
export interface HeldAssignment {
  userId: number;
  state: LeaseState;
  expiresAt: number;
}

/**
 * What a submit or skip does to an assignment: the lease state machine, decided once here and
 * executed by each database's store (store/repositories/routingSqlite.ts, routingPostgres.ts).
 * - `refuse`: no write; the caller answers with `status`.
 * - `skip`: the tutor gives the task back. From `leased` the assignment becomes `skipped` now and its
 *   slot is released; from `expired` (already released by a sweep) it is only marked `skipped`, to
 *   record that the tutor declined it; a second skip changes nothing. Answers ok.
 * - `expire`: a submit on a lease still `leased` but past its expiry: marked `expired` and the slot
 *   released now rather than at the next sweep. Answers `expired`.
 * - `submit`: `leased` → `submitted`, the annotation stored and the slot turned into a judgment.
 * Every step but `refuse` carries the assignment it acts on (`held`), as the store read it.
 */
export type Completion<T extends HeldAssignment = HeldAssignment> =
  | { kind: 'refuse'; status: 'not_found' | 'not_yours' | 'used' | 'expired' }
  | { kind: 'skip'; held: T; markSkipped: boolean; releaseSlot: boolean }
  | { kind: 'expire'; held: T }
  | { kind: 'submit'; held: T };

export function planCompletion<T extends HeldAssignment>(
  held: T | undefined,
  req: { userId: number; action: 'submit' | 'skip'; now: number },
): Completion<T> {
  if (!held) return { kind: 'refuse', status: 'not_found' };
  if (held.userId !== req.userId) return { kind: 'refuse', status: 'not_yours' };
  if (req.action === 'skip') {
    if (held.state === 'submitted') return { kind: 'refuse', status: 'used' };
    return { kind: 'skip', held, markSkipped: held.state !== 'skipped', releaseSlot: held.state === 'leased' };
  }
  const verdict = submitVerdict(held.state, held.expiresAt, req.now);
  if (verdict === 'used') return { kind: 'refuse', status: 'used' };
  if (verdict === 'expired') return held.state === 'leased' ? { kind: 'expire', held } : { kind: 'refuse', status: 'expired' };
  return { kind: 'submit', held };
}

/**
 * Is a task open for another lease? Gold always (overlap does not cap it); others while judgments
 * plus live leases stay under the task's target: its own `targetJudgments` under adaptive overlap,
 * else the project's overlap k. The store keeps `tasks.is_open` by the same rule, written once in SQL
 * (store/repositories/openRule.ts); test/integration/routing/openRule.test.ts holds the two to agreeing.
 */
export function isOpen(
  isGold: boolean,
  submitted: number,
  leases: number,
  overlap: number,
  targetJudgments: number | null = null,
): boolean {
  return isGold || submitted + leases < (targetJudgments ?? overlap);
}
