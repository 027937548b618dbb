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

/**
 * Replace the secret (the simulator sets it from its seed, so which `next` draws gold repeats run
 * to run). Only for a database nobody else uses yet: pseudonymous ids change with it.
 */
export async function setDatabaseSecret(db: Db, secret: string): Promise<void> {
  await db.updateTable('settings').set({ value: secret }).where('key', '=', 'secret').execute();
  cache.delete(db);
}
