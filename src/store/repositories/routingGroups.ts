/**
 * Group commit for PostgreSQL's routing: the lease, submit, skip and submit-and-next calls asked for in
 * one turn of the event loop go to the database as one call of `tl_route_group` (migration 045), one
 * round trip and one transaction, and each caller's promise settles after its commit. Under load a
 * call alone cost a round trip, a transaction and one of a hundred backends woken on two cores.
 *
 * At most `TUTORLOOP_PG_ROUTING_GROUPS` groups (default 2) are in the database at once (the
 * function's lock order keeps them from deadlocking each other); calls that arrive meanwhile wait and
 * form the next group, so groups grow with the load and a lone call goes at once. A group that fails on an error of one of its calls is
 * run again call by call, so only that call's caller gets the error; a deadlock or serialization
 * failure (another process's transaction) retries the group, which was rolled back whole.
 */
import { UserInputError } from '../../domain/errors.js';
import type { PostgresStore } from '../database.js';
import { retryPostgresConflicts } from '../transaction.js';
import type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

/** The most calls in one group: bounds the wait of a group's first call behind its last. */
const MAX_GROUP = 64;

/**
 * Groups in the database at once, per process (`TUTORLOOP_PG_ROUTING_GROUPS`, default 2): two keep a
 * group forming while one runs. `serve` reads it at start, so a bad value stops it there.
 */
export function routingGroupsInFlight(text = process.env.TUTORLOOP_PG_ROUTING_GROUPS): number {
  const n = text ? Number(text) : 2;
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UserInputError(`TUTORLOOP_PG_ROUTING_GROUPS must be a whole number from 1 to 64, not "${text}"`);
  return n;
}
let inFlight: number | undefined;

export interface GroupCall {
  complete?: CompleteRequest;
  lease?: { request: LeaseRequest; sweep: boolean };
}

export interface GroupResult {
  completed?: CompleteResult;
  leased?: LeasedTask | null;
}

interface Pending {
  call: GroupCall;
  resolve: (result: GroupResult) => void;
  reject: (error: unknown) => void;
}

interface Queue {
  pending: Pending[];
  running: number;
  scheduled: boolean;
}

interface GroupRow {
  r_op: number;
  r_part: 'c' | 'l';
  r_status: string | null;
  r_annotation: number | null;
  r_assignment: number | null;
  r_expires: string | number | null;
  r_task: number | null;
  r_domain: string | null;
  r_payload: string | null;
  r_gold: number | null;
  r_reused: boolean | null;
}

const queues = new WeakMap<PostgresStore, Queue>();

/** Run one routing call in the next group on this store. */
export function routeInGroup(store: PostgresStore, call: GroupCall): Promise<GroupResult> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(store);
    if (!queue) queues.set(store, (queue = { pending: [], running: 0, scheduled: false }));
    queue.pending.push({ call, resolve, reject });
    schedule(store, queue);
  });
}

function schedule(store: PostgresStore, queue: Queue): void {
  const limit = (inFlight ??= routingGroupsInFlight());
  if (queue.scheduled || queue.running >= limit || queue.pending.length === 0) return;
  queue.scheduled = true;
  // After this turn's I/O callbacks and their microtasks: every request read in this turn joins.
  setImmediate(() => {
    queue.scheduled = false;
    while (queue.running < limit && queue.pending.length > 0) void runGroup(store, queue, queue.pending.splice(0, MAX_GROUP));
  });
}

async function runGroup(store: PostgresStore, queue: Queue, group: Pending[]): Promise<void> {
  queue.running++;
  try {
    const results = await callGroup(
      store,
      group.map((p) => p.call),
    );
    group.forEach((p, i) => p.resolve(results[i]));
  } catch (error) {
    if (group.length > 1 && isStatementError(error)) {
      // One call's error undid the group: run each alone, in turn (still one group in flight), so that only its caller gets it.
      for (const p of group) await callGroup(store, [p.call]).then((r) => p.resolve(r[0]), p.reject);
    } else {
      for (const p of group) p.reject(error);
    }
  } finally {
    queue.running--;
    schedule(store, queue);
  }
}

/** An error the database raised running the statement (not a lost connection or a shutdown). */
function isStatementError(error: unknown): boolean {
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && typeof severity === 'string' && !/^(08|57|53)/.test(code);
}

async function callGroup(store: PostgresStore, calls: GroupCall[]): Promise<GroupResult[]> {
  const ops = JSON.stringify(calls.map(encode));
  const { rows } = await retryPostgresConflicts(() =>
    store.pgPool.query<GroupRow>({ name: 'tl_route_group', text: 'SELECT * FROM tl_route_group($1)', values: [ops] }),
  );
  return decode(calls.length, rows);
}

/** One call as `tl_route_group` reads it (short keys: a group of 64 is parsed once per call). */
function encode(call: GroupCall, i: number): Record<string, unknown> {
  const op: Record<string, unknown> = { i };
  const c = call.complete;
  if (c) {
    const submit = c.action === 'submit' ? c.annotation : null;
    Object.assign(op, { ca: c.assignmentId, cu: c.userId, cn: c.now, cr: submit?.response ?? null, cd: submit?.durationMs ?? null });
  }
  const l = call.lease;
  if (l) {
    const r = l.request;
    Object.assign(op, {
      lp: r.projectId,
      lu: r.userId,
      ln: r.now,
      le: r.expiresAt,
      lo: r.overlap,
      ldomains: r.domains,
      lpools: r.pools,
      luncertain: r.uncertainDomains ?? [],
      lsb: r.sweepBatch,
      lsw: l.sweep,
      ltier: r.cascadeTier ?? null,
      lmax: r.maxLiveLeases ?? 1,
    });
  }
  return op;
}

function decode(count: number, rows: GroupRow[]): GroupResult[] {
  const results: GroupResult[] = Array.from({ length: count }, () => ({}));
  for (const row of rows) {
    const result = results[row.r_op];
    if (row.r_part === 'c') result.completed = completion(row.r_status!, row.r_annotation);
    else result.leased = leased(row);
  }
  return results;
}

function completion(status: string, annotationId: number | null): CompleteResult {
  return status === 'ok' ? { status: 'ok', annotationId } : { status: status as Exclude<CompleteResult['status'], 'ok'> };
}

function leased(row: GroupRow): LeasedTask | null {
  if (row.r_assignment === null) return null;
  return {
    assignmentId: row.r_assignment,
    expiresAt: Number(row.r_expires),
    taskId: row.r_task!,
    domain: row.r_domain!,
    payload: row.r_payload!,
    isGold: row.r_gold!,
    reused: row.r_reused!,
  };
}
