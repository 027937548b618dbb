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
import { openSqliteForWorker } from '../workerConnections.js';
import type { Db } from '../transaction.js';
import type { ModelConsensus } from './consensus.js';
import {
  applyConsensusMove,
  applyContribution,
  applyDeltasFromJson,
  type ContributionSource,
  consensusClassSql,
  consensusMoveSelect,
  TASK_CONSENSUS_JOIN,
  VERDICT_JOIN,
} from '../economicsRollupSql.js';
import { APPLY_CONSENSUS_DELTA, ConsensusRollupDeltas } from '../consensusRollupSql.js';

const CONFLICT = `ON CONFLICT (task_id) DO UPDATE SET method = excluded.method, method_version = excluded.method_version,
  label = excluded.label, confidence = excluded.confidence, agreement = excluded.agreement, annotator_count = excluded.annotator_count,
  computed_at = excluded.computed_at
  WHERE task_consensus.source <> 'review' AND task_consensus.annotator_count <= excluded.annotator_count`;

/** Rows per upsert statement, largest first (see `upsertRows`). */
const UPSERT_ROWS = [128, 16, 1] as const;
const COLUMNS =
  '(task_id, project_id, method, method_version, label, confidence, agreement, annotator_count, source, review_id, computed_at)';

/**
 * SQLite: the judgments of a slice's tasks that had no consensus, with the rows the slice gives them
 * (a JSON array of [task id, label, confidence, project id]) as `c`, each row's class read from its label
 * once (behind a fence) rather than once per judgment (~20 % of the moves' cost). `unknownFirsts`: the
 * rows are not known to be firsts, and those of tasks with a consensus are left out.
 */
function slicesNewRows(unknownFirsts: boolean): ContributionSource {
  return {
    annotations: `(SELECT task_id, label, confidence, source, ${consensusClassSql('sqlite', 'cp.type', 'label')} AS cons_class
        FROM (SELECT j.value ->> 0 AS task_id, j.value ->> 1 AS label, j.value ->> 2 AS confidence, j.value ->> 3 AS project_id,
          'model' AS source FROM json_each(?) j LIMIT -1) r
        JOIN economics_projects cp ON cp.project_id = r.project_id LIMIT -1) c
      JOIN annotations n ON n.task_id = c.task_id`,
    consensus: '',
    verdict: VERDICT_JOIN,
    where: unknownFirsts ? 'NOT EXISTS (SELECT 1 FROM task_consensus x WHERE x.task_id = c.task_id)' : 'true',
    currentOnly: true,
    consensusClass: 'c.cons_class',
  };
}

/**
 * The economics moves of the tasks of a slice that have no consensus yet, formed from the slice's new
 * rows themselves instead of from `task_consensus`, so that another connection, which cannot see the
 * write transaction's rows, can form them: a read begun while this transaction holds the write lock sees
 * every commit before it, which is what this transaction saw before its own writes, and the judgments,
 * tasks, terms and verdicts the moves read are not written by the batch. The grouped rows
 * `consensusMoveSelect` answers.
 */
export const FIRST_MOVES_FROM_JSON = consensusMoveSelect('sqlite', slicesNewRows(true), 'insert');

/** The JSON of rows `slicesNewRows` reads. */
const newRowsJson = (rows: readonly ModelConsensus[]) => JSON.stringify(rows.map((r) => [r.taskId, r.label, r.confidence, r.projectId]));

/** The moves another connection formed, and how long it took (ms). */
export interface FormedMoves {
  moves: unknown[][];
  ms: number;
}

/** What one slice's moves cost each side (ms), and how many rows each formed them for. */
export interface SliceTiming {
  /** The writing thread's own work on the slice: its reads and writes, not the moves. */
  ownMs: number;
  rows: number;
  /** The writing thread forming the moves of its share, and the rows in it. */
  hereMs: number;
  here: number;
  /** The other connection forming the rest's. */
  thereMs: number;
  there: number;
}

/**
 * Forms FIRST_MOVES_FROM_JSON on another connection, in another thread (services/consensus/firstMoves.ts),
 * for the first part of each slice; the writing thread forms the rest's in its transaction meanwhile, so
 * that neither waits long for the other.
 */
export interface FirstMoves {
  form(rowsJson: string): Promise<FormedMoves>;
  /** The share (0–1) of a slice's rows whose moves the writing thread forms itself. */
  writerShare(): number;
  /** Told after each slice what it cost each side. */
  formed(timing: SliceTiming): void;
}

/**
 * That other connection: read-only, to the SQLite file `file`. Its page cache starts cold at every slice
 * (SQLite drops a connection's cache once another has written), so it spends ~35 % more per task than
 * the writing connection would; it still pays, running on the other core.
 */
export function firstMovesReader(file: string): (rowsJson: string) => FormedMoves {
  const moves = openSqliteForWorker(file).prepare(FIRST_MOVES_FROM_JSON).raw(true);
  return (rowsJson) => {
    const started = performance.now();
    const formed = moves.all(rowsJson) as unknown[][];
    return { moves: formed, ms: performance.now() - started };
  };
}

interface SqliteSlice {
  /** The upsert of n rows at once, for each n of UPSERT_ROWS. */
  upserts: Map<number, SQLite.Statement<(string | number)[]>>;
  pause: SQLite.Statement<[]>;
  resume: SQLite.Statement<[]>;
  /** The slice's tasks' current judgments out of (−1) or into (+1) the rollups under their stored consensus. */
  out: SQLite.Statement<[string]>;
  in: SQLite.Statement<[string]>;
  /** Tasks that had no consensus (their new rows, `newRowsJson`): their judgments moved from none to the new one, each judgment formed once. */
  firstIn: SQLite.Statement<[string]>;
  /** The first consensus's moves formed on another connection (`FirstMoves`), added to the rollups. */
  applyMoves: SQLite.Statement<[string]>;
  /** One group's delta of the consensus rollups (migration 040). */
  consensusDelta: SQLite.Statement<(string | number)[]>;
  /** These tasks with their stored consensus, if any; `storedOnly` without reading the tasks (domain and is_gold null). */
  stored: SQLite.Statement<[string], StoredRow>;
  storedOnly: SQLite.Statement<[string], StoredRow>;
}
/**
 * task id, its task's domain and is_gold (null when no such task), then the stored consensus's label,
 * confidence, source, method, method_version, annotator_count (all null without one).
 */
type StoredRow = [
  number,
  string | null,
  number | null,
  string | null,
  number | null,
  string | null,
  string | null,
  string | null,
  number | null,
];
const prepared = new WeakMap<SQLite.Database, SqliteSlice>();

/** The `StoredRow`s of a JSON array of task ids; without `readTasks`, domain and is_gold are null. */
const storedSql = (readTasks: boolean) =>
  `SELECT j.value, ${readTasks ? 't.domain, t.is_gold' : 'NULL, NULL'}, c.label, c.confidence, c.source, c.method, c.method_version, c.annotator_count
  FROM json_each(?) j ${readTasks ? 'LEFT JOIN tasks t ON t.id = j.value' : ''} LEFT JOIN task_consensus c ON c.task_id = j.value`;

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
      upserts: new Map(
        UPSERT_ROWS.map((n) => [
          n,
          raw.prepare(`INSERT INTO task_consensus ${COLUMNS}
          VALUES ${Array(n).fill("(?, ?, ?, ?, ?, ?, ?, ?, 'model', NULL, ?)").join(', ')} ${CONFLICT}`),
        ]),
      ),
      pause: raw.prepare('INSERT OR IGNORE INTO economics_rollup_pause (paused) VALUES (1)'),
      resume: raw.prepare('DELETE FROM economics_rollup_pause'),
      out: raw.prepare(judgments(-1)),
      in: raw.prepare(judgments(1)),
      firstIn: raw.prepare(applyConsensusMove('sqlite', slicesNewRows(false), 'insert')),
      applyMoves: raw.prepare(applyDeltasFromJson()),
      consensusDelta: raw.prepare(APPLY_CONSENSUS_DELTA),
      stored: raw.prepare<[string], StoredRow>(storedSql(true)).raw(true),
      storedOnly: raw.prepare<[string], StoredRow>(storedSql(false)).raw(true),
    };
    prepared.set(raw, s);
  }
  return s;
}

/**
 * Upsert model consensus rows within the caller's write transaction `db` (on SQLite, a transaction of
 * `store`'s one connection: writeTransaction / runInSlices). `firstMoves` (SQLite): the moves of tasks
 * without a consensus yet are formed there (its share of them) beside this thread's writes, and the rest here.
 * `domain` (SQLite): every row's task is a production task of this domain (the categorical batch writes
 * a domain at a time, from the tasks it read), so the tasks are not read again (~1 µs a row of the
 * writer's time: a task is read from its row, payload and all). A task's domain and gold flag never
 * change once imported.
 * Answers how many of the rows were a task's first consensus (SQLite; 0 on PostgreSQL, whose triggers
 * form every move).
 */
export async function saveModelConsensusBulk(
  store: Store,
  db: Db,
  rows: readonly ModelConsensus[],
  firstMoves?: FirstMoves,
  domain?: string,
): Promise<number> {
  if (rows.length === 0) return 0;
  if (store.dialect === 'sqlite') {
    // The rollups move by the slice, grouped, with the row triggers standing aside (migration 038):
    // out under the consensus before the upsert, in under the one after it (a task that had none: both
    // in one pass after it, each judgment formed once, as the PostgreSQL insert trigger does).
    // Economics: only tasks whose consensus may move a judgment's kind take part (a re-run leaves most as
    // they were). Consensus rollups: every row of the slice (the batch's version names its run, so each moves).
    const started = performance.now();
    const s = sqliteSlice(store.sqlite);
    // The first `there` rows' moves are asked first, so that the other connection forms them while this one
    // reads and writes the slice and forms the rest's.
    const there = firstMoves ? rows.length - Math.round(rows.length * firstMoves.writerShare()) : 0;
    const formed = there > 0 ? firstMoves!.form(newRowsJson(rows.slice(0, there))) : undefined;
    formed?.catch(() => undefined);
    const ids = JSON.stringify(rows.map((r) => r.taskId));
    const stored = new Map(
      domain === undefined
        ? s.stored.all(ids).map((c) => [c[0], c])
        : s.storedOnly.all(ids).map((c): [number, StoredRow] => [c[0], [c[0], domain, 0, c[3], c[4], c[5], c[6], c[7], c[8]]]),
    );
    // Tasks without a consensus yet (a first batch: all of them) move in one pass after the upsert, the
    // others out under what they had before it and in under what they have after.
    const replaced: number[] = [];
    const firstHere: ModelConsensus[] = [];
    let firsts = 0;
    rows.forEach((r, i) => {
      const c = stored.get(r.taskId)!;
      if (c[3] === null) {
        firsts++;
        if (i >= there) firstHere.push(r);
      } else if (c[3] !== r.label || c[4] !== r.confidence || c[5] !== 'model') replaced.push(r.taskId);
    });
    const moving = JSON.stringify(replaced);
    // Consensus rollups: each row the upsert wrote out under what was stored, in under what it wrote.
    const deltas = new ConsensusRollupDeltas();
    s.pause.run();
    try {
      s.out.run(moving);
      const changes = upsertRows(s, rows);
      let foreseen = 0;
      for (const r of rows) {
        const task = stored.get(r.taskId)!;
        if (!upsertWrites(task, r)) continue;
        foreseen++;
        const [, domain, isGold, label, confidence, source, method, methodVersion] = task;
        // The consensus rollups count production tasks (a row for no task counts nowhere).
        if (domain === null || isGold === 1) continue;
        if (label !== null) deltas.add(r.taskId, r.projectId, domain, method!, methodVersion!, confidence!, source!, -1);
        deltas.add(r.taskId, r.projectId, domain, r.method, r.methodVersion, r.confidence, 'model', 1);
      }
      if (changes !== foreseen) throw new Error(`consensus batch: ${changes} rows written where ${foreseen} were foreseen`);
      for (const p of deltas.parameters()) s.consensusDelta.run(...p);
      s.in.run(moving);
      const here = performance.now();
      if (firstHere.length > 0) s.firstIn.run(newRowsJson(firstHere));
      const needed = performance.now();
      const { moves, ms } = formed ? await formed : { moves: [], ms: 0 };
      const applying = performance.now();
      if (moves.length > 0) s.applyMoves.run(JSON.stringify(moves));
      const ownMs = here - started + (performance.now() - applying);
      firstMoves?.formed({ ownMs, rows: rows.length, hereMs: needed - here, here: rows.length - there, thereMs: ms, there });
    } finally {
      s.resume.run();
    }
    return firsts;
  }
  // The insert trigger groups each new row's judgments into rollup deltas (3 per task, 150,000 in a
  // 50,000-row slice): with the default 4 MB of work memory PostgreSQL sorts them on disk; with this it
  // groups them in a hash table (3.5 -> 2.8 s for 148,500 rows), for this transaction only.
  await sql`SET LOCAL work_mem = '64MB'`.execute(db);
  const col = <T>(f: (r: ModelConsensus) => T) => rows.map(f);
  await sql`INSERT INTO task_consensus
      (task_id, project_id, method, method_version, label, confidence, agreement, annotator_count, source, review_id, computed_at)
    SELECT v.task_id, v.project_id, v.method, v.method_version, v.label, v.confidence, v.agreement, v.annotator_count, 'model', NULL, v.computed_at
    FROM unnest(${col((r) => r.taskId)}::integer[], ${col((r) => r.projectId)}::integer[], ${col((r) => r.method)}::text[],
      ${col((r) => r.methodVersion)}::text[], ${col((r) => r.label)}::text[], ${col((r) => r.confidence)}::float8[],
      ${col((r) => r.agreement)}::float8[], ${col((r) => r.annotatorCount)}::integer[], ${col((r) => r.computedAt)}::bigint[])
      AS v(task_id, project_id, method, method_version, label, confidence, agreement, annotator_count, computed_at)
    ${sql.raw(CONFLICT)}`.execute(db);
  return 0;
}

/**
 * The slice's rows upserted a statement of many rows at a time. `task_consensus` has triggers whose
 * bodies upsert (standing aside here, see above): their mere presence makes SQLite keep a statement
 * journal, a copy of every page the statement first changes, at every execution. Row by row that cost
 * ~11 µs a row at 100,000 rows (14 against 3.3 without the triggers); with 128 rows to a statement
 * pages are shared and it falls to ~1–4 µs. Returns the rows written (not counting triggers'), which the
 * caller checks against those `upsertWrites` foresaw for its rollup deltas.
 */
function upsertRows(s: SqliteSlice, rows: readonly ModelConsensus[]): number {
  let changes = 0;
  let i = 0;
  for (const n of UPSERT_ROWS) {
    const statement = s.upserts.get(n)!;
    for (; i + n <= rows.length; i += n) {
      const values: (string | number)[] = [];
      for (let k = i; k < i + n; k++) {
        const r = rows[k];
        values.push(r.taskId, r.projectId, r.method, r.methodVersion, r.label, r.confidence, r.agreement, r.annotatorCount, r.computedAt);
      }
      changes += statement.run(...values).changes;
    }
  }
  return changes;
}

/** Whether the upsert writes `row` over the stored one (CONFLICT's rule): none stored, or a model's formed from no more judgments. */
function upsertWrites(stored: StoredRow, row: ModelConsensus): boolean {
  const [, , , label, , source, , , annotatorCount] = stored;
  return label === null || (source !== 'review' && annotatorCount! <= row.annotatorCount);
}

/** Rollup rows that count nothing any more (a batch's earlier version): the batch clears its project's
 * after its run (a row at 0 means nothing; clearing one is safe whenever it happens). */
export async function clearEmptyConsensusRollups(db: Db, projectId: number): Promise<void> {
  await db.deleteFrom('consensus_rollups').where('project_id', '=', projectId).where('tasks', '=', 0).execute();
}
