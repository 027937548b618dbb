/**
 * Among eligible tasks, which comes first: closest to completion (most judgments already in), then
 * higher priority, then older (lower id). The store's partial index `tasks_open_pick` is built in
 * exactly this order, so the first eligible row is found by an index walk, not a sort.
 */
export const PICK_ORDER_SQL = 'submitted_count DESC, priority DESC, id ASC';

export interface PickKey {
  submitted: number;
  priority: number;
  id: number;
}

/** The same order as a comparator, for tests and in-memory checks. */
export function comparePick(a: PickKey, b: PickKey): number {
  return b.submitted - a.submitted || b.priority - a.priority || a.id - b.id;
}
