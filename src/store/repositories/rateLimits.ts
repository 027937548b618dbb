/**
 * Fixed-window counters shared by every server process on the database (the sign-in limits): one
 * row per key, counted by an atomic upsert, so N processes behind a proxy enforce one limit, not N.
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';

export interface RateWindow {
  count: number;
  resetAt: number;
}

/** Count one hit on `key` and return its window (a new window of `windowMs` when the last one ended). */
export async function countHit(db: Db, key: string, now: number, windowMs: number): Promise<RateWindow> {
  const row = await sql<{ count: number; reset_at: number }>`
    INSERT INTO rate_limits (key, count, reset_at) VALUES (${key}, 1, ${now + windowMs})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.reset_at <= ${now} THEN 1 ELSE rate_limits.count + 1 END,
      reset_at = CASE WHEN rate_limits.reset_at <= ${now} THEN ${now + windowMs} ELSE rate_limits.reset_at END
    RETURNING count, reset_at`.execute(db);
  const r = row.rows[0];
  return { count: Number(r.count), resetAt: Number(r.reset_at) };
}

/** The live window of `key`, if any. */
export async function windowOf(db: Db, key: string, now: number): Promise<RateWindow | undefined> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['count', 'reset_at'])
    .where('key', '=', key)
    .where('reset_at', '>', now)
    .executeTakeFirst();
  return row ? { count: Number(row.count), resetAt: Number(row.reset_at) } : undefined;
}

/** Drop windows that ended (housekeeping). */
export async function forgetEndedWindows(db: Db, now: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('reset_at', '<=', now).execute();
}
