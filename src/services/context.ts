/**
 * What every use case receives: the store, a clock (injectable so lease expiry can be tested
 * without sleeping), and, for actions by a person, who is acting.
 */
import type { Role, Tier } from '../domain/users.js';
import type { Store } from '../store/database.js';
import type { GoldReleaseRule } from './gold/goldRelease.js';

export interface ServiceContext {
  store: Store;
  /** Milliseconds since the epoch; `Date.now` in production. */
  now: () => number;
  /**
   * Where failures of follow-up work go (consensus and live gold after a stored submission): they
   * must not turn a stored answer into an error, so they are reported here instead. The server
   * points it at its logger; the default writes to stderr.
   */
  reportError?: (error: unknown, context: string) => void;
  /** When tutors see their own gold results (services/gold/goldRelease.ts); DEFAULT_GOLD_RELEASE when unset. */
  goldRelease?: GoldReleaseRule;
  /** Where heavy manager reads run (a worker thread, `serve`); unset: inline (services/offload/heavyReads.ts). */
  heavyReads?: HeavyReadPool;
  /** How long a server holds a judge run or generation job without renewing (services/maintenance/heldWork.ts). */
  workHoldMs?: number;
}

/** Runs a named heavy read (services/offload/heavyReadList.ts) off the event loop; the answer is plain JSON. */
export interface HeavyReadPool {
  run(name: string, projectId: number | null, args?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** The signed-in user performing an action, as the server resolved them. */
export interface Actor {
  id: number;
  role: Role;
  tier: Tier;
  domains: string[];
}

/** Sends a follow-up failure to `ctx.reportError`, or to stderr when none is set (the documented default). */
export function reportFollowUpError(ctx: ServiceContext, error: unknown, context: string): void {
  if (ctx.reportError) ctx.reportError(error, context);
  else console.error(`${context} failed`, error);
}

export function serviceContext(store: Store, now: () => number = Date.now): ServiceContext {
  return { store, now };
}
