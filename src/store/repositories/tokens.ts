/**
 * Personal API tokens. Only the SHA-256 of a token is stored; revoked tokens stay as rows
 * (revoked_at set) so the owner's list and the audit trail keep their history.
 */
import type { Kysely, Transaction } from 'kysely';
import { invalidateTokenCache } from './authEpoch.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface TokenRecord {
  id: number;
  userId: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export async function insertToken(db: Db, t: { userId: number; name: string; tokenHash: string; createdAt: number }): Promise<TokenRecord> {
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt, last_used_at: null, revoked_at: null })
    .returning(['id', 'user_id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, userId: row.user_id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at };
}

export async function listTokensOf(db: Db, userId: number): Promise<TokenRecord[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

/** Marks the token revoked if it belongs to the user and is live; returns whether it did. */
export async function revokeToken(db: Db, id: number, userId: number, now: number): Promise<boolean> {
  invalidateTokenCache();
  const res = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Revokes every live token of a user (when they are disabled); returns how many. */
export async function revokeTokensOfUser(db: Db, userId: number, now: number): Promise<number> {
  invalidateTokenCache();
  const res = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function touchToken(db: Db, id: number, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
