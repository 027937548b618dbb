/**
 * Exports and consensus leave out annotations that a correction supersedes, with
 * `NOT EXISTS (… WHERE c.supersedes_id = n.id)` per annotation. Without an index that is a scan
 * of every annotation for each one (quadratic in project size). Corrections are rare, so a
 * partial index over the non-null rows costs originals nothing and makes the check one probe.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function up(_dialect: Dialect) {
  return async (db: Kysely<unknown>): Promise<void> => {
    await sql`CREATE INDEX annotations_supersedes ON annotations (supersedes_id) WHERE supersedes_id IS NOT NULL`.execute(db);
  };
}
