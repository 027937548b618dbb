/**
 * Bounded scrypt work. Each scrypt call holds a libuv pool thread (4 by default) for tens of
 * milliseconds; a burst of anonymous sign-ins would otherwise take them all, and with them every
 * other request waiting on the pool. At most `maxConcurrent` derivations run at once, at most
 * `maxQueued` wait; beyond that the caller gets BusyError (503 with retry-after) at once, before any
 * work is done. The gate is per process, as the pool is.
 */
import { BusyError } from '../../domain/errors.js';

export interface ScryptLimits {
  /** Derivations running at once (default 2: half of libuv's default pool). */
  maxConcurrent: number;
  /** Derivations waiting for a slot (default 32, about a second of work). */
  maxQueued: number;
  /** What a refused caller is told to wait, in seconds. */
  retryAfterSeconds: number;
}

export const DEFAULT_SCRYPT_LIMITS: ScryptLimits = { maxConcurrent: 2, maxQueued: 32, retryAfterSeconds: 2 };

let limits: ScryptLimits = { ...DEFAULT_SCRYPT_LIMITS };
let running = 0;
let peak = 0;
const waiting: (() => void)[] = [];

export function setScryptLimits(next: Partial<ScryptLimits>): void {
  limits = { ...limits, ...next };
}

/** How many derivations ran at once at most since the last reset (for tests and diagnostics). */
export function scryptPeak(reset = false): number {
  const p = peak;
  if (reset) peak = running;
  return p;
}

/** Runs `work` when a slot is free; throws BusyError at once when the queue is full. */
export async function withScryptSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= limits.maxConcurrent) {
    if (waiting.length >= limits.maxQueued) {
      throw new BusyError('the server is busy checking passwords; try again in a moment', limits.retryAfterSeconds);
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  peak = Math.max(peak, running);
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next waiter (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
