/**
 * What the dpo (preference) and classification exports will write, counted in SQL from each task's
 * stored consensus (label, source, agreement, annotator count) without reading a payload or a vote:
 * the export page's summary at a million tasks in one aggregate. Each exported task (non-gold, not
 * excluded, judged) is one of
 *   'row'   — written;  'split' / 'tie' — left out for that reason (as the export counts them);
 *   'votes' — the stored columns cannot say (no consensus row, or a preference whose most common answer
 *             may or may not be shared, e.g. 2:2 against 2:1:1 of four): the caller decides it from its votes.
 * The rules mirror `services/export/dpo.ts` and `classification.ts`; a test checks the counts equal the
 * streamed export's on both databases.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { Db } from '../transaction.js';
import { reviewedConsensus } from './consensus.js';
import { exportTaskStates } from './exports.js';

export type CountedKind = 'row' | 'split' | 'tie' | 'votes';
export type CountedFormat = 'preference-dpo' | 'classification';

export interface KindCounts {
  row: number;
  split: number;
  tie: number;
  votes: number;
}

/** The stored preference consensus' choice ("tie" or a response id). */
const choice = (dialect: Dialect) => (dialect === 'postgres' ? sql`(c.label::jsonb ->> 'choice')` : sql`json_extract(c.label, '$.choice')`);

function kindOf(format: CountedFormat, dialect: Dialect, includeTies: boolean): RawBuilder<CountedKind> {
  const keepSplit = includeTies ? sql`'row'` : sql`'split'`;
  if (format === 'classification')
    // A reviewer's verdict is never a split; otherwise a split is no label held by more than half.
    return sql<CountedKind>`CASE WHEN c.task_id IS NULL OR c.agreement IS NULL THEN 'votes'
      WHEN c.source <> 'review' AND c.agreement <= 0.5 THEN ${keepSplit} ELSE 'row' END`;
  // Preference: `top` annotators gave the most common answer out of `annotator_count`. More than half:
  // not shared, so no split; exactly one of several: every answer differs, a split. Otherwise unknown.
  const top = sql`ROUND(c.agreement * c.annotator_count)`;
  // Parsing every label was most of the dpo summary on PostgreSQL (a jsonb cast per consensus row): a
  // label without the text tie anywhere cannot choose "tie" (labels are JSON.stringify'd; it escapes no
  // letter). SQLite's LIKE also lets TIE through, which the parse then refuses.
  const isTie = sql`(c.label LIKE '%tie%' AND ${choice(dialect)} = 'tie')`;
  return sql<CountedKind>`CASE WHEN c.task_id IS NULL OR c.agreement IS NULL THEN 'votes'
    WHEN c.source = 'review' OR ${top} * 2 > c.annotator_count THEN CASE WHEN ${isTie} THEN 'tie' ELSE 'row' END
    WHEN ${top} = 1 THEN CASE WHEN ${isTie} THEN 'split' ELSE ${keepSplit} END
    ELSE 'votes' END`;
}

/** Every task of the project with its kind, gold, excluded and unjudged tasks first (the omission counts' rules). */
function kinds(dialect: Dialect, format: CountedFormat, projectId: number, includeTies: boolean) {
  return sql`SELECT t.id, CASE WHEN t.is_gold = 1 THEN 'gold' WHEN t.export_excluded = 1 THEN 'excluded'
      WHEN t.submitted_count = 0 THEN 'unresolved' ELSE ${kindOf(format, dialect, includeTies)} END AS kind
    FROM tasks t LEFT JOIN task_consensus c ON c.task_id = t.id WHERE t.project_id = ${projectId}`;
}

export interface ExportCounts extends KindCounts {
  gold: number;
  excluded: number;
  unresolved: number;
}
const KINDS = ['row', 'split', 'tie', 'votes', 'gold', 'excluded', 'unresolved'] as const;
/** The kinds a consensus row decides. */
const KIND_SUMS = ['row', 'split', 'tie', 'votes'] as const satisfies readonly CountedKind[];

/**
 * How many of the project's tasks fall in each kind, without a pass over its tasks (reading every task
 * row was 1.8 s of the dpo summary at a million tasks): the tasks every export leaves out (gold,
 * excluded, unresolved) and the judged ones it may write come from the task state rollups; the kinds of
 * the judged ones from every consensus row of the project (small rows, one range), less the rows on
 * tasks those counts already placed: gold tasks and excluded ones (each through its index), and
 * reviewers' verdicts on tasks nobody has judged (the index of review-sourced rows; every other consensus
 * is inferred from judgments, so its task is judged). A judged task with no consensus row is 'votes'.
 * `countKindsFromScratch` is the pass over every task these must equal (tests compare them).
 */
export async function countKinds(
  db: Db,
  dialect: Dialect,
  format: CountedFormat,
  projectId: number,
  includeTies: boolean,
): Promise<ExportCounts> {
  const tasks = await exportTaskStates(db, projectId);
  const kindsOf = (from: RawBuilder<unknown>) =>
    sumKinds<KindCounts>(db, KIND_SUMS, sql`SELECT ${kindOf(format, dialect, includeTies)} AS kind ${from}`);
  // `task_id > 0` (every id is): a range of the (project, task) index, read in task order; on the project
  // alone SQLite took the confidence bands' index (048), reading the rows band by band (357 against 142 ms
  // at a million rows).
  const all = await kindsOf(sql`FROM task_consensus c WHERE c.project_id = ${projectId} AND c.task_id > 0`);
  const placed = [
    await kindsOf(sql`FROM tasks t JOIN task_consensus c ON c.task_id = t.id WHERE t.project_id = ${projectId} AND t.is_gold = 1`),
    await kindsOf(sql`FROM tasks t JOIN task_consensus c ON c.task_id = t.id
      WHERE t.project_id = ${projectId} AND t.is_gold = 0 AND t.export_excluded = 1`),
    await kindsOf(sql`FROM ${reviewedConsensus(dialect)} JOIN tasks t ON t.id = c.task_id
      WHERE c.project_id = ${projectId} AND c.source = 'review' AND t.is_gold = 0 AND t.export_excluded = 0 AND t.submitted_count = 0`),
  ];
  const kinds = { ...all };
  for (const p of placed) for (const k of KIND_SUMS) kinds[k] -= p[k];
  // Judged exported tasks without a consensus row: decided from their votes.
  kinds.votes += tasks.judged - KIND_SUMS.reduce((n, k) => n + kinds[k], 0);
  return { ...kinds, gold: tasks.gold, excluded: tasks.excluded, unresolved: tasks.unresolved };
}

/**
 * The reference for `countKinds`: one pass over the project's tasks (an index range) with a primary-key
 * probe of the consensus each, summed in columns (no grouping).
 */
export async function countKindsFromScratch(
  db: Db,
  dialect: Dialect,
  format: CountedFormat,
  projectId: number,
  includeTies: boolean,
): Promise<ExportCounts> {
  return sumKinds<ExportCounts>(db, KINDS, kinds(dialect, format, projectId, includeTies));
}

/** How many rows of `kinds` (a SELECT with a `kind` column) are of each of `names`, summed in columns (no grouping). */
async function sumKinds<T>(db: Db, names: readonly string[], kinds: RawBuilder<unknown>): Promise<T> {
  const sums = sql.join(names.map((k) => sql`SUM(CASE WHEN k.kind = ${sql.lit(k)} THEN 1 ELSE 0 END) AS ${sql.ref(k)}`));
  const { rows } = await sql<Record<string, number | string | null>>`SELECT ${sums} FROM (${kinds}) k`.execute(db);
  return Object.fromEntries(names.map((k) => [k, Number(rows[0]?.[k] ?? 0)])) as T;
}

/** The first `limit` task ids of one kind, in id order (the export's order). */
export async function taskIdsOfKind(
  db: Db,
  dialect: Dialect,
  format: CountedFormat,
  projectId: number,
  includeTies: boolean,
  kind: CountedKind,
  limit: number,
): Promise<number[]> {
  const { rows } = await sql<{ id: number | string }>`SELECT k.id FROM (${kinds(dialect, format, projectId, includeTies)}) k
    WHERE k.kind = ${kind} ORDER BY k.id LIMIT ${limit}`.execute(db);
  return rows.map((r) => Number(r.id));
}
