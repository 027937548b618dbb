/**
 * The consensus batch's writes, in bulk: a million rows must not cost a million round trips or a
 * statement compiled per slice. SQLite: one prepared upsert, reused for every row (inside the caller's
 * transaction, on the one connection), and the economics and consensus rollups moved by the slice in
 * grouped statements instead of a row trigger per row (migrations 038, 040). PostgreSQL: one upsert per slice over
 * arrays (`unnest`), so a slice of 50,000 rows is one round trip. Same rule as `saveModelConsensus`: a reviewer's row is never
 * overwritten, nor a row formed from more judgments than this one (an incremental update in between).
 */
import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Store } from '../database.js';
import type { Db } from '../transaction.js';
import type { ModelConsensus } from './consensus.js';
import { applyConsensusMove, applyContribution, TASK_CONSENSUS_JOIN, VERDICT_JOIN } from '../economicsRollupSql.js';
import { APPLY_CONSENSUS_DELTA, ConsensusRollupDeltas } from '../consensusRollupSql.js';

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
  /** Tasks that had no consensus: their judgments moved from none to the new one, each judgment formed once. */
  firstIn: SQLite.Statement<[string]>;
  /** One group's delta of the consensus rollups (migration 040). */
  consensusDelta: SQLite.Statement<(string | number)[]>;
  /** These tasks with their stored consensus, if any. */
  stored: SQLite.Statement<[string], StoredRow>;
}
/** task id, domain, is_gold, then the stored consensus's label, confidence, source, method, method_version (all null without one). */
type StoredRow = [number, string, number, string | null, number | null, string | null, string | null, string | null];
const prepared = new WeakMap<SQLite.Database, SqliteSlice>();

function sqliteSlice(raw: SQLite.Database): SqliteSlice {
  let s = prepared.get(raw);
  if (!s) {
    const slice = {
      annotations: 'annotations n',
      consensus: TASK_CONSENSUS_JOIN,
      verdict: VERDICT_JOIN,
      where: 'n.task_id IN (SELECT value FROM json_each(?))',
      currentOnly: true,
    };
    const judgments = (sign: 1 | -1) => applyContribution('sqlite', [slice, sign]);
    s = {
      upsert: raw.prepare(`INSERT INTO task_consensus
      (task_id, project_id, method, method_version, label, confidence, agreement, annotator_count, source, review_id, computed_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'model', NULL, ?) ${CONFLICT}`),
      pause: raw.prepare('INSERT OR IGNORE INTO economics_rollup_pause (paused) VALUES (1)'),
      resume: raw.prepare('DELETE FROM economics_rollup_pause'),
      out: raw.prepare(judgments(-1)),
      in: raw.prepare(judgments(1)),
      firstIn: raw.prepare(applyConsensusMove('sqlite', slice, 'insert')),
      consensusDelta: raw.prepare(APPLY_CONSENSUS_DELTA),
      stored: raw
        .prepare<[string], StoredRow>(
          `SELECT t.id, t.domain, t.is_gold, c.label, c.confidence, c.source, c.method, c.method_version
          FROM json_each(?) j JOIN tasks t ON t.id = j.value LEFT JOIN task_consensus c ON c.task_id = t.id`,
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
    // out under the consensus before the upsert, in under the one after it (a task that had none: both
    // in one pass after it, each judgment formed once, as the PostgreSQL insert trigger does).
    // Economics: only tasks whose consensus may move a judgment's kind take part (a re-run leaves most as
    // they were). Consensus rollups: every row of the slice (the batch's version names its run, so each moves).
    const s = sqliteSlice(store.sqlite);
    const stored = new Map(s.stored.all(JSON.stringify(rows.map((r) => r.taskId))).map((c) => [c[0], c]));
    // Tasks without a consensus yet (a first batch: all of them) move in one pass after the upsert, the
    // others out under what they had before it and in under what they have after.
    const replaced: number[] = [];
    const first: number[] = [];
    for (const r of rows) {
      const c = stored.get(r.taskId);
      if (!c || c[3] === null) first.push(r.taskId);
      else if (c[3] !== r.label || c[4] !== r.confidence || c[5] !== 'model') replaced.push(r.taskId);
    }
    const moving = JSON.stringify(replaced);
    // Consensus rollups: each row the upsert wrote (`changes`, not counting triggers') out under what
    // was stored, in under what it wrote.
    const deltas = new ConsensusRollupDeltas();
    s.pause.run();
    try {
      s.out.run(moving);
      for (const r of rows) {
        const written = s.upsert.run(
          r.taskId,
          r.projectId,
          r.method,
          r.methodVersion,
          r.label,
          r.confidence,
          r.agreement,
          r.annotatorCount,
          r.computedAt,
        ).changes;
        const task = stored.get(r.taskId);
        if (written === 0 || !task || task[2] === 1) continue;
        const [, domain, , label, confidence, source, method, methodVersion] = task;
        if (label !== null) deltas.add(r.taskId, r.projectId, domain, method!, methodVersion!, confidence!, source!, -1);
        deltas.add(r.taskId, r.projectId, domain, r.method, r.methodVersion, r.confidence, 'model', 1);
      }
      for (const p of deltas.parameters()) s.consensusDelta.run(...p);
      s.in.run(moving);
      if (first.length > 0) s.firstIn.run(JSON.stringify(first));
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

/** Rollup rows that count nothing any more (a batch's earlier version): the batch clears its project's
 * after its run (a row at 0 means nothing; clearing one is safe whenever it happens). */
export async function clearEmptyConsensusRollups(db: Db, projectId: number): Promise<void> {
  await db.deleteFrom('consensus_rollups').where('project_id', '=', projectId).where('tasks', '=', 0).execute();
}
