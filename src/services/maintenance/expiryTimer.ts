/**
 * A serving process's housekeeping: expire stale leases (on start, so leases held at a crash come
 * back, then every `intervalMs`), forget stored Idempotency-Key answers older than a day and sign-in
 * limit windows that ended. Every server process runs one: each step is safe to run concurrently.
 * Failures are reported and retried on the next tick: a database outage must not stop the timer.
 */
import { expireStaleLeases } from '../../store/repositories/leaseExpiry.js';
import { forgetAnswersBefore } from '../../store/repositories/idempotency.js';
import { forgetEndedWindows } from '../../store/repositories/rateLimits.js';
import { reportFollowUpError, type ServiceContext } from '../context.js';

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export interface ExpiryTimer {
  /** Expired leases and forgotten keys in one pass. */
  runOnce(): Promise<{ leases: number; keys: number }>;
  stop(): Promise<void>;
}

export function startExpiryTimer(ctx: ServiceContext, intervalMs = 15_000): ExpiryTimer {
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = async () => {
    const now = ctx.now();
    await forgetEndedWindows(ctx.store.db, now);
    return { leases: await expireStaleLeases(ctx.store, now), keys: await forgetAnswersBefore(ctx.store.db, now - IDEMPOTENCY_TTL_MS) };
  };
  const timer = setInterval(() => {
    running = runOnce().catch((error) => reportFollowUpError(ctx, error, 'expiring stale leases'));
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
