/** Per-database settings; today only the secret behind pseudonymous ids and gold mixing. */
import type { Db } from '../transaction.js';

const cache = new WeakMap<object, string>();

/** The random secret written by migration 002; cached per Kysely instance. */
export async function databaseSecret(db: Db): Promise<string> {
  const hit = cache.get(db);
  if (hit) return hit;
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  cache.set(db, row.value);
  return row.value;
}
