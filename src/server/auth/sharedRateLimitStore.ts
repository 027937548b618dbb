/**
 * A store for @fastify/rate-limit that counts in the database (services/auth/signInLimits.ts)
 * instead of this process's memory, so a limit holds across every server process on the database.
 * Keys are prefixed with the route, as the plugin's own per-route stores keep them apart.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { ServiceContext } from '../../services/context.js';
import { countLimitHit } from '../../services/auth/signInLimits.js';

export function sharedRateLimitStore(ctx: ServiceContext): FastifyRateLimitStoreCtor {
  class SharedStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = '') {}

    // The plugin calls incr(key, callback, timeWindow, max); its typings leave out the last two.
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow?: number): void {
      const windowMs = timeWindow ?? 60_000;
      countLimitHit(ctx, `${this.prefix}${key}`, windowMs).then(
        (w) => callback(null, { current: w.count, ttl: Math.max(0, w.resetAt - ctx.now()) }),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: { method: string | string[]; path: string }): FastifyRateLimitStore {
      return new SharedStore(`rate|${String(routeOptions.method)} ${routeOptions.path}|`);
    }
  }
  return SharedStore as unknown as FastifyRateLimitStoreCtor;
}
