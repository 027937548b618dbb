/**
 * The routing store on SQLite: raw prepared statements run synchronously inside `BEGIN IMMEDIATE`
 * (better-sqlite3's `.immediate()`), holding Kysely's connection mutex so nothing interleaves; the
 * writes of one event-loop turn share that transaction and its commit (groupCommit.ts), each in its
 * own savepoint. The write lock is taken before anything is read, so two processes on one file
 * cannot both see a free slot: the counters are exact across processes.
 */
import type SQLite from 'better-sqlite3';
import type { SqliteStore } from '../database.js';
import { groupCommit } from '../groupCommit.js';
import { planCompletion, sweepDue, type LeaseState } from '../../routing/leases.js';
import { GOLD_PICK_ORDER_SQL, PICK_ORDER_SQL, UNCERTAIN_PICK_ORDER_SQL, goldOrderSalt } from '../../routing/pickOrder.js';
import { openRuleText, targetText } from './openRule.js';
import type { CompleteRequest, CompleteResult, LeaseRequest, LeasedTask } from './routingTypes.js';

type Stmt = SQLite.Statement;
interface Statements {
  staleLeases: Stmt;
  expireLease: Stmt;
  releaseSlot: Stmt;
  liveLease: Stmt;
  liveLeaseCount: Stmt;
  oldestLiveLease: Stmt;
  pickAny: Stmt;
  pickInDomains: Stmt;
  pickGoldAny: Stmt;
  pickGoldInDomains: Stmt;
  pickUncertain: Stmt;
  insertLease: Stmt;
  takeSlot: Stmt;
  assignmentForUpdate: Stmt;
  finishAssignment: Stmt;
  declineExpired: Stmt;
  insertAnnotation: Stmt;
  countSubmission: Stmt;
}

const cache = new WeakMap<SQLite.Database, Statements>();

function statements(raw: SQLite.Database): Statements {
  let s = cache.get(raw);
  if (s) return s;
  const notDone = `NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.user_id = ?)`;
  // The cascade: a regular task is served only at its level (the tutor's tier twice; NULL: no cascade).
  const atLevel = `(? IS NULL OR t.cascade_tier = ?)`;
  s = {
    staleLeases: raw.prepare(`SELECT id, task_id FROM assignments WHERE project_id = ? AND state = 'leased' AND expires_at <= ? LIMIT ?`),
    expireLease: raw.prepare(`UPDATE assignments SET state = 'expired', finished_at = ? WHERE id = ? AND state = 'leased'`),
    releaseSlot: raw.prepare(
      `UPDATE tasks SET active_leases = active_leases - 1, is_open = ${openRuleText('submitted_count', '(active_leases - 1)', targetText('?'))} WHERE id = ?`,
    ),
    liveLease: raw.prepare(
      `SELECT a.id AS assignmentId, a.expires_at AS expiresAt, t.id AS taskId, t.domain AS domain, t.payload AS payload, t.is_gold AS isGold
       FROM assignments a INDEXED BY assignments_user_project_state JOIN tasks t ON t.id = a.task_id
       WHERE a.user_id = ? AND a.project_id = ? AND a.state = 'leased' AND a.expires_at > ? LIMIT 1`,
    ),
    liveLeaseCount: raw.prepare(
      `SELECT count(*) AS n FROM assignments a INDEXED BY assignments_user_project_state
       WHERE a.user_id = ? AND a.project_id = ? AND a.state = 'leased' AND a.expires_at > ?`,
    ),
    oldestLiveLease: raw.prepare(
      `SELECT a.id AS assignmentId, a.expires_at AS expiresAt, t.id AS taskId, t.domain AS domain, t.payload AS payload, t.is_gold AS isGold
       FROM assignments a INDEXED BY assignments_user_project_state JOIN tasks t ON t.id = a.task_id
       WHERE a.user_id = ? AND a.project_id = ? AND a.state = 'leased' AND a.expires_at > ? ORDER BY a.id LIMIT 1`,
    ),
    pickAny: raw.prepare(
      `SELECT t.id AS taskId, t.domain AS domain, t.payload AS payload, t.is_gold AS isGold FROM tasks t INDEXED BY tasks_open_pick
       WHERE t.project_id = ? AND t.is_gold = ? AND t.is_open = 1 AND ${atLevel} AND ${notDone}
       ORDER BY ${PICK_ORDER_SQL} LIMIT 1`,
    ),
    pickInDomains: raw.prepare(
      `SELECT t.id AS taskId, t.domain AS domain, t.payload AS payload, t.is_gold AS isGold FROM tasks t INDEXED BY tasks_open_pick
       WHERE t.project_id = ? AND t.is_gold = ? AND t.is_open = 1 AND t.domain IN (SELECT value FROM json_each(?)) AND ${atLevel} AND ${notDone}
       ORDER BY ${PICK_ORDER_SQL} LIMIT 1`,
    ),
    pickGoldAny: raw.prepare(
      `SELECT t.id AS taskId, t.domain AS domain, t.payload AS payload, t.is_gold AS isGold FROM tasks t
       WHERE t.project_id = ? AND t.is_gold = 1 AND t.is_open = 1 AND ${notDone}
       ORDER BY ${GOLD_PICK_ORDER_SQL('?')} LIMIT 1`,
    ),
    pickGoldInDomains: raw.prepare(
      `SELECT t.id AS taskId, t.domain AS domain, t.payload AS payload, t.is_gold AS isGold FROM tasks t
       WHERE t.project_id = ? AND t.is_gold = 1 AND t.is_open = 1 AND t.domain IN (SELECT value FROM json_each(?)) AND ${notDone}
       ORDER BY ${GOLD_PICK_ORDER_SQL('?')} LIMIT 1`,
    ),
    // Trusted tutors' first pool: the partial index's WHERE terms are spelled out literally so it applies.
    pickUncertain: raw.prepare(
      `SELECT t.id AS taskId, t.domain AS domain, t.payload AS payload, t.is_gold AS isGold FROM tasks t INDEXED BY tasks_open_uncertain
       WHERE t.project_id = ? AND t.is_open = 1 AND t.uncertain = 1 AND t.is_gold = 0 AND t.domain IN (SELECT value FROM json_each(?)) AND ${atLevel} AND ${notDone}
       ORDER BY ${UNCERTAIN_PICK_ORDER_SQL} LIMIT 1`,
    ),
    insertLease: raw.prepare(
      `INSERT INTO assignments (task_id, project_id, user_id, state, leased_at, expires_at) VALUES (?, ?, ?, 'leased', ?, ?)`,
    ),
    takeSlot: raw.prepare(
      `UPDATE tasks SET active_leases = active_leases + 1, is_open = ${openRuleText('submitted_count', '(active_leases + 1)', targetText('?'))} WHERE id = ?`,
    ),
    assignmentForUpdate: raw.prepare(
      `SELECT a.user_id AS userId, a.task_id AS taskId, a.project_id AS projectId, a.state AS state, a.expires_at AS expiresAt, p.overlap AS overlap
       FROM assignments a JOIN projects p ON p.id = a.project_id WHERE a.id = ?`,
    ),
    finishAssignment: raw.prepare(`UPDATE assignments SET state = ?, finished_at = ? WHERE id = ? AND state = 'leased'`),
    // A skip after the lease expired: already released, only record that the tutor declined it.
    declineExpired: raw.prepare(`UPDATE assignments SET state = 'skipped' WHERE id = ? AND state = 'expired'`),
    insertAnnotation: raw.prepare(
      `INSERT INTO annotations (assignment_id, task_id, project_id, user_id, response, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    countSubmission: raw.prepare(
      `UPDATE tasks SET submitted_count = submitted_count + 1, active_leases = active_leases - 1,
       is_open = ${openRuleText('(submitted_count + 1)', '(active_leases - 1)', targetText('?'))} WHERE id = ?`,
    ),
  };
  cache.set(raw, s);
  return s;
}

function sweep(s: Statements, projectId: number, now: number, overlap: number, batch: number): void {
  const stale = s.staleLeases.all(projectId, now, batch) as { id: number; task_id: number }[];
  for (const lease of stale) {
    if (s.expireLease.run(now, lease.id).changes === 1) s.releaseSlot.run(overlap, lease.task_id);
  }
}

export function leaseNextSqlite(store: SqliteStore, req: LeaseRequest): Promise<LeasedTask | null> {
  return groupCommit(store, (raw) => leaseIn(statements(raw), req));
}

export function completeLeaseSqlite(store: SqliteStore, req: CompleteRequest): Promise<CompleteResult> {
  return groupCommit(store, (raw) => completeIn(statements(raw), req));
}

/** Submit, then (only when it succeeded) lease the next task, in one transaction. */
export function completeThenLeaseSqlite(
  store: SqliteStore,
  complete: CompleteRequest,
  lease: LeaseRequest,
): Promise<{ completed: CompleteResult; leased: LeasedTask | null }> {
  return groupCommit(store, (raw) => {
    const s = statements(raw);
    const completed = completeIn(s, complete);
    return { completed, leased: completed.status === 'ok' ? leaseIn(s, lease) : null };
  });
}

/** When each project was last swept on this database handle (request clock). */
const lastSweeps = new WeakMap<Statements, Map<number, number>>();

function leaseIn(s: Statements, req: LeaseRequest): LeasedTask | null {
  let swept = lastSweeps.get(s);
  if (!swept) lastSweeps.set(s, (swept = new Map()));
  const sweepNow = () => {
    sweep(s, req.projectId, req.now, req.overlap, req.sweepBatch);
    swept.set(req.projectId, req.now);
  };
  if (sweepDue(swept.get(req.projectId), req.now)) sweepNow();
  else {
    // Skipped the sweep: if nothing turns up, sweep and try once more before answering "nothing left".
    const leased = pickIn(s, req);
    if (leased) return leased;
    sweepNow();
  }
  return pickIn(s, req);
}

/** The lease `next` hands back when the user holds all the live leases they may (people: one). */
function heldLease(s: Statements, req: LeaseRequest): LeasedTask | null {
  const max = req.maxLiveLeases ?? 1;
  if (max > 1 && (s.liveLeaseCount.get(req.userId, req.projectId, req.now) as { n: number }).n < max) return null;
  const live = (max > 1 ? s.oldestLiveLease : s.liveLease).get(req.userId, req.projectId, req.now) as
    | Omit<LeasedTask, 'reused'>
    | undefined;
  return live ? { ...live, reused: true } : null;
}

function pickIn(s: Statements, req: LeaseRequest): LeasedTask | null {
  const held = heldLease(s, req);
  if (held) return held;
  const domains = req.domains === null ? null : JSON.stringify(req.domains);
  const uncertainDomains = req.uncertainDomains && req.uncertainDomains.length > 0 ? JSON.stringify(req.uncertainDomains) : null;
  for (const pool of req.pools) {
    const salt = goldOrderSalt(req.userId);
    const tier = req.cascadeTier ?? null;
    const row = ((pool === 0 && uncertainDomains !== null
      ? s.pickUncertain.get(req.projectId, uncertainDomains, tier, tier, req.userId)
      : undefined) ??
      (pool === 1
        ? domains === null
          ? s.pickGoldAny.get(req.projectId, req.userId, salt)
          : s.pickGoldInDomains.get(req.projectId, domains, req.userId, salt)
        : domains === null
          ? s.pickAny.get(req.projectId, pool, tier, tier, req.userId)
          : s.pickInDomains.get(req.projectId, pool, domains, tier, tier, req.userId))) as
      | { taskId: number; domain: string; payload: string; isGold: number }
      | undefined;
    if (!row) continue;
    const info = s.insertLease.run(row.taskId, req.projectId, req.userId, req.now, req.expiresAt);
    s.takeSlot.run(req.overlap, row.taskId);
    return { assignmentId: Number(info.lastInsertRowid), expiresAt: req.expiresAt, ...row, reused: false };
  }
  return null;
}

/** Submit or skip: `planCompletion` decides, these statements carry it out. */
function completeIn(s: Statements, req: CompleteRequest): CompleteResult {
  const a = s.assignmentForUpdate.get(req.assignmentId) as
    | { userId: number; taskId: number; projectId: number; state: LeaseState; expiresAt: number; overlap: number }
    | undefined;
  const step = planCompletion(a, req);
  switch (step.kind) {
    case 'refuse':
      return { status: step.status };
    case 'skip':
      if (step.releaseSlot) {
        s.finishAssignment.run('skipped', req.now, req.assignmentId);
        s.releaseSlot.run(step.held.overlap, step.held.taskId);
      } else if (step.markSkipped) s.declineExpired.run(req.assignmentId);
      return { status: 'ok', annotationId: null };
    case 'expire':
      if (s.expireLease.run(req.now, req.assignmentId).changes === 1) s.releaseSlot.run(step.held.overlap, step.held.taskId);
      return { status: 'expired' };
    case 'submit': {
      const ann = req.annotation!;
      s.finishAssignment.run('submitted', req.now, req.assignmentId);
      const info = s.insertAnnotation.run(
        req.assignmentId,
        step.held.taskId,
        step.held.projectId,
        req.userId,
        ann.response,
        ann.durationMs,
        req.now,
      );
      s.countSubmission.run(step.held.overlap, step.held.taskId);
      return { status: 'ok', annotationId: Number(info.lastInsertRowid) };
    }
  }
}
