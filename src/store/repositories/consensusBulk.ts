/**
 * The consensus batch's writes, in bulk: a million rows must not cost a million round trips or a
 * statement compiled per slice. SQLite: one prepared upsert, reused for every row (inside the caller's
 * transaction, on the one connection). PostgreSQL: one upsert per slice over arrays (`unnest`), so a
 * slice of 50,000 rows is one round trip. Same rule as `saveModelConsensus`: a reviewer's row is never
 * overwritten, nor a row formed from more judgments than this one (an incremental update in between).
 */
import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Store } from '../database.js';
import type { Db } from '../transaction.js';
import type { ModelConsensus } from './consensus.js';

const CONFLICT = `ON CONFLICT (task_id) DO UPDATE SET method = excluded.method, method_version = excluded.method_version,
  label = excluded.label, confidence = excluded.confidence, agreement = excluded.agreement, annotator_count = excluded.annotator_count,
  computed_at = excluded.computed_at
  WHERE task_consensus.source <> 'review' AND task_consensus.annotator_count <= excluded.annotator_count`;

type Upsert = SQLite.Statement<[number, number, string, string, string, number, number, number, number]>;
const upserts = new WeakMap<SQLite.Database, Upsert>();

function sqliteUpsert(raw: SQLite.Database): Upsert {
  let s = upserts.get(raw);
  if (!s) {
    s = raw.prepare(`INSERT INTO task_consensus
      (task_id, project_id, method, method_version, label, confidence, agreement, annotator_count, source, review_id, computed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'model', NULL, ?) ${CONFLICT}`);
    upserts.set(raw, s);
  }
  return s;
}

/**
 * Upsert model consensus rows within the caller's write transaction `db` (on SQLite, a transaction of
 * `store`'s one connection: writeTransaction / runInSlices).
 */
export async function saveModelConsensusBulk(store: Store, db: Db, rows: readonly ModelConsensus[]): Promise<void> {
  if (rows.length === 0) return;
  if (store.dialect === 'sqlite') {
    const upsert = sqliteUpsert(store.sqlite);
    for (const r of rows)
      upsert.run(r.taskId, r.projectId, r.method, r.methodVersion, r.label, r.confidence, r.agreement, r.annotatorCount, r.computedAt);
    return;
  }
  const col = <T>(f: (r: ModelConsensus) => T) => rows.map(f);
  await sql`INSERT INTO task_consensus
      (task_id, project_id, method, method_version, label, confidence, agreement, annotator_count, source, review_id, computed_at)
    SELECT v.task_id, v.project_id, v.method, v.method_version, v.label, v.confidence, v.agreement, v.annotator_count, 'model', NULL, v.computed_at
    FROM unnest(${col((r) => r.taskId)}::integer[], ${col((r) => r.projectId)}::integer[], ${col((r) => r.method)}::text[],
      ${col((r) => r.methodVersion)}::text[], ${col((r) => r.label)}::text[], ${col((r) => r.confidence)}::float8[],
      ${col((r) => r.agreement)}::float8[], ${col((r) => r.annotatorCount)}::integer[], ${col((r) => r.computedAt)}::bigint[])
      AS v(task_id, project_id, method, method_version, label, confidence, agreement, annotator_count, computed_at)
    ${sql.raw(CONFLICT)}`.execute(db);
}
