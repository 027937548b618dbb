/** The writes behind the managers' bulk task actions; ids go in chunks so no statement binds too many. */
import { sql } from 'kysely';
import type { Db } from '../transaction.js';
import { openRule, targetText } from './openRule.js';

const CHUNK = 500;

async function inChunks<T>(ids: number[], fn: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await fn(ids.slice(i, i + CHUNK))));
  return out;
}

/** The project's tasks among `ids` (others are not this project's), with what the actions need. */
export async function projectTasks(db: Db, projectId: number, ids: number[]) {
  return inChunks(ids, (chunk) =>
    db
      .selectFrom('tasks')
      .select(['id', 'domain', 'is_gold as isGold', 'export_excluded as excluded'])
      // `+project_id`: checked on the rows found by primary key; as an index term SQLite walked the project's index instead.
      .where(sql<number>`+project_id`, '=', projectId)
      .where('id', 'in', chunk)
      .orderBy('id')
      .execute(),
  );
}

export async function raisePriority(db: Db, ids: number[], by: number): Promise<void> {
  await inChunks(ids, async (chunk) => {
    await db
      .updateTable('tasks')
      .set((eb) => ({ priority: eb('priority', '+', by) }))
      .where('id', 'in', chunk)
      .execute();
    return [];
  });
}

/**
 * Each task needs `by` more judgments than it has now, or than its target if that is higher; its
 * open flag follows at once, so routing serves it again. (Under adaptive overlap the policy sets
 * the target afresh after each new judgment.)
 */
export async function reopenTasks(db: Db, ids: number[], by: number, overlap: number): Promise<void> {
  const current = targetText(String(overlap));
  const target = sql<number>`(CASE WHEN submitted_count > ${sql.raw(current)} THEN submitted_count ELSE ${sql.raw(current)} END + ${sql.lit(by)})`;
  await inChunks(ids, async (chunk) => {
    await db
      .updateTable('tasks')
      .set({ target_judgments: target, is_open: openRule('submitted_count', 'active_leases', { target }) })
      .where('id', 'in', chunk)
      .where('is_gold', '=', 0)
      .execute();
    return [];
  });
}

export async function setExportExcluded(db: Db, ids: number[], excluded: boolean): Promise<void> {
  await inChunks(ids, async (chunk) => {
    await db
      .updateTable('tasks')
      .set({ export_excluded: excluded ? 1 : 0 })
      .where('id', 'in', chunk)
      .execute();
    return [];
  });
}
