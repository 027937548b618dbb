/**
 * The SQL that keeps `consensus_rollups` (migration 040) in step with `task_consensus`: per project,
 * domain, method, method version and shard, how many production (non-gold) tasks hold a consensus,
 * the sum of their confidences, how many sit below CONSENSUS_LOW_CONFIDENCE and how many a reviewer
 * decided. The Quality page's consensus summary reads these rows instead of joining every consensus
 * row of a project with its task (0.9 s of its 3.3 s at a million tasks).
 *
 * Every change is a signed delta: a written row counts +1 under its new values, −1 under its old.
 * Rows are spread over CONSENSUS_SHARDS by task id so that live consensus writes of many tutors on
 * PostgreSQL do not all wait for one row's lock; readers sum the shards. A row whose count returns to
 * 0 means nothing and readers skip it; the batch clears a project's (`clearEmptyConsensusRollups`).
 */
import { CONSENSUS_LOW_CONFIDENCE } from '../domain/quality.js';

export const CONSENSUS_SHARDS = 16;

/**
 * How rows find their task. `probe` (PostgreSQL's triggers): by primary key, row by row, through a
 * LATERAL subquery with a LIMIT, which the planner cannot flatten into a join. PostgreSQL knows nothing
 * of a transition table's size; with a plain join the trigger took 0.95 s per 50,000-row slice at a
 * million tasks, with the probe 0.56 s (JIT on in both; 0.24 s with `jit = off`, store/pgSession.ts).
 * `join`: a plain join, for SQLite (which probes the key anyway) and for whole tables.
 */
export type TaskLookup = 'probe' | 'join';
const taskOf = (lookup: TaskLookup) =>
  lookup === 'probe'
    ? 'CROSS JOIN LATERAL (SELECT t.domain, t.is_gold FROM tasks t WHERE t.id = c.task_id LIMIT 1) t'
    : 'JOIN tasks t ON t.id = c.task_id';

/** `rows`: a SELECT of task_id, project_id, method, method_version, confidence, source, sign (±1). */
function deltaSelect(lookup: TaskLookup, rows: string): string {
  return `SELECT c.project_id, t.domain, c.method, c.method_version, c.task_id % ${CONSENSUS_SHARDS} AS shard,
      sum(c.sign) AS tasks, sum(c.sign * c.confidence) AS confidence_sum,
      sum(CASE WHEN c.confidence < ${CONSENSUS_LOW_CONFIDENCE} THEN c.sign ELSE 0 END) AS below,
      sum(CASE WHEN c.source = 'review' THEN c.sign ELSE 0 END) AS by_review
    FROM (${rows}) c ${taskOf(lookup)}
    WHERE t.is_gold = 0
    GROUP BY c.project_id, t.domain, c.method, c.method_version, c.task_id % ${CONSENSUS_SHARDS}`;
}

const INSERT = 'INSERT INTO consensus_rollups (project_id, domain, method, method_version, shard, tasks, confidence_sum, below, by_review)';
const ADD = `ON CONFLICT (project_id, domain, method, method_version, shard) DO UPDATE SET
      tasks = consensus_rollups.tasks + excluded.tasks,
      confidence_sum = consensus_rollups.confidence_sum + excluded.confidence_sum,
      below = consensus_rollups.below + excluded.below,
      by_review = consensus_rollups.by_review + excluded.by_review`;

/** Adds the grouped delta of `rows` (see deltaSelect) to the rollups. */
export function applyConsensusRollup(rows: string, lookup: TaskLookup = 'join'): string {
  // Groups that net to nothing are not written. (A WHERE is also SQLite's rule for an upsert from a SELECT.)
  return `${INSERT}
    SELECT * FROM (${deltaSelect(lookup, rows)}) d WHERE NOT (d.tasks = 0 AND d.confidence_sum = 0 AND d.below = 0 AND d.by_review = 0)
    ${ADD}`;
}

/** Adds one group's delta, given as parameters in the table's column order (ConsensusRollupDeltas). */
export const APPLY_CONSENSUS_DELTA = `${INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ${ADD}`;

/**
 * The same grouped delta as deltaSelect, formed in the app from rows it already holds: SQLite's
 * consensus batch (repositories/consensusBulk.ts) knows each slice row before and after its upsert
 * (production tasks only: the caller leaves gold tasks out); two grouped statements over each slice
 * cost a re-run 3.9 s at a million tasks.
 */
export class ConsensusRollupDeltas {
  private readonly groups = new Map<string, [number, string, string, string, number, number, number, number, number]>();

  add(
    taskId: number,
    projectId: number,
    domain: string,
    method: string,
    methodVersion: string,
    confidence: number,
    source: string,
    sign: 1 | -1,
  ): void {
    const shard = taskId % CONSENSUS_SHARDS;
    const key = `${projectId}\u0000${domain}\u0000${method}\u0000${methodVersion}\u0000${shard}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = [projectId, domain, method, methodVersion, shard, 0, 0, 0, 0]));
    g[5] += sign;
    g[6] += sign * confidence;
    if (confidence < CONSENSUS_LOW_CONFIDENCE) g[7] += sign;
    if (source === 'review') g[8] += sign;
  }

  /** APPLY_CONSENSUS_DELTA's parameters for every group that does not net to nothing. */
  parameters(): (string | number)[][] {
    return [...this.groups.values()].filter((g) => g[5] !== 0 || g[6] !== 0 || g[7] !== 0 || g[8] !== 0);
  }
}

const COLUMNS = 'task_id, project_id, method, method_version, confidence, source';

/** Consensus rows of a table (or transition table) with a sign. */
export const signedRows = (table: string, sign: 1 | -1) => `SELECT ${COLUMNS}, ${sign} AS sign FROM ${table}`;

/** One row trigger's NEW or OLD row with a sign (SQLite). */
export const signedRow = (row: 'NEW' | 'OLD', sign: 1 | -1) =>
  `SELECT ${COLUMNS.split(', ')
    .map((c) => `${row}.${c} AS ${c}`)
    .join(', ')}, ${sign} AS sign`;

/** What moves a row between rollups: an update that changes none of these moves nothing. */
export const ROLLED_UP_COLUMNS = ['method', 'method_version', 'confidence', 'source'] as const;
