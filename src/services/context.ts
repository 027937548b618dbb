/**
 * What every use case receives: the store, a clock (injectable so lease expiry can be tested
 * without sleeping), and, for actions by a person, who is acting.
 */
import type { Role, Tier } from '../domain/users.js';
import type { Store } from '../store/database.js';
import type { GoldReleaseRule } from './gold/goldRelease.js';
import type { ExportFormat, ExportOptions } from '../domain/api/export.js';
import type { IdSlice } from './export/pages.js';

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
  /** Worker threads that form a large export's slices in parallel (`serve`); unset: inline (services/offload/exportWorkers.ts). */
  exportWorkers?: ExportWorkerPool;
  /** How long a server holds a judge run or generation job without renewing (services/maintenance/heldWork.ts). */
  workHoldMs?: number;
}

/** Runs a named heavy read (services/offload/heavyReadList.ts) off the event loop; the answer is plain JSON. */
export interface HeavyReadPool {
  run(name: string, projectId: number | null, args?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** One export formed in worker threads, a slice of ids each (services/export/parallelLines.ts). */
export interface ExportWorkerPool {
  /** Items (tasks, or annotations for the annotations export) per slice. */
  readonly sliceItems: number;
  /** Exports with fewer items are formed inline: a worker costs more than it saves. */
  readonly minItems: number;
  /** The slices' lines and tallies in slice order; null when no worker is free (the caller forms it inline). */
  slices(job: ExportJob, slices: readonly IdSlice[]): AsyncGenerator<SlicePiece> | null;
  close(): Promise<void>;
}

export interface ExportJob {
  projectId: number;
  format: ExportFormat;
  options: ExportOptions;
}

/** A run of a slice's encoded lines, or, at the slice's end, what it counted (the export's LeftOut). */
export type SlicePiece = { bytes: Uint8Array } | { tally: SliceTally };
export interface SliceTally {
  rows: number;
  split: number;
  tie: number;
  splitTaskIds: number[];
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
