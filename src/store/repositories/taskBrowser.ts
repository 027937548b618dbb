/**
 * One page of a project's tasks for the managers' browser: keyset on id (an index range scan on
 * `(project_id, is_gold, id)` or `(project_id, domain, id)`, however deep the page), filters in SQL.
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';

export interface TaskBrowseFilter {
  projectId: number;
  /** The project's routing overlap: what a task without its own adaptive target needs. */
  overlap: number;
  state?: 'not_started' | 'in_progress' | 'done';
  domain?: string;
  gold?: boolean;
  externalIdPrefix?: string;
  after: number;
  limit: number;
}

export async function taskBrowsePage(db: Db, f: TaskBrowseFilter) {
  const needed = sql<number>`COALESCE(target_judgments, ${f.overlap})`;
  let q = db
    .selectFrom('tasks')
    .select([
      'id',
      'external_id as externalId',
      'domain',
      'is_gold as isGold',
      'priority',
      'submitted_count as judgments',
      'active_leases as activeLeases',
      'created_at as createdAt',
      needed.as('needed'),
    ])
    .where('project_id', '=', f.projectId)
    .where('id', '>', f.after);
  if (f.gold !== undefined) q = q.where('is_gold', '=', f.gold ? 1 : 0);
  if (f.domain !== undefined) q = q.where('domain', '=', f.domain);
  // substr, not LIKE (no escaping of % and _) nor a range (PostgreSQL's collation does not sort by code point).
  if (f.externalIdPrefix !== undefined) {
    const prefix = f.externalIdPrefix;
    q = q.where(sql<boolean>`substr(external_id, 1, ${prefix.length}) = ${prefix}`);
  }
  if (f.state === 'done') q = q.where('is_gold', '=', 0).where(sql<boolean>`submitted_count >= ${needed}`);
  if (f.state === 'in_progress')
    q = q.where('is_gold', '=', 0).where(sql<boolean>`submitted_count < ${needed} AND submitted_count + active_leases > 0`);
  if (f.state === 'not_started') q = q.where('is_gold', '=', 0).where('submitted_count', '=', 0).where('active_leases', '=', 0);
  return q.orderBy('id').limit(f.limit).execute();
}
