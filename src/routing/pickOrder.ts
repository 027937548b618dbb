/**
 * Among eligible tasks, which comes first: closest to completion (most judgments already in), then
 * higher priority, then older (lower id). The store's partial index `tasks_open_pick` is built in
 * exactly this order, so the first eligible row is found by an index walk, not a sort. (On PostgreSQL
 * the index holds `pick_rank`, equal to `submitted_count` on every open task: migration 031.)
 */
export const PICK_ORDER_SQL = 'submitted_count DESC, priority DESC, id ASC';

/**
 * The uncertain pool (adaptive overlap: tasks whose consensus is not yet confident), tried first by
 * tutors trusted in the task's domain: higher priority, then older. Same order as the partial index
 * `tasks_open_uncertain (project_id, priority DESC, id)`, so this too is an index walk.
 */
export const UNCERTAIN_PICK_ORDER_SQL = 'priority DESC, id ASC';

export interface PickKey {
  submitted: number;
  priority: number;
  id: number;
}

/** The same order as a comparator, for tests and in-memory checks. */
export function comparePick(a: PickKey, b: PickKey): number {
  return b.submitted - a.submitted || b.priority - a.priority || a.id - b.id;
}

/**
 * Gold is ordered differently: least-served first, ties in an order of the tutor's own. Serving gold
 * "closest to completion" would hand every tutor the same few gold items (gold has no k to complete),
 * so gold accuracy would rest on a handful of items and tiers could not be compared on shared gold.
 * `?`/`$salt` is the tutor's salt (`goldOrderSalt`); the product stays well inside 64-bit integers.
 */
export const GOLD_PICK_ORDER_SQL = (salt: string) => `submitted_count ASC, ((id * 2654435761 + ${salt}) % 4294967291) ASC, id ASC`;

/** A per-tutor salt for the gold order (Knuth's multiplicative hash of the user id, 32 bits). */
export function goldOrderSalt(userId: number): number {
  return Number((BigInt(userId) * 2654435761n) % 4294967296n);
}
