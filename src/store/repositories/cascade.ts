/**
 * The cascade's rows (issue 13 §4): which tier each regular task of a cascade project is at
 * (`tasks.cascade_tier`) and how many judgments it needs there (`target_judgments`, the same per-task
 * target adaptive overlap uses, so routing's open rule is unchanged). The rule itself is routing/cascade.ts.
 */
import { sql } from 'kysely';
import type { Tier } from '../../domain/users.js';
import type { Db } from '../transaction.js';
import { openRule } from './openRule.js';

export interface Placement {
  domain: string;
  tier: Tier;
  /** Judgments the task needs at that tier. */
  target: number;
}

/**
 * Put every regular task of the project not yet in the cascade at its domain's start tier. Idempotent
 * (only tasks without a tier move), so it runs after each import and when a cascade is switched on.
 */
export async function placeInCascade(db: Db, projectId: number, placements: readonly Placement[]): Promise<void> {
  for (const p of placements) {
    await sql`UPDATE tasks SET cascade_tier = ${p.tier}, target_judgments = ${sql.lit(p.target)},
              is_open = ${openRule('submitted_count', 'active_leases', { target: sql.lit(p.target) })}
              WHERE project_id = ${projectId} AND domain = ${p.domain} AND is_gold = 0 AND cascade_tier IS NULL`.execute(db);
  }
}

/** A cascade switched off: every task back to the project's overlap (the caller re-derives open flags). */
export async function leaveCascade(db: Db, projectId: number): Promise<void> {
  await sql`UPDATE tasks SET cascade_tier = NULL, target_judgments = NULL WHERE project_id = ${projectId} AND cascade_tier IS NOT NULL`.execute(
    db,
  );
}

/**
 * Move a task from tier `from` up to `to`, needing `target` judgments in all (its open flag re-derived).
 * A task no longer at `from` (moved meanwhile by the other path) is left alone.
 */
export async function moveUp(db: Db, taskId: number, from: Tier, to: Tier, target: number): Promise<void> {
  await sql`UPDATE tasks SET cascade_tier = ${to}, target_judgments = ${sql.lit(target)},
            is_open = ${openRule('submitted_count', 'active_leases', { target: sql.lit(target) })}
            WHERE id = ${taskId} AND cascade_tier = ${from}`.execute(db);
}

export interface CascadeTask {
  id: number;
  domain: string;
  tier: Tier;
  submitted: number;
}

/** Tasks that have all their judgments at their level (candidates to move up), in id order after `after`. */
export async function tasksDoneAtLevel(db: Db, projectId: number, after: number, limit: number): Promise<CascadeTask[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'domain', 'cascade_tier as tier', 'submitted_count as submitted'])
    .where('project_id', '=', projectId)
    .where('is_gold', '=', 0)
    .where('cascade_tier', 'is not', null)
    .where((eb) => eb('submitted_count', '>=', eb.ref('target_judgments')))
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, domain: r.domain, tier: r.tier as Tier, submitted: Number(r.submitted) }));
}

/** Each user's tier. */
export async function tiersOfUsers(db: Db, ids: readonly number[]): Promise<Map<number, Tier>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'tier'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.tier as Tier]));
}

export interface PayGroup {
  payModel: 'per_task' | 'hourly';
  payRate: number;
  judgments: number;
  /** Judgment time, each judgment capped at `idleCapMs`. */
  billableMs: number;
}

/**
 * A project's judgments by people per tutor with their pay terms (for what it has spent:
 * services/cascade); an AI judge's judgments are priced by their model calls (`judgeSpendUsd`).
 */
export async function judgmentsByPayTerms(db: Db, projectId: number, idleCapMs: number): Promise<PayGroup[]> {
  const rows = await db
    .selectFrom('annotations as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select([
      'u.pay_model as payModel',
      'u.pay_rate as payRate',
      sql<number>`count(*)`.as('judgments'),
      sql<number>`sum(CASE WHEN n.duration_ms < ${idleCapMs} THEN n.duration_ms ELSE ${idleCapMs} END)`.as('billableMs'),
    ])
    .where('n.project_id', '=', projectId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('judge_verdicts as v').select('v.id').whereRef('v.annotation_id', '=', 'n.id'))))
    .groupBy(['n.user_id', 'u.pay_model', 'u.pay_rate'])
    .execute();
  return rows.map((r) => ({
    payModel: r.payModel as PayGroup['payModel'],
    payRate: Number(r.payRate),
    judgments: Number(r.judgments),
    billableMs: Number(r.billableMs),
  }));
}

/** What AI judges' model calls on the project have cost, dollars (every verdict: failed and sent-to-humans ones too). */
export async function judgeSpendUsd(db: Db, projectId: number): Promise<number> {
  const row = await db
    .selectFrom('judge_verdicts')
    .select((eb) => eb.fn.sum<number>('cost_usd').as('usd'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.usd ?? 0);
}
