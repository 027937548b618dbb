/**
 * The queries by consensus confidence, on each database's own index.
 * - SQLite (migration 048): an index on the confidence in hundredths, `CAST(confidence * 100 AS
 *   INTEGER)` (truncated: monotone, which is all these queries need). An index on the confidence itself
 *   took every row of a batch at a random place in a million-entry tree (a 1M-task first batch: ~4 s of
 *   its writes); a band's rows arrive in task order, each at its band's end. `confidence < x` holds for
 *   every row of a band below x's, for no row of a band above it, and is tested exactly only in x's own
 *   band: the bands below are answered by the index alone. Likewise `confidence >= x`. The expression
 *   must stay the one the index was built on (a query with another does not use it): a change is a new
 *   migration.
 * - PostgreSQL (migration 049): the plain (project, confidence, task) index, which its batch wrote as
 *   fast and its routing's upserts faster.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from './dialect.js';

export const CONFIDENCE_BAND = 'CAST(confidence * 100 AS INTEGER)';

const band = sql.raw(CONFIDENCE_BAND);
/** The bound's band computed by the database, as the index's were: no second spelling of it here. */
const bandOf = (x: number) => sql`CAST(CAST(${x} AS DOUBLE PRECISION) * 100 AS INTEGER)`;

/** The ids of the project's tasks whose consensus confidence is below `below` (SQLite: the bands below its, then its own band tested exactly). */
export function taskIdsBelow(dialect: Dialect, projectId: number, below: number): RawBuilder<{ task_id: number }> {
  if (dialect === 'postgres') return sql`SELECT task_id FROM task_consensus WHERE project_id = ${projectId} AND confidence < ${below}`;
  return sql`SELECT task_id FROM task_consensus WHERE project_id = ${projectId} AND ${band} < ${bandOf(below)}
    UNION ALL
    SELECT task_id FROM task_consensus WHERE project_id = ${projectId} AND ${band} = ${bandOf(below)} AND confidence < ${below}`;
}

/** How many of the project's consensus rows have a confidence of at least `atLeast` (SQLite: the bands above its counted in the index, then its own band tested exactly). */
export function countAtLeast(dialect: Dialect, projectId: number, atLeast: number): RawBuilder<{ n: number | string }> {
  if (dialect === 'postgres')
    return sql`SELECT count(*) AS n FROM task_consensus WHERE project_id = ${projectId} AND confidence >= ${atLeast}`;
  return sql`SELECT (SELECT count(*) FROM task_consensus WHERE project_id = ${projectId} AND ${band} > ${bandOf(atLeast)})
    + (SELECT count(*) FROM task_consensus WHERE project_id = ${projectId} AND ${band} = ${bandOf(atLeast)} AND confidence >= ${atLeast}) AS n`;
}
