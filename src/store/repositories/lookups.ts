/**
 * The two reads on every `next` and `submit`: a project by id, and a lease with its task payload.
 * On SQLite they are prepared statements (Kysely's per-query compile costs more than the query);
 * on PostgreSQL the network round trip dominates, so they stay Kysely queries.
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import type { ProjectRow } from '../schema.js';
import { withSqliteConnection } from '../transaction.js';
import { toProjectRecord, type ProjectRecord } from './projects.js';

interface Statements {
  project: SQLite.Statement;
  lease: SQLite.Statement;
}
const cache = new WeakMap<SQLite.Database, Statements>();

function statements(raw: SQLite.Database): Statements {
  let s = cache.get(raw);
  if (!s) {
    s = {
      project: raw.prepare('SELECT * FROM projects WHERE id = ?'),
      lease: raw.prepare(
        'SELECT a.user_id AS userId, a.project_id AS projectId, t.id AS taskId, t.domain AS domain, t.is_gold AS isGold, t.payload AS payload FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.id = ?',
      ),
    };
    cache.set(raw, s);
  }
  return s;
}

export async function projectById(store: Store, id: number): Promise<ProjectRecord | undefined> {
  if (store.dialect === 'sqlite') {
    const row = await withSqliteConnection(store, (raw) => statements(raw).project.get(id) as ProjectRow | undefined);
    return row ? toProjectRecord(row) : undefined;
  }
  const row = await store.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toProjectRecord(row) : undefined;
}

export interface LeaseLookup {
  userId: number;
  projectId: number;
  taskId: number;
  domain: string;
  /** 1 for a gold (honeypot) task. */
  isGold: number;
  /** The task's payload JSON. */
  payload: string;
}

export async function leaseById(store: Store, assignmentId: number): Promise<LeaseLookup | undefined> {
  if (store.dialect === 'sqlite')
    return withSqliteConnection(store, (raw) => statements(raw).lease.get(assignmentId) as LeaseLookup | undefined);
  return store.db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['a.user_id as userId', 'a.project_id as projectId', 't.id as taskId', 't.domain', 't.is_gold as isGold', 't.payload'])
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
}
