/** What the economics of a project are computed from: one row per current annotation, paged by id, with its task's stored consensus. */
import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { Db } from '../transaction.js';
import { countAtLeast } from '../consensusBands.js';
import { reviewedConsensus } from './consensus.js';
import { firstRowOfItsDecision } from './reviewDecisions.js';

export interface EconomicsRow {
  id: number;
  taskId: number;
  domain: string;
  isGold: number;
  /** The task's gold answer (JSON) or null. */
  gold: string | null;
  userId: number;
  userName: string;
  tier: 'generalist' | 'specialist' | 'model';
  payModel: 'per_task' | 'hourly';
  payRate: number;
  response: string;
  durationMs: number;
  createdAt: number;
  /** The task's stored consensus (JSON in the response shape), its confidence and source; null when none. */
  consensusLabel: string | null;
  consensusConfidence: number | null;
  consensusSource: 'model' | 'review' | null;
  /** An AI judge's judgment: what its model calls cost, dollars (the verdict's recorded total); else null. */
  modelCostUsd: number | null;
}

/**
 * Current annotations (a row superseded by a correction is left out) of a project after `afterId`,
 * in id order, joined with the task and the tutor's pay terms. Page with the last row's id.
 * The tutors' names and pay terms come from one query per page for the page's few tutors, not a
 * `users` join per row (that join cost as much as the rest of the page).
 */
export async function economicsPage(db: Db, projectId: number, afterId: number, limit: number): Promise<EconomicsRow[]> {
  const rows = await db
    .selectFrom('annotations as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .leftJoin('task_consensus as c', 'c.task_id', 'n.task_id')
    .leftJoin('judge_verdicts as v', 'v.annotation_id', 'n.id')
    .select(ECONOMICS_JUDGMENT_COLUMNS)
    .where('n.project_id', '=', projectId)
    .where('n.id', '>', afterId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as c').select('c.id').whereRef('c.supersedes_id', '=', 'n.id'))))
    .orderBy('n.id')
    .limit(limit)
    .execute();
  return withTutorTerms(db, rows);
}

/** An economics row's own columns, read from annotations `n`, tasks `t`, task_consensus `c` and judge_verdicts `v`. */
export const ECONOMICS_JUDGMENT_COLUMNS = [
  'n.id',
  'n.task_id as taskId',
  't.domain',
  't.is_gold as isGold',
  't.gold',
  'n.user_id as userId',
  'n.response',
  'n.duration_ms as durationMs',
  'n.created_at as createdAt',
  'c.label as consensusLabel',
  'c.confidence as consensusConfidence',
  'c.source as consensusSource',
  'v.cost_usd as modelCostUsd',
] as const;

/**
 * The rows with their tutors' names and current pay terms, from one query for their few tutors rather than a
 * `users` join per row (that join cost as much as the rest of a page).
 */
export async function withTutorTerms(db: Db, rows: { userId: number }[]): Promise<EconomicsRow[]> {
  if (rows.length === 0) return [];
  const users = await db
    .selectFrom('users')
    .select(['id', 'name as userName', 'tier', 'pay_model as payModel', 'pay_rate as payRate'])
    .where('id', 'in', [...new Set(rows.map((r) => r.userId))])
    .execute();
  const byId = new Map(users.map(({ id, ...terms }) => [Number(id), terms]));
  // Inner-join semantics: an annotation whose user row is gone is left out, as the join left it out.
  const out: EconomicsRow[] = [];
  for (const r of rows) {
    const terms = byId.get(Number(r.userId));
    if (terms) out.push(Object.assign(r, terms) as EconomicsRow);
  }
  return out;
}

export interface ReviewCostRow {
  taskId: number;
  domain: string;
  reviewerId: number;
  tier: 'generalist' | 'specialist' | 'model';
  payModel: 'per_task' | 'hourly';
  payRate: number;
  durationMs: number | null;
}

/**
 * One row per verdict on a project's tasks, with the reviewer's pay terms. A verdict decides every
 * open review of its task at once (same task, same decision time): only the lowest id is kept, so a
 * verdict is priced once. Reviews are few next to annotations, so this is one read.
 */
export async function verdictsForCost(db: Db, projectId: number): Promise<ReviewCostRow[]> {
  return db
    .selectFrom('reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .select([
      'r.task_id as taskId',
      'r.domain',
      'r.reviewer_id as reviewerId',
      'u.tier',
      'u.pay_model as payModel',
      'u.pay_rate as payRate',
      'r.duration_ms as durationMs',
    ])
    .where('r.project_id', '=', projectId)
    .where('r.state', '=', 'decided')
    .where(firstRowOfItsDecision)
    .orderBy('r.id')
    .execute() as Promise<ReviewCostRow[]>;
}

export interface ExamCostRow {
  userId: number;
  tier: 'generalist' | 'specialist' | 'model';
  payModel: 'per_task' | 'hourly';
  payRate: number;
  domain: string;
  /** JSON array of the attempt's question (task) ids. */
  taskIds: string;
  passed: number | null;
  startedAt: number;
  submittedAt: number;
}

/** Submitted exam attempts of exams in these domains, with the tutor's pay terms. */
export async function submittedAttemptsForCost(db: Db, domains: readonly string[]): Promise<ExamCostRow[]> {
  if (domains.length === 0) return [];
  return db
    .selectFrom('exam_attempts as a')
    .innerJoin('exams as e', 'e.id', 'a.exam_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select([
      'a.user_id as userId',
      'u.tier',
      'u.pay_model as payModel',
      'u.pay_rate as payRate',
      'e.domain',
      'a.task_ids as taskIds',
      'a.passed',
      'a.started_at as startedAt',
      'a.submitted_at as submittedAt',
    ])
    .where('e.domain', 'in', [...domains])
    .where('a.submitted_at', 'is not', null)
    .orderBy('a.id')
    .execute() as Promise<ExamCostRow[]>;
}

export interface StoredItemCounts {
  items: number;
  reached: number;
  reachedByReview: number;
}

/**
 * A project's production (non-gold) tasks with a judgment, and of them those whose stored consensus
 * confidence is at least `target` (a reviewer's verdict is stored with confidence 1), without a pass
 * over its tasks (0.4 s at a million):
 * - items: the task state rollups (migration 041);
 * - reached: every consensus row of the project at or above the target, counted in the confidence
 *   index (store/consensusBands.ts), less those on gold tasks (found from the gold tasks, a small share) and those a reviewer wrote on tasks nobody has judged yet (the index of review-sourced rows,
 *   migration 042). Only a reviewer's verdict can sit on an unjudged task: every other consensus is
 *   inferred from judgments, each of which raised its task's submitted count, which never falls.
 * `storedItemCountsFromScratch` is the one aggregate over every task these must equal (tests compare).
 */
export async function storedItemCounts(db: Db, dialect: Dialect, projectId: number, target: number): Promise<StoredItemCounts> {
  const judged = await db
    .selectFrom('task_state_rollups')
    .select((eb) => eb.fn.sum<number>('tasks').as('n'))
    .where('project_id', '=', projectId)
    .where('is_gold', '=', 0)
    .where('submitted', '>', 0)
    .executeTakeFirst();
  const {
    rows: [atTarget],
  } = await countAtLeast(dialect, projectId, target).execute(db);
  const onGold = await db
    .selectFrom('tasks as t')
    .innerJoin('task_consensus as c', 'c.task_id', 't.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.project_id', '=', projectId)
    .where('t.is_gold', '=', 1)
    .where('c.confidence', '>=', target)
    .executeTakeFirst();
  const { rows: reviewed } = await sql<{ submitted: number; confidence: number }>`
    SELECT t.submitted_count AS submitted, c.confidence FROM ${reviewedConsensus(dialect)} JOIN tasks t ON t.id = c.task_id
    WHERE c.project_id = ${projectId} AND c.source = 'review' AND t.is_gold = 0`.execute(db);
  const reviewedAtTarget = reviewed.filter((r) => Number(r.confidence) >= target);
  const reachedByReview = reviewedAtTarget.filter((r) => Number(r.submitted) > 0).length;
  const reachedUnjudged = reviewedAtTarget.length - reachedByReview;
  return {
    items: Number(judged?.n ?? 0),
    reached: Number(atTarget?.n ?? 0) - Number(onGold?.n ?? 0) - reachedUnjudged,
    reachedByReview,
  };
}

/** The reference for `storedItemCounts`: one aggregate over the project's tasks and their consensus. */
export async function storedItemCountsFromScratch(db: Db, projectId: number, target: number): Promise<StoredItemCounts> {
  const row = await db
    .selectFrom('tasks as t')
    .leftJoin('task_consensus as c', 'c.task_id', 't.id')
    .select([
      sql<number>`count(*)`.as('items'),
      sql<number>`sum(case when c.confidence >= ${target} then 1 else 0 end)`.as('reached'),
      sql<number>`sum(case when c.confidence >= ${target} and c.source = 'review' then 1 else 0 end)`.as('byReview'),
    ])
    .where('t.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .where('t.submitted_count', '>', 0)
    .executeTakeFirst();
  return { items: Number(row?.items ?? 0), reached: Number(row?.reached ?? 0), reachedByReview: Number(row?.byReview ?? 0) };
}

/** The stored reliability of every tutor who judged in these domains (bounded by tutors × domains). */
export async function storedReliabilities(db: Db, domains: readonly string[]): Promise<Map<string, number>> {
  if (domains.length === 0) return new Map();
  const rows = await db
    .selectFrom('tutor_reliability')
    .select(['user_id as userId', 'domain', 'reliability'])
    .where('domain', 'in', [...domains])
    .execute();
  return new Map(rows.map((r) => [`${r.userId}@${r.domain}`, Number(r.reliability)]));
}
