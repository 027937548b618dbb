/**
 * The Cost page's stored sums (`economics_rollups`, migration 030) with each tutor's current terms, the
 * project's judgments on gold tasks (few: gold is a small share), and the same sums recomputed from
 * the annotations (`economicsRollupsFromScratch`, read-only, for the test that keeps them equal).
 */
import { sql } from 'kysely';
import { contributionSelect, TASK_CONSENSUS_JOIN, VERDICT_JOIN } from '../economicsRollupSql.js';
import type { Store } from '../database.js';
import type { Db } from '../transaction.js';
import { ECONOMICS_JUDGMENT_COLUMNS, type EconomicsRow, withTutorTerms } from './economics.js';

export interface EconomicsRollupRow {
  userId: number;
  domain: string;
  kind: number;
  judgments: number;
  durationMs: number;
  costCents: number;
  modelJudgments: number;
  modelCostUsd: number;
  pricedModel: string;
  pricedRate: number;
  reachedTarget: number;
}

const numeric = (r: Record<string, unknown>): EconomicsRollupRow => ({
  userId: Number(r.userId),
  domain: String(r.domain),
  kind: Number(r.kind),
  judgments: Number(r.judgments),
  durationMs: Number(r.durationMs),
  costCents: Number(r.costCents),
  modelJudgments: Number(r.modelJudgments),
  modelCostUsd: Number(r.modelCostUsd),
  pricedModel: String(r.pricedModel),
  pricedRate: Number(r.pricedRate),
  reachedTarget: Number(r.reachedTarget),
});

const ORDER = (a: EconomicsRollupRow, b: EconomicsRollupRow) =>
  a.userId - b.userId || (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0) || a.kind - b.kind;

/** A project's non-empty rollup rows, by tutor, domain and kind. */
export async function economicsRollupRows(db: Db, projectId: number): Promise<EconomicsRollupRow[]> {
  const rows = await db
    .selectFrom('economics_rollups')
    .select([
      'user_id as userId',
      'domain',
      'kind',
      'judgments',
      'duration_ms as durationMs',
      'cost_cents as costCents',
      'model_judgments as modelJudgments',
      'model_cost_usd as modelCostUsd',
      'priced_model as pricedModel',
      'priced_rate as pricedRate',
      'reached_target as reachedTarget',
    ])
    .where('project_id', '=', projectId)
    .where('judgments', '<>', 0)
    .execute();
  return rows.map(numeric).sort(ORDER);
}

/** The same rows computed from the project's current annotations now (what the triggers must have kept). */
export async function economicsRollupsFromScratch(store: Store, projectId: number): Promise<EconomicsRollupRow[]> {
  const select = contributionSelect(store.dialect, [
    [
      {
        annotations: 'annotations n',
        consensus: TASK_CONSENSUS_JOIN,
        verdict: VERDICT_JOIN,
        where: `n.project_id = ${Math.trunc(projectId)}`,
        currentOnly: true,
      },
      1,
    ],
  ]);
  const { rows } = await sql
    .raw<Record<string, unknown>>(
      `SELECT user_id AS "userId", domain, kind, judgments, duration_ms AS "durationMs", cost_cents AS "costCents",
        model_judgments AS "modelJudgments", model_cost_usd AS "modelCostUsd", priced_model AS "pricedModel",
        priced_rate AS "pricedRate", reached_target AS "reachedTarget" FROM (${select}) r`,
    )
    .execute(store.db);
  return rows.map(numeric).sort(ORDER);
}

/**
 * A project's current judgments on gold tasks, in id order, in the economics page's row shape
 * (walked from the project's gold tasks, so the project's other judgments are not read).
 */
export async function goldEconomicsRows(db: Db, projectId: number): Promise<EconomicsRow[]> {
  // CROSS JOIN keeps the gold tasks the outer loop: without it SQLite's planner, to honour the ORDER BY,
  // walked every judgment of the project (3 M at 1 M tasks: 3.1 s) for the 1 % on gold tasks (0.15 s).
  const rows = await db
    .selectFrom('tasks as t')
    .crossJoin('annotations as n')
    .whereRef('n.project_id', '=', 't.project_id')
    .whereRef('n.task_id', '=', 't.id')
    .leftJoin('task_consensus as c', 'c.task_id', 'n.task_id')
    .leftJoin('judge_verdicts as v', 'v.annotation_id', 'n.id')
    .select(ECONOMICS_JUDGMENT_COLUMNS)
    .where('t.project_id', '=', projectId)
    .where('t.is_gold', '=', 1)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as s').select('s.id').whereRef('s.supersedes_id', '=', 'n.id'))))
    .orderBy('n.id')
    .execute();
  return withTutorTerms(db, rows);
}

export interface TutorTerms {
  name: string;
  tier: 'generalist' | 'specialist' | 'model';
  payModel: 'per_task' | 'hourly';
  payRate: number;
}

/** Name, tier and current pay terms of these users. */
export async function tutorTerms(db: Db, ids: readonly number[]): Promise<Map<number, TutorTerms>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'tier', 'pay_model as payModel', 'pay_rate as payRate'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [Number(r.id), { name: r.name, tier: r.tier, payModel: r.payModel, payRate: Number(r.payRate) }]));
}
