/**
 * Staged imports (migration 006). Rows are staged into `import_rows` in short write transactions,
 * which no reader of tasks ever looks at, then published into `tasks` a slice at a time (SQLite: the
 * writer is held for one slice, not the whole file) or in one transaction (PostgreSQL: writers do not
 * block each other). The `imports` row says where an import stands, so an abandoned one is found.
 */
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { PostgresStore, Store } from '../database.js';
import { copyStage } from './importCopy.js';
import type { Db } from '../transaction.js';
import { writeTransaction } from '../transaction.js';
import type { NewTask } from './tasks.js';

export interface ImportRecord {
  id: number;
  projectId: number;
  actorId: number | null;
  file: string;
  format: string;
  state: 'staging' | 'publishing';
  owner: string;
  imported: number;
  skipped: number;
  leftOut: number;
  heartbeatAt: number;
}

export interface StageOutcome {
  staged: number;
  /** Rows whose external id is already staged by this import (an earlier line), with that line's hash. */
  repeats: { index: number; storedHash: string }[];
}

export async function beginImport(
  db: Db,
  v: { projectId: number; actorId: number | null; file: string; format: string; owner: string; at: number },
): Promise<number> {
  const row = await db
    .insertInto('imports')
    .values({
      project_id: v.projectId,
      actor_id: v.actorId,
      file: v.file,
      format: v.format,
      state: 'staging',
      owner: v.owner,
      created_at: v.at,
      heartbeat_at: v.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Validated in full: from here the import is finished, even by another process after a crash. */
export async function markPublishing(db: Db, id: number, counts: { skipped: number; leftOut: number }, at: number): Promise<void> {
  await db
    .updateTable('imports')
    .set({ state: 'publishing', skipped: counts.skipped, left_out: counts.leftOut, heartbeat_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * PostgreSQL, inside the transaction that wrote the import's tasks: mark it published with its counts,
 * if `owner` still holds it (recovery elsewhere may have given it up as abandoned); null if not.
 */
export async function markPublished(
  db: Db,
  id: number,
  owner: string,
  counts: { imported: number; skipped: number; leftOut: number },
  at: number,
): Promise<ImportRecord | null> {
  const r = await db
    .updateTable('imports')
    .set({ state: 'publishing', imported: counts.imported, skipped: counts.skipped, left_out: counts.leftOut, heartbeat_at: at })
    .where('id', '=', id)
    .where('owner', '=', owner)
    .returningAll()
    .executeTakeFirst();
  return r ? toRecord(r) : null;
}

export async function touchImport(db: Db, id: number, at: number): Promise<void> {
  await db.updateTable('imports').set({ heartbeat_at: at }).where('id', '=', id).execute();
}

export async function deleteImportRecord(db: Db, id: number): Promise<void> {
  await db.deleteFrom('imports').where('id', '=', id).execute();
}

const toRecord = (r: {
  id: number;
  project_id: number;
  actor_id: number | null;
  file: string;
  format: string;
  state: 'staging' | 'publishing';
  owner: string;
  imported: number;
  skipped: number;
  left_out: number;
  heartbeat_at: number;
}): ImportRecord => ({
  id: r.id,
  projectId: r.project_id,
  actorId: r.actor_id,
  file: r.file,
  format: r.format,
  state: r.state,
  owner: r.owner,
  imported: Number(r.imported),
  skipped: Number(r.skipped),
  leftOut: Number(r.left_out),
  heartbeatAt: Number(r.heartbeat_at),
});

export async function listImports(db: Db): Promise<ImportRecord[]> {
  return (await db.selectFrom('imports').selectAll().orderBy('id').execute()).map(toRecord);
}

/** Take over an abandoned import: only one process wins (the owner it saw must still be there). */
export async function claimImport(db: Db, id: number, seenOwner: string, owner: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set({ owner, heartbeat_at: at })
    .where('id', '=', id)
    .where('owner', '=', seenOwner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Stored content hashes of the tasks with these external ids in the project: a read, no writer needed.
 * On SQLite one prepared statement per size (an import asks this for every batch); on PostgreSQL one
 * prepared statement taking the ids as an array.
 */
export function taskHashLookup(store: Store, projectId: number): (externalIds: string[]) => Promise<Map<string, string>> {
  const CHUNK = 500;
  const raw = store.sqlite;
  const statements = new Map<number, SQLite.Statement>();
  const statementFor = (n: number) => {
    let st = statements.get(n);
    if (!st) {
      st = raw!.prepare(
        `SELECT external_id AS id, content_hash AS hash FROM tasks WHERE project_id = ? AND external_id IN (${Array(n).fill('?').join(', ')})`,
      );
      statements.set(n, st);
    }
    return st;
  };
  return async (externalIds) => {
    const out = new Map<string, string>();
    if (store.dialect === 'postgres') {
      // One prepared statement with the ids as one array parameter, however many there are.
      const found = await store.pgPool.query<{ id: string; hash: string }>({
        name: 'tl_task_hashes',
        text: 'SELECT external_id AS id, content_hash AS hash FROM tasks WHERE project_id = $1 AND external_id = ANY($2::text[])',
        values: [projectId, externalIds],
      });
      for (const r of found.rows) out.set(r.id, r.hash);
      return out;
    }
    for (let from = 0; from < externalIds.length; from += CHUNK) {
      const ids = externalIds.slice(from, from + CHUNK);
      const rows = statementFor(ids.length).all(projectId, ...ids) as { id: string; hash: string }[];
      for (const r of rows) out.set(r.id, r.hash);
    }
    return out;
  };
}

/** Stages batches of one import, each in its own short write transaction. */
export interface RowStager {
  stage(rows: NewTask[]): Promise<StageOutcome>;
}

export function rowStager(store: Store, importId: number): RowStager {
  return store.dialect === 'sqlite' ? sqliteStager(store, store.sqlite, importId) : postgresStager(store, importId);
}

/** Rows per INSERT statement on SQLite: one statement for 50 rows costs far less than 50 (400 parameters is well under SQLite's limit). */
const SQLITE_ROWS_PER_STATEMENT = 50;
const SQLITE_COLUMNS = 8;

function sqliteStager(store: Store, raw: SQLite.Database, importId: number): RowStager {
  const statements = new Map<number, SQLite.Statement>();
  const insertOf = (rows: number) => {
    let st = statements.get(rows);
    if (!st) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      st = raw.prepare(
        `INSERT INTO import_rows (import_id, external_id, domain, payload, gold, is_gold, content_hash, priority)
         VALUES ${values} ON CONFLICT (import_id, external_id) DO NOTHING`,
      );
      statements.set(rows, st);
    }
    return st;
  };
  const stored = raw.prepare(`SELECT id, content_hash AS hash FROM import_rows WHERE import_id = ? AND external_id = ?`);
  const maxId = raw.prepare(`SELECT COALESCE(MAX(id), 0) FROM import_rows`).pluck();
  const args: unknown[] = [];
  return {
    stage: (rows) =>
      writeTransaction(
        store,
        async () => {
          const out: StageOutcome = { staged: 0, repeats: [] };
          // This transaction is the only writer: rows a statement inserted are the ones above `lastId`.
          let lastId = Number(maxId.get());
          for (let from = 0; from < rows.length; from += SQLITE_ROWS_PER_STATEMENT) {
            const n = Math.min(SQLITE_ROWS_PER_STATEMENT, rows.length - from);
            args.length = n * SQLITE_COLUMNS;
            for (let i = 0, a = 0; i < n; i++, a += SQLITE_COLUMNS) {
              const r = rows[from + i];
              args[a] = importId;
              args[a + 1] = r.externalId;
              args[a + 2] = r.domain;
              args[a + 3] = r.payload;
              args[a + 4] = r.gold;
              args[a + 5] = r.gold === null ? 0 : 1;
              args[a + 6] = r.contentHash;
              args[a + 7] = r.priority;
            }
            const info = insertOf(n).run(args);
            out.staged += info.changes;
            if (info.changes < n) {
              // Some ids were staged already (or repeat within the statement): the first row to carry a fresh id is the one staged.
              const claimed = new Set<number>();
              for (let i = 0; i < n; i++) {
                const row = stored.get(importId, rows[from + i].externalId) as { id: number; hash: string };
                if (row.id > lastId && !claimed.has(row.id)) claimed.add(row.id);
                else out.repeats.push({ index: from + i, storedHash: row.hash });
              }
            }
            if (info.changes > 0) lastId = Number(info.lastInsertRowid);
          }
          return out;
        },
        { retry: false },
      ),
  };
}

function postgresStager(store: PostgresStore, importId: number): RowStager {
  return {
    async stage(rows) {
      const out: StageOutcome = { staged: 0, repeats: [] };
      if (rows.length === 0) return out;
      const fresh = await copyStage(store.pgPool, importId, rows);
      out.staged = fresh.size;
      const repeated: number[] = [];
      rows.forEach((r, i) => {
        // The first row with a fresh id was the one staged; any later one in the batch is a repeat.
        if (fresh.has(r.externalId)) fresh.delete(r.externalId);
        else repeated.push(i);
      });
      if (repeated.length > 0) {
        const stored = await store.db
          .selectFrom('import_rows')
          .select(['external_id', 'content_hash'])
          .where('import_id', '=', importId)
          .where(
            'external_id',
            'in',
            repeated.map((i) => rows[i].externalId),
          )
          .execute();
        const byId = new Map(stored.map((s) => [s.external_id, s.content_hash]));
        for (const i of repeated) out.repeats.push({ index: i, storedHash: byId.get(rows[i].externalId)! });
      }
      return out;
    },
  };
}

/**
 * The last id of the next `limit` staged rows of an import, in staging (= line) order, or null when
 * none are left. `+import_id` keeps SQLite from taking the (import_id, external_id) index and sorting.
 */
async function sliceEnd(db: Db, importId: number, limit: number): Promise<number | null> {
  const r = await sql<{
    hi: number | null;
  }>`SELECT MAX(id) AS hi FROM (SELECT id FROM import_rows WHERE +import_id = ${importId} ORDER BY id LIMIT ${limit}) s`.execute(db);
  const hi = r.rows[0]?.hi;
  return hi === null || hi === undefined ? null : Number(hi);
}

/**
 * Move up to `limit` staged rows into `tasks` (in line order, so task ids follow the file) and delete
 * them from staging, inside the caller's write transaction. Returns the rows inserted (an id that
 * reached the project meanwhile is kept as it is) and whether any staged rows were moved.
 */
export async function publishSlice(
  db: Db,
  importId: number,
  projectId: number,
  at: number,
  limit: number,
): Promise<{ inserted: number; moved: boolean }> {
  const hi = await sliceEnd(db, importId, limit);
  if (hi === null) return { inserted: 0, moved: false };
  const r = await sql`INSERT INTO tasks (project_id, external_id, domain, payload, gold, is_gold, content_hash, priority, created_at)
    SELECT ${projectId}, external_id, domain, payload, gold, is_gold, content_hash, priority, ${at}
    FROM import_rows WHERE +import_id = ${importId} AND id <= ${hi} ORDER BY id
    ON CONFLICT (project_id, external_id) DO NOTHING`.execute(db);
  await sql`DELETE FROM import_rows WHERE +import_id = ${importId} AND id <= ${hi}`.execute(db);
  const inserted = Number(r.numAffectedRows ?? 0);
  await db
    .updateTable('imports')
    .set((eb) => ({ imported: eb('imported', '+', inserted), heartbeat_at: at }))
    .where('id', '=', importId)
    .execute();
  return { inserted, moved: true };
}

/** Delete up to `limit` staged rows of an import (a discarded one); false once none are left. */
export async function discardSlice(db: Db, importId: number, limit: number): Promise<boolean> {
  const hi = await sliceEnd(db, importId, limit);
  if (hi === null) return false;
  await sql`DELETE FROM import_rows WHERE +import_id = ${importId} AND id <= ${hi}`.execute(db);
  return true;
}

export async function importRecord(db: Db, id: number): Promise<ImportRecord | null> {
  const r = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRecord(r) : null;
}
