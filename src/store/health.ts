/** Is the database there: one trivial round trip, for the readiness probe. */
import { sql } from 'kysely';
import type { Store } from './database.js';

export async function pingDatabase(store: Store): Promise<void> {
  await sql`SELECT 1`.execute(store.db);
}
