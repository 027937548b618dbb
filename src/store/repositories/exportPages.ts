/**
 * The task-walking exports' reader (dpo, classification, ratings, sft…): a page of a project's exported
 * tasks (non-gold, not excluded, judged) after `afterId`, with their current annotations and stored
 * consensus, read by id range in three statements of fixed shape. On SQLite they are prepared once per
 * connection and read as arrays under the connection's lock (no query compiled per page, no row object
 * built by the driver and again by us); on PostgreSQL they are read as arrays too. The shapes are those
 * of the Kysely readers they replace (`exportTasksPage`, `currentAnnotationsInRange`, `consensusInRange`).
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import { withSqliteConnection } from '../transaction.js';
import type { Db } from '../transaction.js';
import type { ExportTask, TaskAnnotation } from './annotations.js';

/** What the task-walking exports read of an annotation: its task and response (a million tasks read three million). */
export type ExportVote = Pick<TaskAnnotation, 'taskId' | 'response'>;
import type { StoredConsensus } from './consensus.js';
import { exportTaskStates, judgmentCount } from './exports.js';

export interface ExportPage {
  tasks: ExportTask[];
  annotations: ExportVote[];
  consensus: Map<number, StoredConsensus>;
}

const TASKS = `SELECT id, external_id, domain, payload FROM tasks
  WHERE project_id = $1 AND is_gold = 0 AND export_excluded = 0 AND submitted_count > 0 AND id > $2 AND id <= CAST($3 AS BIGINT) ORDER BY id LIMIT $4`;
// (The bound is a bigint: a whole export's runs to Number.MAX_SAFE_INTEGER, past PostgreSQL's integer.)
// Annotations of tasks not exported (gold, excluded) fall in the range too; the caller skips them.
const ANNOTATIONS = `SELECT n.task_id, n.response FROM annotations n
  WHERE n.project_id = $1 AND n.task_id > $2 AND n.task_id <= $3
    AND NOT EXISTS (SELECT 1 FROM annotations c WHERE c.supersedes_id = n.id) ORDER BY n.task_id, n.id`;
// By the primary key's range (`+project_id`: not the project index, which would probe the table per row).
const CONSENSUS = `SELECT task_id, method, method_version, label, confidence, annotator_count, source, review_id, computed_at
  FROM task_consensus WHERE +project_id = $1 AND task_id > $2 AND task_id <= $3`;

type TaskRaw = [number, string, string, string];
type AnnotationRaw = [number, string];
type ConsensusRaw = [number, string, string, string, number, number, string, number | null, number];

const task = (r: TaskRaw): ExportTask => ({ id: Number(r[0]), externalId: r[1], domain: r[2], payload: r[3] });
const annotation = (r: AnnotationRaw): ExportVote => ({ taskId: Number(r[0]), response: r[1] });
function consensusById(rows: ConsensusRaw[]): Map<number, StoredConsensus> {
  const out = new Map<number, StoredConsensus>();
  for (const r of rows) {
    const c = {
      task_id: r[0],
      method: r[1],
      method_version: r[2],
      label: r[3],
      confidence: r[4],
      annotator_count: r[5],
      source: r[6],
      review_id: r[7],
      computed_at: r[8],
    } as StoredConsensus;
    out.set(Number(r[0]), c);
  }
  return out;
}

interface Prepared {
  tasks: SQLite.Statement<[number, number, number, number], TaskRaw>;
  annotations: SQLite.Statement<[number, number, number], AnnotationRaw>;
  consensus: SQLite.Statement<[number, number, number], ConsensusRaw>;
}
const prepared = new WeakMap<SQLite.Database, Prepared>();
/** SQLite's placeholders: each statement above names $1, $2, $3 once and in order. */
const positional = (text: string) => text.replace(/\$\d/g, '?');

function statementsOf(raw: SQLite.Database): Prepared {
  let p = prepared.get(raw);
  if (!p) {
    p = {
      tasks: raw.prepare<[number, number, number, number], TaskRaw>(positional(TASKS)).raw(true),
      annotations: raw.prepare<[number, number, number], AnnotationRaw>(positional(ANNOTATIONS)).raw(true),
      consensus: raw.prepare<[number, number, number], ConsensusRaw>(positional(CONSENSUS)).raw(true),
    };
    prepared.set(raw, p);
  }
  return p;
}

/**
 * The page of exported tasks after `afterId` and up to `throughId` (empty at the end), with their
 * annotations and consensus. `throughId` bounds a slice of the export (a worker's, parallelLines.ts).
 */
export async function exportPage(
  store: Store,
  projectId: number,
  afterId: number,
  limit: number,
  throughId = Number.MAX_SAFE_INTEGER,
): Promise<ExportPage> {
  if (store.dialect === 'sqlite') {
    return withSqliteConnection(store, (raw) => {
      const s = statementsOf(raw);
      const tasks = s.tasks.all(projectId, afterId, throughId, limit).map(task);
      if (tasks.length === 0) return { tasks, annotations: [], consensus: new Map() };
      const last = tasks[tasks.length - 1].id;
      return {
        tasks,
        annotations: s.annotations.all(projectId, afterId, last).map(annotation),
        consensus: consensusById(s.consensus.all(projectId, afterId, last)),
      };
    });
  }
  // Named: prepared once per connection, not planned again for every page (planning took ~1.5 ms a page).
  const read = async <R>(name: string, text: string, values: number[]) =>
    (await store.pgPool.query<R extends unknown[] ? R : never>({ name, text, values, rowMode: 'array' })).rows as R[];
  const tasks = (await read<TaskRaw>('tl_export_tasks', TASKS, [projectId, afterId, throughId, limit])).map(task);
  if (tasks.length === 0) return { tasks, annotations: [], consensus: new Map() };
  const last = tasks[tasks.length - 1].id;
  const [annotations, consensus] = await Promise.all([
    read<AnnotationRaw>('tl_export_votes', ANNOTATIONS, [projectId, afterId, last]),
    read<ConsensusRaw>('tl_export_consensus', CONSENSUS, [projectId, afterId, last]),
  ]);
  return { tasks, annotations: annotations.map(annotation), consensus: consensusById(consensus) };
}

/** Exported tasks by id (the few whose summary needs their votes), with the columns an export page reads. */
export async function exportTasksOf(db: Db, taskIds: readonly number[]): Promise<ExportTask[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('tasks')
    .select(['id', 'external_id as externalId', 'domain', 'payload'])
    .where('id', 'in', taskIds)
    .orderBy('id')
    .execute();
}

/**
 * The id span of what an export walks (its production tasks, or every annotation of the project for the
 * annotations export) and how many items it holds (judged tasks from the task state rollups; judgments
 * from the judgment rollups): enough to cut it into slices of about equal size without a pass over it.
 */
export async function exportSpan(db: Db, projectId: number, of: 'tasks' | 'annotations') {
  const ends = await (of === 'tasks'
    ? db
        .selectFrom('tasks')
        .select((eb) => [eb.fn.min<number>('id').as('first'), eb.fn.max<number>('id').as('last')])
        .where('project_id', '=', projectId)
        .where('is_gold', '=', 0)
        .executeTakeFirst()
    : db
        .selectFrom('annotations')
        .select((eb) => [eb.fn.min<number>('id').as('first'), eb.fn.max<number>('id').as('last')])
        .where('project_id', '=', projectId)
        .executeTakeFirst());
  const items = of === 'tasks' ? (await exportTaskStates(db, projectId)).judged : await judgmentCount(db, projectId);
  return { first: Number(ends?.first ?? 0), last: Number(ends?.last ?? 0), items };
}
