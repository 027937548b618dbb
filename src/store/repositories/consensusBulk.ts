/**
 * The consensus batch's writes, in bulk: a million rows must not cost a million round trips or a
 * statement compiled per slice. SQLite: one prepared upsert, reused for every row (inside the caller's
 * transaction, on the one connection), and the economics rollups moved by the slice in two grouped
 * statements instead of a row trigger per row (migration 038). PostgreSQL: one upsert per slice over
 * arrays (`unnest`), so a slice of 50,000 rows is one round trip. Same rule as `saveModelConsensus`: a reviewer's row is never
 * overwritten, nor a row formed from more judgments than this one (an incremental update in between).
 */
import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Store } from '../database.js';
import type { Db } from '../transaction.js';
import type { ModelConsensus } from './consensus.js';
import { applyContribution, TASK_CONSENSUS_JOIN, VERDICT_JOIN } from '../economicsRollupSql.js';

const CONFLICT = `ON CONFLICT (task_id) DO UPDATE SET method = excluded.method, method_version = excluded.method_version,
  label = excluded.label, confidence = excluded.confidence, agreement = excluded.agreement, annotator_count = excluded.annotator_count,
  computed_at = excluded.computed_at
  WHERE task_consensus.source <> 'review' AND task_consensus.annotator_count <= excluded.annotator_count`;

interface SqliteSlice {
  upsert: SQLite.Statement<[number, number, string, string, string, number, number, number, number]>;
  pause: SQLite.Statement<[]>;
  resume: SQLite.Statement<[]>;
  /** The slice's tasks' current judgments out of (−1) or into (+1) the rollups under their stored consensus. */
  out: SQLite.Statement<[string]>;
  in: SQLite.Statement<[string]>;
  /** The stored consensus of these tasks: task_id, label, confidence, source. */
  stored: SQLite.Statement<[string], [number, string, number, string]>;
}
const prepared = new WeakMap<SQLite.Database, SqliteSlice>();

function sqliteSlice(raw: SQLite.Database): SqliteSlice {
  let s = prepared.get(raw);
  if (!s) {
    const judgments = (sign: 1 | -1) =>
      applyContribution('sqlite', [
        {
          annotations: 'annotations n',
          consensus: TASK_CONSENSUS_JOIN,
          verdict: VERDICT_JOIN,
          where: 'n.task_id IN (SELECT value FROM json_each(?))',
          currentOnly: true,
        },
        sign,
      ]);
    s = {
      upsert: raw.prepare(`INSERT INTO task_consensus
      (task_id, project_id, method, method_version, label, confidence, agreement, annotator_count, source, review_id, computed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'model', NULL, ?) ${CONFLICT}`),
      pause: raw.prepare('INSERT OR IGNORE INTO economics_rollup_pause (paused) VALUES (1)'),
      resume: raw.prepare('DELETE FROM economics_rollup_pause'),
      out: raw.prepare(judgments(-1)),
      in: raw.prepare(judgments(1)),
      stored: raw
        .prepare<[string], [number, string, number, string]>(
          'SELECT task_id, label, confidence, source FROM task_consensus WHERE task_id IN (SELECT value FROM json_each(?))',
        )
        .raw(true),
    };
    prepared.set(raw, s);
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
    // The rollups move by the slice, grouped, with the row triggers standing aside (migration 038):
    // out under the consensus before the upsert, in under the one after it.
    // Only tasks whose consensus may move a judgment's kind take part (a re-run leaves most as they were).
    const s = sqliteSlice(store.sqlite);
    const stored = new Map(s.stored.all(JSON.stringify(rows.map((r) => r.taskId))).map((c) => [c[0], c]));
    const moving = JSON.stringify(
      rows
        .filter((r) => {
          const c = stored.get(r.taskId);
          return !c || c[1] !== r.label || c[2] !== r.confidence || c[3] !== 'model';
        })
        .map((r) => r.taskId),
    );
    s.pause.run();
    try {
      s.out.run(moving);
      for (const r of rows)
        s.upsert.run(r.taskId, r.projectId, r.method, r.methodVersion, r.label, r.confidence, r.agreement, r.annotatorCount, r.computedAt);
      s.in.run(moving);
    } finally {
      s.resume.run();
    }
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
