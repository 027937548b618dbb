/**
 * Cross-process invalidation of the in-process caches (bearer tokens and their users, projects).
 * Each cache stores the generation it read under and trusts an entry only while the generation is
 * unchanged. The generation moves when this process writes (`bumpCacheGeneration`, called by the
 * repositories that write) and when any process writes the underlying rows, seen through triggers
 * (migration 011):
 * - SQLite: the triggers count writes in `cache_generations`; reading that one row is a prepared
 *   statement of a few microseconds, so every process sees another's write at once.
 * - PostgreSQL: the triggers `NOTIFY tutorloop_cache`; one listening connection per store moves the
 *   generation when a notice arrives (milliseconds after the commit). While that connection is not up
 *   (starting, lost, reconnecting) every read is a miss: a cache never outlives a notice it could not hear.
 */
import type SQLite from 'better-sqlite3';
import pg from 'pg';

/** The part of a store this needs (not the store type itself: database.ts imports this module). */
type Store = { dialect: 'sqlite'; sqlite: SQLite.Database } | PostgresStore;
type PostgresStore = { dialect: 'postgres' };

export type CachedData = 'auth' | 'projects';
export const CACHE_CHANNEL = 'tutorloop_cache';

interface Watch {
  local: Record<CachedData, number>;
  /** SQLite: the shared counter's statement (one value: no row object is built). */
  read?: SQLite.Statement<[CachedData], number>;
  /** PostgreSQL: the listening connection, once it is listening. */
  listening?: boolean;
  client?: pg.Client;
  closed?: boolean;
  misses: number;
}

const watches = new WeakMap<Store, Watch>();

function watchOf(store: Store): Watch {
  let w = watches.get(store);
  if (!w) {
    w = { local: { auth: 0, projects: 0 }, misses: 0 };
    watches.set(store, w);
    const url = store.dialect === 'postgres' ? listenUrls.get(store) : undefined;
    if (store.dialect === 'postgres' && url) void listen(store, w, url);
  }
  return w;
}

const listenUrls = new WeakMap<PostgresStore, string>();

/** Where a PostgreSQL store's listening connection connects (openStore); without it its caches never hit. */
export function setCacheListenUrl(store: PostgresStore, url: string): void {
  listenUrls.set(store, url);
}

/** The current generation of one kind of cached data; an entry read under another generation is stale. */
export function cacheGeneration(store: Store, data: CachedData): number {
  const w = watchOf(store);
  if (store.dialect === 'sqlite') {
    w.read ??= store.sqlite.prepare<[CachedData], number>(`SELECT generation FROM cache_generations WHERE name = ?`).pluck();
    // Two counters folded into one number: both only grow, so the pair changing changes the sum.
    return w.local[data] + (w.read.get(data) ?? 0);
  }
  // Not listening: a number never handed out before, so nothing cached is trusted and nothing stored is reused.
  if (!w.listening) return -++w.misses;
  return w.local[data];
}

/** This process wrote such data: its caches forget at once (other processes learn through the triggers). */
export function bumpCacheGeneration(store: Store, data: CachedData): void {
  watchOf(store).local[data]++;
}

async function listen(store: PostgresStore, w: Watch, url: string): Promise<void> {
  if (w.closed) return;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  w.client = client;
  const lost = () => {
    if (w.client !== client) return;
    w.listening = false;
    w.client = undefined;
    client.end().catch(() => undefined);
    if (!w.closed) setTimeout(() => void listen(store, w, url), 1000).unref();
  };
  client.on('error', lost);
  client.on('end', lost);
  client.on('notification', (n) => {
    if (n.payload === 'auth' || n.payload === 'projects') w.local[n.payload]++;
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${CACHE_CHANNEL}`);
    // Anything written before LISTEN took effect was never announced: start from new generations.
    w.local.auth++;
    w.local.projects++;
    w.listening = true;
  } catch {
    lost();
  }
}

/** Stop listening (the store is closing). */
export async function stopCacheWatch(store: Store): Promise<void> {
  const w = watches.get(store);
  if (!w) return;
  w.closed = true;
  w.listening = false;
  const client = w.client;
  w.client = undefined;
  await client?.end().catch(() => undefined);
}
