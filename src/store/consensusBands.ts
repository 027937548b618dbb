/**
 * The low-confidence filter's index key (migration 048): a consensus row's confidence in hundredths,
 * `CAST(confidence * 100 AS INTEGER)` (SQLite truncates, PostgreSQL rounds: either is monotone, which
 * is all the filter needs). An index on the confidence itself took every row of a batch at a random
 * place in a million-entry tree (a 1M-task first batch on SQLite: ~4 s of its writes); a band's rows
 * arrive in task order, each at its band's end. `confidence < x` implies `band(confidence) ≤ band(x)`
 * for a monotone band, so the range on the band finds every row and the exact test keeps the right ones.
 * The expression must stay the one the index was built on (a query with another does not use it): a
 * change is a new migration.
 */
import { type RawBuilder, sql } from 'kysely';

export const CONFIDENCE_BAND = 'CAST(confidence * 100 AS INTEGER)';

/** `confidence < below` as a range of the bands and the exact test (a consensus row's columns unqualified). */
export function confidenceBelow(below: number): RawBuilder<boolean> {
  // The bound's band computed by the database, as the index's were: no second spelling of it here.
  return sql<boolean>`${sql.raw(CONFIDENCE_BAND)} <= CAST(CAST(${below} AS DOUBLE PRECISION) * 100 AS INTEGER) AND confidence < ${below}`;
}
