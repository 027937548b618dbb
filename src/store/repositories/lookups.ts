/**
 * The two reads on every `next` and `submit`: a project by id, and a lease with its task payload.
 * Both are served from this process's memory when they can be, on either database: on PostgreSQL a
 * round trip costs more than the read (the routing function stays the request's one round trip); on
 * SQLite the read is cheap but turning the row into a record (parsing the project's config) is not.
 * - projects are cached per generation (cacheGenerations.ts: any process's write to `projects`
 *   moves it), so a paused project or a changed overlap is seen at once, in every process;
 * - a lease's task, tutor and project never change once leased, so the leases this process handed
 *   out (remembered once their transaction committed) are kept, bounded by payload size, and need no
 *   invalidation at all.
 * On a miss, SQLite reads through prepared statements (Kysely's per-query compile costs more than the query).
 */
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import type { ProjectRow } from '../schema.js';
import { withSqliteConnection } from '../transaction.js';
import { cacheGeneration } from '../cacheGenerations.js';
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
  let cache = projectCaches.get(store);
  if (!cache) projectCaches.set(store, (cache = new Map()));
  const generation = cacheGeneration(store, 'projects');
  const hit = cache.get(id);
  if (hit && hit.generation === generation) return hit.project;
  const row = await readProject(store, id);
  if (!row) return undefined;
  const project = toProjectRecord(row);
  if (cache.size >= PROJECT_CACHE_MAX) cache.clear();
  // The generation read before the query: a write committed meanwhile makes this entry stale at once.
  cache.set(id, { project, generation });
  return project;
}

function readProject(store: Store, id: number): Promise<ProjectRow | undefined> {
  if (store.dialect === 'sqlite') return withSqliteConnection(store, (raw) => statements(raw).project.get(id) as ProjectRow | undefined);
  return store.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

const PROJECT_CACHE_MAX = 1000;
const projectCaches = new WeakMap<Store, Map<number, { project: ProjectRecord; generation: number }>>();

/** Leases handed out by this process, by assignment id, oldest first; payload characters bounded. */
const leaseCaches = new WeakMap<Store, { leases: Map<number, LeaseLookup>; chars: number }>();
const LEASE_CACHE_MAX_CHARS = 32 * 1024 * 1024;

/**
 * Remember a lease just handed out (its facts never change), so its submit need not read it back.
 * Only after its transaction committed: a rolled-back id may be handed out again (SQLite reuses it).
 */
export function rememberLease(store: Store, assignmentId: number, lease: LeaseLookup): void {
  let c = leaseCaches.get(store);
  if (!c) leaseCaches.set(store, (c = { leases: new Map(), chars: 0 }));
  if (c.leases.has(assignmentId)) return;
  c.leases.set(assignmentId, lease);
  c.chars += lease.payload.length;
  for (const [id, old] of c.leases) {
    if (c.chars <= LEASE_CACHE_MAX_CHARS) break;
    c.leases.delete(id);
    c.chars -= old.payload.length;
  }
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
  const remembered = leaseCaches.get(store)?.leases.get(assignmentId);
  if (remembered) return remembered;
  if (store.dialect === 'sqlite')
    return withSqliteConnection(store, (raw) => statements(raw).lease.get(assignmentId) as LeaseLookup | undefined);
  return store.db
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .select(['a.user_id as userId', 'a.project_id as projectId', 't.id as taskId', 't.domain', 't.is_gold as isGold', 't.payload'])
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
}
