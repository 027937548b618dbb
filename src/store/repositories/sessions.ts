/**
 * Sessions live only in the database (so any app server behind one PostgreSQL can serve any request);
 * the row is keyed by the SHA-256 of the cookie token, never the token itself.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { toUserRecord, type UserRecord } from './users.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertSession(db: Db, s: { tokenHash: string; userId: number; createdAt: number; expiresAt: number }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, user_id: s.userId, created_at: s.createdAt, expires_at: s.expiresAt })
    .execute();
}

/** The user behind a live session, or undefined when unknown or expired. One indexed lookup per request. */
export async function findSessionUser(db: Db, tokenHash: string, now: number): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  return row ? toUserRecord(row) : undefined;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
