/**
 * The two lookups every authenticated request makes (cookie → user, bearer token → user). On SQLite
 * they run as cached prepared statements on the raw handle: building the query through Kysely costs
 * ~8x the query itself, and this is on the path of every request. PostgreSQL goes through Kysely,
 * where the network round trip dominates. better-sqlite3 is synchronous, so a single SELECT cannot
 * interleave with anything; inside another request's open transaction it reads that connection's view,
 * which for a read of users, sessions and tokens is harmless.
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import type { UserRow } from '../schema.js';
import { findSessionUser } from './sessions.js';
import { findTokenUser } from './tokens.js';
import { toUserRecord, type UserRecord } from './users.js';

interface Statements {
  session: SQLite.Statement<[string, number], UserRow>;
  token: SQLite.Statement<[string], UserRow & { token_id: number; token_last_used_at: number | null }>;
}
const cache = new WeakMap<SQLite.Database, Statements>();

function statements(raw: SQLite.Database): Statements {
  let s = cache.get(raw);
  if (!s) {
    s = {
      session: raw.prepare(
        'SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_hash = ? AND sessions.expires_at > ?',
      ),
      token: raw.prepare(
        'SELECT users.*, api_tokens.id AS token_id, api_tokens.last_used_at AS token_last_used_at FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.token_hash = ? AND api_tokens.revoked_at IS NULL',
      ),
    };
    cache.set(raw, s);
  }
  return s;
}

export async function sessionUser(store: Store, tokenHash: string, now: number): Promise<UserRecord | undefined> {
  if (!store.sqlite) return findSessionUser(store.db, tokenHash, now);
  const row = statements(store.sqlite).session.get(tokenHash, now);
  return row ? toUserRecord(row) : undefined;
}

export async function tokenUser(store: Store, tokenHash: string): Promise<{ user: UserRecord; tokenId: number; lastUsedAt: number | null } | undefined> {
  if (!store.sqlite) return findTokenUser(store.db, tokenHash);
  const row = statements(store.sqlite).token.get(tokenHash);
  return row ? { user: toUserRecord(row), tokenId: row.token_id, lastUsedAt: row.token_last_used_at } : undefined;
}
