/**
 * One page of a project's tasks for the managers' browser: keyset on id (an index range scan on
 * `(project_id, is_gold, id)` or `(project_id, domain, id)`, however deep the page), filters in SQL.
 * The same filter counts the matching tasks and lists their ids for the bulk actions.
 */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';
import { taskIdsBelow } from '../consensusBands.js';

export interface TaskFilterSql {
  /** The import-id search compares in code-point order, which each database spells its own way. */
  dialect: 'sqlite' | 'postgres';
  projectId: number;
  /** The project's routing overlap: what a task without its own adaptive target needs. */
  overlap: number;
  state?: 'not_started' | 'in_progress' | 'done';
  domain?: string;
  gold?: boolean;
  externalIdPrefix?: string;
  tutor?: number;
  confidenceBelow?: number;
  confidenceAtLeast?: number;
  agreementBelow?: number;
  agreementAtLeast?: number;
}

export interface TaskBrowseFilter extends TaskFilterSql {
  after: number;
  limit: number;
}

const neededOf = (overlap: number) => sql<number>`COALESCE(target_judgments, ${overlap})`;

function matching(db: Db, f: TaskFilterSql) {
  const needed = neededOf(f.overlap);
  let q = db.selectFrom('tasks').where('project_id', '=', f.projectId);
  if (f.gold !== undefined) q = q.where('is_gold', '=', f.gold ? 1 : 0);
  if (f.domain !== undefined) q = q.where('domain', '=', f.domain);
  // A range in code-point order (every id starting with the prefix sorts from it up to its successor),
  // so SQLite walks `tasks_project_external_id` instead of every task of the project; substr, not
  // LIKE (no escaping of % and _), is the exact test. PostgreSQL's column is in "C" (migration 043), so
  // its unique index serves the range; the explicit COLLATE keeps the range exact on any column.
  if (f.externalIdPrefix !== undefined) {
    const prefix = f.externalIdPrefix;
    const id = f.dialect === 'postgres' ? sql`external_id COLLATE "C"` : sql`external_id`;
    q = q.where(sql<boolean>`substr(external_id, 1, ${[...prefix].length}) = ${prefix}`).where(sql<boolean>`${id} >= ${prefix}`);
    const after = successor(prefix);
    if (after !== null) q = q.where(sql<boolean>`${id} < ${after}`);
  }
  if (f.state === 'done') q = q.where('is_gold', '=', 0).where(sql<boolean>`submitted_count >= ${needed}`);
  if (f.state === 'in_progress')
    q = q.where('is_gold', '=', 0).where(sql<boolean>`submitted_count < ${needed} AND submitted_count + active_leases > 0`);
  if (f.state === 'not_started') q = q.where('is_gold', '=', 0).where('submitted_count', '=', 0).where('active_leases', '=', 0);
  // A tutor judged few of a big project's tasks: their ids come from `annotations_user_project_task`
  // (migration 019), then each is a primary-key probe.
  if (f.tutor !== undefined) {
    const tutor = f.tutor;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('annotations').select('task_id').where('user_id', '=', tutor).where('project_id', '=', f.projectId),
    );
  }
  // Low confidence is the exception: ranges of the confidence index (store/consensusBands.ts) find it.
  if (f.confidenceBelow !== undefined) q = q.where(sql<boolean>`id IN (${taskIdsBelow(f.dialect, f.projectId, f.confidenceBelow)})`);
  // High confidence is the rule: walk the tasks by id and probe each one's consensus by primary key.
  if (f.confidenceAtLeast !== undefined) {
    const atLeast = f.confidenceAtLeast;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('task_consensus as c')
          .select('c.task_id')
          .whereRef('c.task_id', '=', 'tasks.id')
          .where('c.confidence', '>=', atLeast),
      ),
    );
  }
  // Agreement likewise: a low one is a range of `task_consensus_agreement` (migration 025), a high one a probe.
  if (f.agreementBelow !== undefined) {
    const below = f.agreementBelow;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('task_consensus').select('task_id').where('project_id', '=', f.projectId).where('agreement', '<', below),
    );
  }
  if (f.agreementAtLeast !== undefined) {
    const atLeast = f.agreementAtLeast;
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom('task_consensus as c').select('c.task_id').whereRef('c.task_id', '=', 'tasks.id').where('c.agreement', '>=', atLeast),
      ),
    );
  }
  return q;
}

/** The least string above every string that starts with `prefix` (code-point order); null if there is none. */
export function successor(prefix: string): string | null {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    // Skip the surrogate range: no string holds those code points on their own.
    const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
    if (next <= 0x10ffff) return points.join('') + String.fromCodePoint(next);
  }
  return null;
}

export async function taskBrowsePage(db: Db, f: TaskBrowseFilter) {
  return matching(db, f)
    .select([
      'id',
      'external_id as externalId',
      'domain',
      'is_gold as isGold',
      'priority',
      'submitted_count as judgments',
      'active_leases as activeLeases',
      'created_at as createdAt',
      neededOf(f.overlap).as('needed'),
      (eb) => eb.selectFrom('task_consensus as a').select('a.agreement').whereRef('a.task_id', '=', 'tasks.id').as('agreement'),
    ])
    .where('id', '>', f.after)
    .orderBy('id')
    .limit(f.limit)
    .execute();
}

/** How many tasks the filter matches. */
export async function countMatchingTasks(db: Db, f: TaskFilterSql): Promise<number> {
  const row = await matching(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The ids of the tasks the filter matches, in id order, at most `limit`. */
export async function matchingTaskIds(db: Db, f: TaskFilterSql, limit: number): Promise<number[]> {
  const rows = await matching(db, f).select('id').orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}
