/**
 * Failed sign-ins per client address, beside the per-address-and-email limit on the route: that one
 * slows guessing one account, this one stops an address from trying many accounts (one IP tried 30
 * without a 429). Only failures count, so an office behind one NAT, or a script signing in many
 * tutors, is never locked out by its own successful sign-ins. A fixed window per address, in
 * memory, bounded in size (the oldest addresses are forgotten first).
 */
export interface FailedSignInLimit {
  /** Failed sign-ins allowed per address within the window (default 20). */
  max: number;
  /** Window length in ms (default 10 minutes). */
  windowMs: number;
}

export const DEFAULT_FAILED_SIGN_IN_LIMIT: FailedSignInLimit = { max: 20, windowMs: 10 * 60_000 };
const REMEMBERED_ADDRESSES = 50_000;

export class FailedSignIns {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: FailedSignInLimit = DEFAULT_FAILED_SIGN_IN_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until this address may try again, or 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const w = this.windows.get(address);
    if (!w || w.resetAt <= this.now() || w.count < this.limit.max) return 0;
    return Math.max(1, Math.ceil((w.resetAt - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const at = this.now();
    const w = this.windows.get(address);
    if (w && w.resetAt > at) {
      w.count++;
      return;
    }
    this.windows.delete(address);
    this.windows.set(address, { count: 1, resetAt: at + this.limit.windowMs });
    if (this.windows.size > REMEMBERED_ADDRESSES) this.windows.delete(this.windows.keys().next().value!);
  }
}
