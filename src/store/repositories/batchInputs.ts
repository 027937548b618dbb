/**
 * What the consensus batch reads: a project's current (not superseded) annotations in id order, a page
 * at a time, and each task's facts once (its domain, whether it is gold and the answer, and a preference's
 * response ids, picked out of its payload by the database: the payload, with the responses' texts,
 * never leaves it; on PostgreSQL sending every payload to be parsed here was half the batch's reading).
 * Read as arrays, as the exports' reader (exportPages.ts) does: on SQLite by statements prepared once per
 * connection under the connection's lock, on PostgreSQL in array row mode with the task ids as one array
 * parameter. A million-task batch reads 3 million annotations and a million tasks: the Kysely readers
 * these replace built every row as an object twice and compiled a statement, with up to 5,000
 * parameters on PostgreSQL, per page.
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import { openSqliteForWorker } from '../workerConnections.js';
import { withSqliteConnection } from '../transaction.js';

/** id, task id, user id, response (JSON text). */
export type BatchAnnotation = [id: number, taskId: number, userId: number, response: string];
/** id, domain, is_gold, gold, the payload's response ids as a JSON array (null when not asked for), as read. */
type TaskRaw = [number, string, number, string | null, string | null];
/** id, domain, is_gold (0/1), gold (JSON text or null), the ids of the payload's `responses` (a preference's). */
export type BatchTask = [id: number, domain: string, isGold: number, gold: string | null, responseIds: string[]];

const ANNOTATIONS = `SELECT n.id, n.task_id, n.user_id, n.response FROM annotations n
  WHERE n.project_id = $1 AND n.id > $2 AND n.id <= $3
    AND NOT EXISTS (SELECT 1 FROM annotations c WHERE c.supersedes_id = n.id)
  ORDER BY n.id LIMIT $4`;
/**
 * The task columns, with a preference's response ids when asked for, as a JSON array: SQLite's
 * json_extract of several paths answers one (a preference compares exactly two responses, domain/tasks.ts;
 * 2.5 times faster than walking the array with json_each), PostgreSQL's JSON path walks the array.
 */
const taskColumns = (dialect: 'sqlite' | 'postgres', withResponseIds: boolean) =>
  `SELECT id, domain, is_gold, gold, ${
    !withResponseIds
      ? 'NULL'
      : dialect === 'sqlite'
        ? "json_extract(payload, '$.responses[0].id', '$.responses[1].id')"
        : "jsonb_path_query_array(payload::jsonb, 'lax $.responses[*].id')::text"
  } FROM tasks`;
/** SQLite's bound on one IN list (its parameter limit is higher; this keeps statements few and reused). */
const SQLITE_IN = 500;

interface Prepared {
  annotations: SQLite.Statement<number[], BatchAnnotation>;
  /** Without (false) and with (true) the response ids. */
  tasks: Map<boolean, SQLite.Statement<number[], TaskRaw>>;
}
const prepared = new WeakMap<SQLite.Database, Prepared>();

function statementsOf(raw: SQLite.Database): Prepared {
  let p = prepared.get(raw);
  if (!p) {
    p = {
      annotations: raw.prepare<number[], BatchAnnotation>(ANNOTATIONS.replace(/\$\d/g, '?')).raw(true),
      tasks: new Map(
        [false, true].map((ids) => [
          ids,
          raw.prepare<number[], TaskRaw>(`${taskColumns('sqlite', ids)} WHERE id IN (${Array(SQLITE_IN).fill('?').join(',')})`).raw(true),
        ]),
      ),
    };
    prepared.set(raw, p);
  }
  return p;
}

/**
 * The batch's two reads on a SQLite connection, run at once: the store's own (under its lock) or another
 * thread's read-only connection to the same file (services/consensus/readWorker.ts).
 */
export function sqliteBatchReads(raw: SQLite.Database) {
  const statements = statementsOf(raw);
  return {
    annotationsPage: (projectId: number, after: number, upTo: number, limit: number): BatchAnnotation[] =>
      statements.annotations.all(projectId, after, upTo, limit),
    tasks(ids: readonly number[], withResponseIds: boolean): BatchTask[] {
      const statement = statements.tasks.get(withResponseIds)!;
      const out: BatchTask[] = [];
      for (let i = 0; i < ids.length; i += SQLITE_IN) {
        const chunk = ids.slice(i, i + SQLITE_IN);
        // The last chunk is padded with an id no task has (ids start at 1).
        while (chunk.length < SQLITE_IN) chunk.push(0);
        for (const r of statement.all(...chunk)) out.push(batchTask(r));
      }
      return out;
    },
  };
}

/** The batch's reads on a read-only connection of this thread's own to the SQLite file `file`. */
export function sqliteBatchReadsOf(file: string): ReturnType<typeof sqliteBatchReads> {
  return sqliteBatchReads(openSqliteForWorker(file));
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
    return withSqliteConnection(store, (raw) => sqliteBatchReads(raw).annotationsPage(projectId, after, upTo, limit));
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
  if (store.dialect === 'sqlite') return withSqliteConnection(store, (raw) => sqliteBatchReads(raw).tasks(ids, withResponseIds));
  const result = await store.pgPool.query<TaskRaw>({
    text: `${taskColumns('postgres', withResponseIds)} WHERE id = ANY($1::int[])`,
    values: [ids],
    rowMode: 'array',
  });
  return result.rows.map(batchTask);
}

function batchTask([id, domain, isGold, gold, responseIds]: TaskRaw): BatchTask {
  return [Number(id), domain, Number(isGold), gold, responseIds === null ? [] : (JSON.parse(responseIds) as string[])];
}
