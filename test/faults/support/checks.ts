/**
 * What must hold after any fault, read back from the database: every acknowledged submission is
 * stored exactly once, no task over its overlap, no tutor twice on a task, the routing counters
 * equal the rows they count. And the figures the suite records.
 */
import { tutorTaskId } from '../../../src/services/work/tutorTaskId.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { openStore } from '../../../src/store/database.js';
import { rollupDrift, rollupsFromScratch, storedRollups } from '../../../src/store/repositories/judgmentRollups.js';
import { ROOT } from './server.js';
import type { Scenario } from './setup.js';
import type { Ack } from './tutors.js';

export interface Soundness {
  acknowledged: number;
  /** Acknowledged annotations not found as acknowledged (wrong task/user, or missing). */
  lost: number;
  /** Annotations beyond one per (task, tutor) or per assignment. */
  duplicated: number;
  overfullTasks: number;
  counterDrift: number;
  /** Judgment rollup rows (migration 010) that differ from a recomputation over the annotations. */
  rollupDrift: number;
  storedAnnotations: number;
  leasedNow: number;
}

export async function soundness(url: string, projectId: number, overlap: number, acks: Ack[]): Promise<Soundness> {
  const store = await openStore(url, { migrate: false });
  try {
    const db = store.db;
    const stored = await db
      .selectFrom('annotations')
      .select(['id', 'task_id', 'user_id', 'assignment_id'])
      .where('project_id', '=', projectId)
      .execute();
    const byId = new Map(stored.map((r) => [r.id, r]));
    const distinctAcks = new Map(acks.map((a) => [a.annotationId, a]));
    const lost = [...distinctAcks.values()].filter((a) => {
      const r = byId.get(a.annotationId);
      return !r || tutorTaskId(r.task_id) !== a.taskId || r.user_id !== a.userId || r.assignment_id !== a.assignmentId;
    }).length;
    const pairs = new Set(stored.map((r) => `${r.task_id}:${r.user_id}`));
    const assignments = new Set(stored.map((r) => r.assignment_id));
    const duplicated = Math.max(stored.length - pairs.size, stored.length - assignments.size);
    const overfull = await sql<{ id: number }>`
      SELECT t.id FROM tasks t JOIN annotations n ON n.task_id = t.id
      WHERE t.project_id = ${projectId} AND t.is_gold = 0 GROUP BY t.id HAVING COUNT(n.id) > ${overlap}`.execute(db);
    const drift = await sql<{ id: number }>`
      SELECT t.id FROM tasks t WHERE t.project_id = ${projectId} AND (
        t.submitted_count <> (SELECT COUNT(*) FROM annotations n WHERE n.task_id = t.id) OR
        t.active_leases <> (SELECT COUNT(*) FROM assignments a WHERE a.task_id = t.id AND a.state = 'leased'))`.execute(db);
    const leased = await db
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'leased')
      .executeTakeFirstOrThrow();
    const [kept, scratch] = [await storedRollups(db), await rollupsFromScratch(db)];
    return {
      acknowledged: distinctAcks.size,
      lost,
      duplicated,
      overfullTasks: overfull.rows.length,
      counterDrift: drift.rows.length,
      rollupDrift: rollupDrift(kept, scratch),
      storedAnnotations: stored.length,
      leasedNow: Number(leased.n),
    };
  } finally {
    await store.close();
  }
}

/** Ids of the leases held right now. */
export async function heldLeases(url: string): Promise<number[]> {
  const store = await openStore(url, { migrate: false });
  try {
    return (await store.db.selectFrom('assignments').select('id').where('state', '=', 'leased').execute()).map((r) => r.id);
  } finally {
    await store.close();
  }
}

/**
 * Move the expiry of these leases to `expiresAt`, as if they had been taken `leaseSeconds` earlier:
 * the test then waits seconds, not the 30 s minimum lease, for the server to expire them itself.
 */
export async function ageLeases(url: string, ids: number[], expiresAt: number): Promise<void> {
  const store = await openStore(url, { migrate: false });
  try {
    if (ids.length > 0)
      await store.db
        .updateTable('assignments')
        .set({ expires_at: expiresAt })
        .where('id', 'in', ids)
        .where('state', '=', 'leased')
        .execute();
  } finally {
    await store.close();
  }
}

/**
 * Record a scenario's figures in bench/results/faults.json when TUTORLOOP_RECORD_FAULTS is set
 * (`npm run bench:faults`); a plain test run leaves the committed file alone.
 */
export function recordFigures(scenario: string, database: string, figures: Record<string, unknown>): void {
  if (!process.env.TUTORLOOP_RECORD_FAULTS) return;
  const dir = join(ROOT, 'bench/results');
  const file = join(dir, 'faults.json');
  mkdirSync(dir, { recursive: true });
  let all: { generatedAt?: string; machine?: string; scenarios: Record<string, Record<string, unknown>> } = { scenarios: {} };
  try {
    all = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    /* first run */
  }
  all.generatedAt = new Date().toISOString();
  // The machine's load says how to read the timings: the suite shares 2 cores with whatever else runs.
  all.scenarios[scenario] = {
    ...(all.scenarios[scenario] ?? {}),
    [database]: { ...figures, loadAverage1m: Number(loadavg()[0].toFixed(1)) },
  };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

/** Sends the last `count` acknowledged submits again, with no Idempotency-Key: each must answer 200 with its original annotation. */
export async function expectRetriedSubmitsReplay(serverUrl: string, scenario: Scenario, acks: Ack[], count = 5): Promise<void> {
  for (const ack of acks.slice(-count)) {
    const tutor = scenario.tutors.find((t) => t.id === ack.userId)!;
    const res = await fetch(`${serverUrl}/api/assignments/${ack.assignmentId}/submit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tutor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(ack.body),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { annotationId: number }).annotationId).toBe(ack.annotationId);
  }
}
