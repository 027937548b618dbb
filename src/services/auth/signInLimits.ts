/**
 * Sign-in limits kept in the database, so every server process behind a proxy counts against one
 * limit: a fixed window per key (`rate_limits`, store/repositories/rateLimits.ts).
 */
import { countHit, windowOf, type RateWindow } from '../../store/repositories/rateLimits.js';
import type { ServiceContext } from '../context.js';

/** Count one hit on `key` in a window of `windowMs`. */
export function countLimitHit(ctx: ServiceContext, key: string, windowMs: number): Promise<RateWindow> {
  return countHit(ctx.store.db, key, ctx.now(), windowMs);
}

/** The window `key` is in now, if one is running. */
export function liveLimitWindow(ctx: ServiceContext, key: string): Promise<RateWindow | undefined> {
  return windowOf(ctx.store.db, key, ctx.now());
}
