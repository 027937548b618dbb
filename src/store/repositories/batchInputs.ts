/**
 * What the consensus batch reads: a project's current (not superseded) annotations in id order, a page
 * at a time, and each task's facts once (its domain, whether it is gold and the answer, and a preference's
 * response ids, parsed from its payload here).
 * Read as arrays, as the exports' reader (exportPages.ts) does: on SQLite by statements prepared once per
 * connection under the connection's lock, on PostgreSQL in array row mode with the task ids as one array
 * parameter. A million-task batch reads 3 million annotations and a million tasks: the Kysely readers
 * these replace built every row as an object twice and compiled a statement, with up to 5,000
 * parameters on PostgreSQL, per page.
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import { withSqliteConnection } from '../transaction.js';

/** id, task id, user id, response (JSON text). */
export type BatchAnnotation = [id: number, taskId: number, userId: number, response: string];
/** id, domain, is_gold, gold, payload, as read. */
type TaskRaw = [number, string, number, string | null, string];
/** id, domain, is_gold (0/1), gold (JSON text or null), the ids of the payload's `responses` (a preference's). */
export type BatchTask = [id: number, domain: string, isGold: number, gold: string | null, responseIds: string[]];

const ANNOTATIONS = `SELECT n.id, n.task_id, n.user_id, n.response FROM annotations n
  WHERE n.project_id = $1 AND n.id > $2 AND n.id <= $3
    AND NOT EXISTS (SELECT 1 FROM annotations c WHERE c.supersedes_id = n.id)
  ORDER BY n.id LIMIT $4`;
const TASK_COLUMNS = 'SELECT id, domain, is_gold, gold, payload FROM tasks';
/** SQLite's bound on one IN list (its parameter limit is higher; this keeps statements few and reused). */
const SQLITE_IN = 500;

interface Prepared {
  annotations: SQLite.Statement<number[], BatchAnnotation>;
  tasks: SQLite.Statement<number[], TaskRaw>;
}
const prepared = new WeakMap<SQLite.Database, Prepared>();

function statementsOf(raw: SQLite.Database): Prepared {
  let p = prepared.get(raw);
  if (!p) {
    p = {
      annotations: raw.prepare<number[], BatchAnnotation>(ANNOTATIONS.replace(/\$\d/g, '?')).raw(true),
      tasks: raw.prepare<number[], TaskRaw>(`${TASK_COLUMNS} WHERE id IN (${Array(SQLITE_IN).fill('?').join(',')})`).raw(true),
    };
    prepared.set(raw, p);
  }
  return p;
}

/** Up to `limit` current annotations of the project with `after` < id ≤ `upTo`, in id order. */
export async function batchAnnotationsPage(
  store: Store,
  projectId: number,
  after: number,
  upTo: number,
  limit: number,
): Promise<BatchAnnotation[]> {
  if (store.dialect === 'sqlite')
    return withSqliteConnection(store, (raw) => statementsOf(raw).annotations.all(projectId, after, upTo, limit));
  const result = await store.pgPool.query<BatchAnnotation>({
    text: ANNOTATIONS,
    values: [projectId, after, upTo, limit],
    rowMode: 'array',
  });
  return result.rows.map((r) => [Number(r[0]), Number(r[1]), Number(r[2]), r[3]]);
}

/** The tasks with these ids, in any order (the caller looks them up by id); their response ids only if asked (else []). */
export async function batchTasks(store: Store, ids: readonly number[], withResponseIds: boolean): Promise<BatchTask[]> {
  if (ids.length === 0) return [];
  if (store.dialect === 'sqlite')
    return withSqliteConnection(store, (raw) => {
      const statement = statementsOf(raw).tasks;
      const out: BatchTask[] = [];
      for (let i = 0; i < ids.length; i += SQLITE_IN) {
        const chunk = ids.slice(i, i + SQLITE_IN);
        // The last chunk is padded with an id no task has (ids start at 1).
        while (chunk.length < SQLITE_IN) chunk.push(0);
        for (const r of statement.all(...chunk)) out.push(batchTask(r, withResponseIds));
      }
      return out;
    });
  const result = await store.pgPool.query<TaskRaw>({ text: `${TASK_COLUMNS} WHERE id = ANY($1::int[])`, values: [ids], rowMode: 'array' });
  return result.rows.map((r) => batchTask(r, withResponseIds));
}

/** The payload is parsed only for its response ids, and only when they are asked for. */
function batchTask([id, domain, isGold, gold, payload]: TaskRaw, withResponseIds: boolean): BatchTask {
  const responses = withResponseIds ? (JSON.parse(payload) as { responses?: { id: string }[] }).responses : undefined;
  return [Number(id), domain, Number(isGold), gold, Array.isArray(responses) ? responses.map((r) => r.id) : []];
}
