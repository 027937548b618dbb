/** What the economics of a project are computed from: one row per current annotation, paged by id. */
import type { Db } from '../transaction.js';

export interface EconomicsRow {
  id: number;
  taskId: number;
  domain: string;
  isGold: number;
  /** The task's gold answer (JSON) or null. */
  gold: string | null;
  userId: number;
  userName: string;
  tier: 'generalist' | 'specialist';
  payModel: 'per_task' | 'hourly';
  payRate: number;
  response: string;
  durationMs: number;
  createdAt: number;
}

/**
 * Current annotations (a row superseded by a correction is left out) of a project after `afterId`,
 * in id order, joined with the task and the tutor's pay terms. Page with the last row's id.
 */
export async function economicsPage(db: Db, projectId: number, afterId: number, limit: number): Promise<EconomicsRow[]> {
  return db
    .selectFrom('annotations as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .select([
      'n.id', 'n.task_id as taskId', 't.domain', 't.is_gold as isGold', 't.gold', 'n.user_id as userId', 'u.name as userName', 'u.tier',
      'u.pay_model as payModel', 'u.pay_rate as payRate', 'n.response', 'n.duration_ms as durationMs', 'n.created_at as createdAt',
    ])
    .where('n.project_id', '=', projectId)
    .where('n.id', '>', afterId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('annotations as c').select('c.id').whereRef('c.supersedes_id', '=', 'n.id'))))
    .orderBy('n.id')
    .limit(limit)
    .execute() as Promise<EconomicsRow[]>;
}
