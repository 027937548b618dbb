/**
 * Failed sign-ins per client address, beside the per-address-and-email limit on the route: that one
 * slows guessing one account, this one stops an address from trying many accounts (one IP tried 30
 * without a 429). Only failures count, so an office behind one NAT, or a script signing in many
 * tutors, is never locked out by its own successful sign-ins. A fixed window per address, counted in
 * the database (services/auth/signInLimits.ts), so several server processes share one count.
 */
import type { ServiceContext } from '../../services/context.js';
import { countLimitHit, liveLimitWindow } from '../../services/auth/signInLimits.js';

export interface FailedSignInLimit {
  /** Failed sign-ins allowed per address within the window (default 20). */
  max: number;
  /** Window length in ms (default 10 minutes). */
  windowMs: number;
}

export const DEFAULT_FAILED_SIGN_IN_LIMIT: FailedSignInLimit = { max: 20, windowMs: 10 * 60_000 };

export class FailedSignIns {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly limit: FailedSignInLimit = DEFAULT_FAILED_SIGN_IN_LIMIT,
  ) {}

  /** Seconds until this address may try again, or 0 when it may now. */
  async retryAfterSeconds(address: string): Promise<number> {
    const w = await liveLimitWindow(this.ctx, keyOf(address));
    if (!w || w.count < this.limit.max) return 0;
    return Math.max(1, Math.ceil((w.resetAt - this.ctx.now()) / 1000));
  }

  async recordFailure(address: string): Promise<void> {
    await countLimitHit(this.ctx, keyOf(address), this.limit.windowMs);
  }
}

const keyOf = (address: string) => `failed-sign-in|${address}`;
