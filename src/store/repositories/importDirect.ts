/**
 * An import on PostgreSQL, written straight into `tasks` inside one transaction on one connection:
 * each batch is copied in with `COPY` (text format, importCopy.ts) as soon as it is parsed, and the
 * transaction commits only once the whole file is read and found good. Readers never see an
 * uncommitted row, so the file still lands whole or not at all, and a crash rolls it all back; but
 * every row is written once, not staged and then moved (the staging table cost as much again, and
 * its move waited for the end of the file).
 *
 * PostgreSQL's writers do not block one another (tutors' next/submit touch other rows); the only
 * wait is for another transaction inserting one of the same external ids, which then fails this
 * import with a clear error (a retry skips what is already there).
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PostgresStore, Store } from '../database.js';
import type { Database } from '../schema.js';
import { copyField, copyLines } from './importCopy.js';
import type { StageOutcome } from './imports.js';
import type { NewTask } from './tasks.js';

const TASKS_COPY = 'COPY tasks (project_id, external_id, domain, payload, gold, is_gold, content_hash, priority, created_at) FROM STDIN';
const UNIQUE_VIOLATION = '23505';

export interface DirectImport {
  /** Stored content hashes of these external ids in the project, with the rows of every batch this import has staged (settled). */
  present(externalIds: string[]): Promise<Map<string, string>>;
  /** Write a batch of rows whose ids are not in the project; a repeat within the batch is written once, from its first row. */
  stage(rows: NewTask[]): Promise<StageOutcome>;
  /** Run `finish` inside the transaction, then commit it. */
  commit<T>(finish: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Roll everything back (safe to call after a failed commit, or twice). */
  rollback(): Promise<void>;
}

/** A task of this file was inserted by another transaction meanwhile: nothing of this import is kept. */
export class ConcurrentInsertError extends Error {}

/**
 * How this store takes an import: PostgreSQL straight into `tasks` (below); SQLite, whose one writer must not
 * be held for a whole upload, through the staging table (null: the caller stages, then publishes in slices).
 */
export function directImportFor(store: Store, projectId: number, createdAt: number): DirectImport | null {
  return store.dialect === 'postgres' ? openDirectImport(store, projectId, createdAt) : null;
}

/** The transaction begins with the first batch: a file refused before any is written never takes a connection. */
export function openDirectImport(store: PostgresStore, projectId: number, createdAt: number): DirectImport {
  let connection: Promise<pg.PoolClient> | null = null;
  let client!: pg.PoolClient;
  let failed: Error | undefined;
  let open = false;
  const begin = async () => {
    connection ??= (async () => {
      const c = await store.pgPool.connect();
      try {
        await c.query('BEGIN');
      } catch (e) {
        c.release(e as Error);
        throw e;
      }
      client = c;
      open = true;
      return c;
    })();
    return connection;
  };
  const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
    if (!open) return;
    open = false;
    try {
      await client.query(statement);
    } catch (e) {
      failed ??= e as Error;
      if (statement === 'COMMIT') await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      // A connection that failed mid-COPY is not handed out again.
      client.release(failed);
    }
  };
  const line = (r: NewTask) =>
    `${projectId}\t${copyField(r.externalId)}\t${copyField(r.domain)}\t${copyField(r.payload)}\t${copyField(r.gold)}\t${
      r.gold === null ? 0 : 1
    }\t${copyField(r.contentHash)}\t${r.priority}\t${createdAt}\n`;
  return {
    async present(externalIds) {
      try {
        // Before the first batch is written there is nothing of this import to see: any connection will do.
        const found = await (connection ? await connection : store.pgPool).query<{ id: string; hash: string }>({
          name: 'tl_direct_task_hashes',
          text: 'SELECT external_id AS id, content_hash AS hash FROM tasks WHERE project_id = $1 AND external_id = ANY($2::text[])',
          values: [projectId, externalIds],
        });
        return new Map(found.rows.map((r) => [r.id, r.hash]));
      } catch (e) {
        // Queued behind a batch that failed: the transaction is aborted; say why, not that it is.
        throw failed ?? e;
      }
    },
    async stage(rows) {
      const out: StageOutcome = { staged: 0, repeats: [] };
      // A repeat within the batch: the first row with the id is the one kept (later batches find it with `present`).
      const first = new Map<string, number>();
      const fresh: NewTask[] = [];
      rows.forEach((r, i) => {
        const at = first.get(r.externalId);
        if (at === undefined) {
          first.set(r.externalId, i);
          fresh.push(r);
        } else out.repeats.push({ index: i, storedHash: rows[at].contentHash });
      });
      if (fresh.length === 0) return out;
      await begin();
      try {
        await pipeline(Readable.from(copyLines(fresh, line)), client.query(copyFrom(TASKS_COPY)));
      } catch (e) {
        failed =
          (e as { code?: string }).code === UNIQUE_VIOLATION
            ? new ConcurrentInsertError('some of these tasks were added to the project by another import while this one ran')
            : (e as Error);
        throw failed;
      }
      out.staged = fresh.length;
      return out;
    },
    async commit<T>(finish: (db: Kysely<Database>) => Promise<T>): Promise<T> {
      await begin(); // an import of nothing new still records, audits and announces itself in one transaction
      // The finishing statements run on this transaction's connection (a pool of one that never lets go of it).
      const pinned = { connect: async () => ({ query: client.query.bind(client), release: () => undefined }), end: async () => undefined };
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pinned as unknown as pg.Pool }) });
      let out: T;
      try {
        out = await finish(db);
      } catch (e) {
        await end('ROLLBACK').catch(() => undefined);
        throw e;
      }
      await end('COMMIT');
      return out;
    },
    async rollback() {
      await connection?.catch(() => undefined);
      await end('ROLLBACK').catch(() => undefined);
    },
  };
}
