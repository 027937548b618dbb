/**
 * The two lookups every authenticated request makes (cookie → user, bearer token → user). On SQLite
 * they run as cached prepared statements on the raw handle: building the query through Kysely costs
 * ~8x the query itself, and this is on the path of every request. On PostgreSQL a token's lookup is a
 * named prepared statement on the raw pool (planned once per connection, no query building); cookie
 * sessions go through Kysely. better-sqlite3 is synchronous, so a single SELECT cannot
 * interleave with anything; inside another request's open transaction it reads that connection's view,
 * which for a read of users, sessions and tokens is harmless.
 *
 * Bearer tokens are cached in this process for TOKEN_CACHE_TTL_MS (scripts send many requests per
 * second with one token; the lookup was ~6 % of the server's CPU under load). Writes that change the
 * answer (a user update, disabling, a token revoke) call `invalidateTokenCache()` (authEpoch.ts), in the repository
 * and again after their transaction commits, so they take effect at once in this process. Other
 * processes learn of such writes through the database (cacheGenerations.ts: a trigger-kept counter on
 * SQLite, LISTEN/NOTIFY on PostgreSQL); TOKEN_CACHE_TTL_MS bounds an entry's life all the same.
 * Unknown or revoked tokens are never cached. Cookie sessions are not cached.
 */
import type SQLite from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { Store } from '../database.js';
import type { UserRow } from '../schema.js';
import { tokenCacheEpoch } from './authEpoch.js';
import { cacheGeneration } from '../cacheGenerations.js';
import { findSessionUser } from './sessions.js';
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
  if (store.dialect !== 'sqlite') return findSessionUser(store.db, tokenHash, now);
  const row = statements(store.sqlite).session.get(tokenHash, now);
  return row ? toUserRecord(row) : undefined;
}

export interface TokenLookup {
  user: UserRecord;
  tokenId: number;
  /** The caller may move it forward after touching the token (the cached entry is this object). */
  lastUsedAt: number | null;
}

/** How long another process may still accept a token revoked (or a user changed) elsewhere. */
export const TOKEN_CACHE_TTL_MS = 1000;
const TOKEN_CACHE_MAX = 10_000;

const tokenCache = new WeakMap<Store, Map<string, { found: TokenLookup; until: number; epoch: number; generation: number }>>();

export async function tokenUser(store: Store, tokenHash: string): Promise<TokenLookup | undefined> {
  let cache = tokenCache.get(store);
  if (!cache) tokenCache.set(store, (cache = new Map()));
  const hit = cache.get(tokenHash);
  const now = performance.now();
  const generation = cacheGeneration(store, 'auth');
  if (hit && hit.epoch === tokenCacheEpoch() && hit.generation === generation && hit.until > now) return hit.found;
  // The epoch before the read: a write that lands while it runs makes this entry stale at once.
  const readEpoch = tokenCacheEpoch();
  const found = await readTokenUser(store, tokenHash);
  if (!found) {
    cache.delete(tokenHash);
    return undefined;
  }
  if (cache.size >= TOKEN_CACHE_MAX) cache.clear();
  cache.set(tokenHash, { found, until: now + TOKEN_CACHE_TTL_MS, epoch: readEpoch, generation });
  return found;
}

const TOKEN_USER_SQL =
  'SELECT users.*, api_tokens.id AS token_id, api_tokens.last_used_at AS token_last_used_at FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.token_hash = $1 AND api_tokens.revoked_at IS NULL';

async function readTokenUser(store: Store, tokenHash: string): Promise<TokenLookup | undefined> {
  const row =
    store.dialect === 'sqlite'
      ? statements(store.sqlite).token.get(tokenHash)
      : (
          await store.pgPool.query<UserRow & { token_id: number; token_last_used_at: number | null }>({
            name: 'tl_token_user',
            text: TOKEN_USER_SQL,
            values: [tokenHash],
          })
        ).rows[0];
  return row ? { user: toUserRecord(row), tokenId: row.token_id, lastUsedAt: row.token_last_used_at } : undefined;
}
