/**
 * Tasks: bulk insert for imports (multi-row INSERTs, prepared on SQLite, inside the caller's one
 * transaction), listing, and the counts behind project stats.
 */
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Store } from '../database.js';
import type { TaskRow } from '../schema.js';
import type { Db } from '../transaction.js';

export interface NewTask {
  externalId: string;
  domain: string;
  payload: string;
  gold: string | null;
  contentHash: string;
  priority: number;
}

export interface BatchOutcome {
  inserted: number;
  /** Rows whose external id already existed (in the database or earlier in this import), with the stored hash. */
  existing: { index: number; storedHash: string }[];
}

/** Inserts batches of one import. Create it inside the import's transaction and use it only there. */
export interface TaskInserter {
  insertBatch(rows: NewTask[]): Promise<BatchOutcome>;
}

export function taskInserter(store: Store, db: Db, projectId: number, at: number): TaskInserter {
  return store.sqlite ? sqliteInserter(store.sqlite, projectId, at) : postgresInserter(db, projectId, at);
}

/** Rows per INSERT statement on SQLite: one statement for 50 rows costs far less than 50 (and 450 parameters is well under SQLite's limit). */
const SQLITE_ROWS_PER_STATEMENT = 50;
const SQLITE_COLUMNS = 9;

function sqliteInserter(raw: SQLite.Database, projectId: number, at: number): TaskInserter {
  const statements = new Map<number, SQLite.Statement>();
  const insertOf = (rows: number) => {
    let st = statements.get(rows);
    if (!st) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      st = raw.prepare(
        `INSERT INTO tasks (project_id, external_id, domain, payload, gold, is_gold, content_hash, priority, created_at)
         VALUES ${values} ON CONFLICT (project_id, external_id) DO NOTHING`,
      );
      statements.set(rows, st);
    }
    return st;
  };
  const stored = raw.prepare(`SELECT id, content_hash AS hash FROM tasks WHERE project_id = ? AND external_id = ?`);
  // Ids only grow (AUTOINCREMENT) and this transaction is the only writer: rows a statement inserted are the ones above `lastId`.
  let lastId = Number(raw.prepare(`SELECT COALESCE(MAX(id), 0) FROM tasks`).pluck().get());
  const args: unknown[] = [];
  return {
    async insertBatch(rows) {
      const out: BatchOutcome = { inserted: 0, existing: [] };
      for (let from = 0; from < rows.length; from += SQLITE_ROWS_PER_STATEMENT) {
        const n = Math.min(SQLITE_ROWS_PER_STATEMENT, rows.length - from);
        args.length = n * SQLITE_COLUMNS;
        for (let i = 0, a = 0; i < n; i++, a += SQLITE_COLUMNS) {
          const r = rows[from + i];
          args[a] = projectId;
          args[a + 1] = r.externalId;
          args[a + 2] = r.domain;
          args[a + 3] = r.payload;
          args[a + 4] = r.gold;
          args[a + 5] = r.gold === null ? 0 : 1;
          args[a + 6] = r.contentHash;
          args[a + 7] = r.priority;
          args[a + 8] = at;
        }
        const info = insertOf(n).run(args);
        out.inserted += info.changes;
        if (info.changes < n) {
          // Some ids were there already (or repeat within the statement): the first row to carry a fresh id is the one inserted.
          const claimed = new Set<number>();
          for (let i = 0; i < n; i++) {
            const row = stored.get(projectId, rows[from + i].externalId) as { id: number; hash: string };
            if (row.id > lastId && !claimed.has(row.id)) claimed.add(row.id);
            else out.existing.push({ index: from + i, storedHash: row.hash });
          }
        }
        if (info.changes > 0) lastId = Number(info.lastInsertRowid);
      }
      return out;
    },
  };
}

function postgresInserter(db: Db, projectId: number, at: number): TaskInserter {
  return {
    async insertBatch(rows) {
      const out: BatchOutcome = { inserted: 0, existing: [] };
      if (rows.length === 0) return out;
      const returned = await db
        .insertInto('tasks')
        .values(
          rows.map((r) => ({
            project_id: projectId,
            external_id: r.externalId,
            domain: r.domain,
            payload: r.payload,
            gold: r.gold,
            is_gold: r.gold === null ? 0 : 1,
            content_hash: r.contentHash,
            priority: r.priority,
            created_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['project_id', 'external_id']).doNothing())
        .returning('external_id')
        .execute();
      const fresh = new Set(returned.map((r) => r.external_id));
      out.inserted = fresh.size;
      const conflicting: number[] = [];
      rows.forEach((r, i) => {
        // The first row with a fresh id was the one inserted; any later one in the batch is a repeat.
        if (fresh.has(r.externalId)) fresh.delete(r.externalId);
        else conflicting.push(i);
      });
      if (conflicting.length > 0) {
        const stored = await db
          .selectFrom('tasks')
          .select(['external_id', 'content_hash'])
          .where('project_id', '=', projectId)
          .where('external_id', 'in', conflicting.map((i) => rows[i].externalId))
          .execute();
        const byId = new Map(stored.map((s) => [s.external_id, s.content_hash]));
        for (const i of conflicting) out.existing.push({ index: i, storedHash: byId.get(rows[i].externalId)! });
      }
      return out;
    },
  };
}

export async function tasksPage(db: Db, projectId: number, offset: number, limit: number): Promise<TaskRow[]> {
  return db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).orderBy('id').offset(offset).limit(limit).execute();
}

export interface TaskCounts {
  total: number;
  gold: number;
  /** Non-gold tasks with all the judgments they need (k, or their adaptive target). */
  done: number;
  /** Non-gold tasks with at least one judgment or live lease, not yet done. */
  inProgress: number;
}

/** `overlap` is the routing overlap (the projects.overlap column); adaptive tasks carry their own target. */
export async function taskCounts(db: Db, projectId: number, overlap: number): Promise<TaskCounts> {
  const needed = sql`COALESCE(target_judgments, ${overlap})`;
  const row = await db
    .selectFrom('tasks')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      sql<number>`SUM(CASE WHEN is_gold = 1 THEN 1 ELSE 0 END)`.as('gold'),
      sql<number>`SUM(CASE WHEN is_gold = 0 AND submitted_count >= ${needed} THEN 1 ELSE 0 END)`.as('done'),
      sql<number>`SUM(CASE WHEN is_gold = 0 AND submitted_count < ${needed} AND submitted_count + active_leases > 0 THEN 1 ELSE 0 END)`.as('inProgress'),
    ])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), gold: Number(row.gold ?? 0), done: Number(row.done ?? 0), inProgress: Number(row.inProgress ?? 0) };
}

/**
 * Open non-gold tasks in the given domains this user has never been assigned. Counts over the open
 * index; for a huge backlog the caller may cap it (`limit`) since a tutor only needs "some" vs "none".
 */
export async function availableForUser(db: Db, projectId: number, userId: number, domains: string[] | null, limit: number): Promise<number> {
  let q = db
    .selectFrom('tasks as t')
    .select('t.id')
    .where('t.project_id', '=', projectId)
    .where('t.is_gold', '=', 0)
    .where('t.is_open', '=', 1)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('assignments as a').select('a.id').whereRef('a.task_id', '=', 't.id').where('a.user_id', '=', userId))));
  if (domains !== null) q = q.where('t.domain', 'in', domains);
  const row = await db
    .selectFrom(q.limit(limit).as('open'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
