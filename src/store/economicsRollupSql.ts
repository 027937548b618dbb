/**
 * The SQL that keeps `economics_rollups` (migration 030) in step: what a set of current annotations
 * adds to (or, with sign −1, takes from) the rollup, grouped by project × tutor × domain × kind.
 * One builder for the triggers, the migration's backfill and the from-scratch rebuild, so the three
 * cannot drift apart.
 *
 * A judgment's kind is what the Cost page needs to know about it (economics/storedEconomics.ts):
 *   0 no categorical answer (free-form task types),
 *   1 / 2 gold task answered right / wrong (against the task's gold answer),
 *   10 + 2·c + r production: c = 0 no stored consensus, 1 agrees with it, 2 disagrees;
 *                r = 1 when the stored consensus is the model's with confidence ≥ the project's target.
 * The answer compared is `categoricalLabel` (domain/answers.ts) in SQL: a preference's choice, a
 * label set sorted in code-point order and joined with "+".
 * Cost: a judge's judgment costs its verdict's `cost_usd` (summed apart); any other is priced with
 * the tutor's CURRENT pay terms and the default idle cap (economics/cost.ts, integer rounding done
 * exactly: round(a / H) = ⌊(2a + H) / 2H⌋). The terms and the project's target are stamped on each
 * row; a row priced under two different terms or targets is stamped 'mixed' and the reader falls
 * back to the from-scratch pass for that project.
 * A project's type, per-task rate and target are read from `economics_projects` (kept from
 * `projects.config` by triggers), not from the config JSON: parsing the whole config for every
 * judgment a trigger touches cost more than the rest of the trigger.
 */
import type { Dialect } from './dialect.js';

/** The kinds of a judgment on a gold task answered right and wrong (the header's 1 / 2). */
export const GOLD_KINDS = [1, 2] as const;

export const HOURLY_IDLE_CAP_MS = 900_000;
export const DEFAULT_TARGET_CONFIDENCE = 0.95;

const H = 3_600_000;

/**
 * A judgment's class from its answer's JSON: SQLite takes the JSON text (its JSON parser keeps the last
 * few texts it parsed, so naming one twice parses it once); PostgreSQL takes it already parsed (`jsonb`):
 * a `::jsonb` cast is evaluated at every use, and the kind names each answer twice.
 */
function categorical(d: Dialect, type: string, json: string): string {
  if (d === 'sqlite') {
    const choice = `CASE WHEN json_type(${json}, '$.choice') = 'text' THEN json_extract(${json}, '$.choice') END`;
    const labels = `CASE WHEN json_type(${json}, '$.labels') = 'array' THEN coalesce((SELECT group_concat(l.value, '+') FROM (SELECT value FROM json_each(${json}, '$.labels') ORDER BY value) l), '') END`;
    return `(CASE ${type} WHEN 'preference' THEN ${choice} WHEN 'label' THEN ${labels} END)`;
  }
  const choice = `CASE WHEN jsonb_typeof(${json} -> 'choice') = 'string' THEN ${json} ->> 'choice' END`;
  const labels = `CASE WHEN jsonb_typeof(${json} -> 'labels') = 'array' THEN coalesce((SELECT string_agg(e, '+' ORDER BY e COLLATE "C") FROM jsonb_array_elements_text(${json} -> 'labels') e), '') END`;
  return `(CASE ${type} WHEN 'preference' THEN ${choice} WHEN 'label' THEN ${labels} END)`;
}

/** The project's target confidence (ProjectConfig.quality.adaptiveOverlap.targetConfidence, else 0.95). */
export function targetSql(d: Dialect, config: string): string {
  return d === 'sqlite'
    ? `coalesce(json_extract(${config}, '$.quality.adaptiveOverlap.targetConfidence'), ${DEFAULT_TARGET_CONFIDENCE})`
    : `coalesce((${config}::jsonb #>> '{quality,adaptiveOverlap,targetConfidence}')::float8, ${DEFAULT_TARGET_CONFIDENCE})`;
}

export function payPerTaskSql(d: Dialect, config: string): string {
  return d === 'sqlite'
    ? `coalesce(json_extract(${config}, '$.payPerTask'), 0)`
    : `coalesce((${config}::jsonb ->> 'payPerTask')::bigint, 0)`;
}

export interface ContributionSource {
  /** FROM clause naming the annotations `n` (e.g. `annotations n`, a transition table). */
  annotations: string;
  /** Join naming the consensus row `c` (label, confidence, source) by `c.task_id = n.task_id`. */
  consensus: string;
  /** Join naming the judge verdict `v` (cost_usd) of `n`. */
  verdict: string;
  /** WHERE condition on `n` (besides "current"). */
  where: string;
  /** Leave out annotations a later one supersedes (false when the rows are named one by one). */
  currentOnly: boolean;
  /** PostgreSQL: `c.label` already parsed, where the join parses it once per task (default: once per judgment). */
  consensusJson?: string;
  /** The consensus's class itself, where the source forms it once per task (`consensusClassSql`; default: read from `c.label` for each judgment). */
  consensusClass?: string;
}

/** A consensus label's class (its JSON text `json`) in project `p`'s type, as the judgments' kinds compare it. */
export function consensusClassSql(d: Dialect, type: string, json: string): string {
  return categorical(d, type, d === 'sqlite' ? json : `(${json})::jsonb`);
}

export const TASK_CONSENSUS_JOIN = 'LEFT JOIN task_consensus c ON c.task_id = n.task_id';
export const VERDICT_JOIN = 'LEFT JOIN judge_verdicts v ON v.annotation_id = n.id';

/** One judgment per row: its answer, gold and consensus classes, cost inputs and stamps (times `sign`). */
function judgmentRows(d: Dialect, src: ContributionSource, sign: 1 | -1): string {
  const big = d === 'postgres' ? '::bigint' : '';
  const rate = `CASE WHEN u.pay_model = 'per_task' AND u.pay_rate <= 0 THEN p.pay_per_task ELSE u.pay_rate END`;
  const least = d === 'sqlite' ? 'min' : 'least';
  const cost = `CASE WHEN u.pay_model = 'per_task' THEN (${rate})${big}
      ELSE (2${big} * u.pay_rate * ${least}(n.duration_ms, ${HOURLY_IDLE_CAP_MS}) + ${H}) / ${2 * H} END`;
  const current = src.currentOnly ? 'AND NOT EXISTS (SELECT 1 FROM annotations s WHERE s.supersedes_id = n.id)' : '';
  // PostgreSQL: each answer parsed once, behind a fence (inlined, the cast would run at each use).
  const [answer, parsedAnswer] =
    d === 'sqlite' ? ['n.response', ''] : ['nj.answer', 'CROSS JOIN LATERAL (SELECT (n.response)::jsonb AS answer OFFSET 0) nj'];
  const [gold, consensus] = d === 'sqlite' ? ['t.gold', 'c.label'] : ['(t.gold)::jsonb', src.consensusJson ?? '(c.label)::jsonb'];
  return `SELECT ${sign} AS sign, n.project_id AS project_id, n.user_id AS user_id, t.domain AS domain,
      ${categorical(d, 'p.type', answer)} AS lab,
      CASE WHEN t.is_gold = 1 AND t.gold IS NOT NULL THEN ${categorical(d, 'p.type', gold)} END AS gold,
      CASE WHEN t.is_gold = 0 AND c.label IS NOT NULL THEN ${src.consensusClass ?? categorical(d, 'p.type', consensus)} END AS cons,
      CASE WHEN c.source = 'model' AND c.confidence >= p.target THEN 1 ELSE 0 END AS reached,
      n.duration_ms${big} AS duration_ms, ${cost} AS cost,
      CASE WHEN v.cost_usd IS NOT NULL THEN 1 ELSE 0 END AS by_model, v.cost_usd AS cost_usd,
      u.pay_model AS priced_model, ${rate} AS priced_rate, p.target AS reached_target
    FROM ${src.annotations}
      JOIN tasks t ON t.id = n.task_id
      JOIN economics_projects p ON p.project_id = n.project_id
      JOIN users u ON u.id = n.user_id
      ${src.consensus}
      ${src.verdict}
      ${parsedAnswer}
    WHERE ${src.where} ${current}`;
}

export type Contribution = readonly [ContributionSource, 1 | -1];

/**
 * The grouped rows (project_id, user_id, domain, kind, sums, stamps) some sets of annotations add
 * (+1) or take away (−1), netted in one statement. The judgments' rows are formed behind an
 * optimisation fence (SQLite `LIMIT -1`, PostgreSQL `OFFSET 0`), so each answer's JSON is read
 * once per row rather than once per use of it in the kind.
 */
export function contributionSelect(d: Dialect, parts: readonly Contribution[]): string {
  return groupedRows(d, parts.map(([src, sign]) => judgmentRows(d, src, sign)).join('\n    UNION ALL\n    '));
}

/**
 * A consensus row written (`insert`) or removed (`delete`) moves its task's judgments from one kind to
 * another. Each judgment's row is formed once (joined, its answer's JSON read) and grouped once by its
 * kind without the consensus row and its kind with it; only the groups whose kind changes (production
 * judgments with an answer: a gold task's or an unanswered judgment's kind does not depend on the
 * consensus) are counted, out under the one and in under the other. Forming every row on both sides
 * and grouping twice as many rows cost ~40 % more on a million-task batch's first run.
 * `src.consensus` names the written or removed row `c`.
 */
export function consensusMoveSelect(d: Dialect, src: ContributionSource, direction: 'insert' | 'delete'): string {
  const fence = d === 'sqlite' ? 'LIMIT -1' : 'OFFSET 0';
  const without = judgmentKind('NULL', '0');
  const withC = judgmentKind('cons', 'reached');
  const [from, to] = direction === 'insert' ? [without, withC] : [withC, without];
  // SQLite names a derived table's columns in its SELECT, not after its alias.
  const sides = d === 'sqlite' ? '(SELECT -1 AS sign UNION ALL SELECT 1) m' : '(VALUES (-1), (1)) AS m(sign)';
  const moves = `SELECT project_id, user_id, domain, from_kind, to_kind,
      count(*) AS judgments, sum(duration_ms) AS duration_ms,
      sum(CASE WHEN by_model = 1 THEN 0 ELSE cost END) AS cost_cents,
      sum(by_model) AS model_judgments,
      sum(CASE WHEN by_model = 1 THEN cost_usd ELSE 0 END) AS model_cost_usd,
      priced_model, priced_rate, reached_target
    FROM (SELECT r.*, ${from} AS from_kind, ${to} AS to_kind FROM (${judgmentRows(d, src, 1)} ${fence}) r ${fence}) k
    WHERE from_kind <> to_kind
    GROUP BY project_id, user_id, domain, from_kind, to_kind, priced_model, priced_rate, reached_target`;
  // Moves into the same kind from different kinds are one row: PostgreSQL's upsert may touch a row once.
  return `SELECT project_id, user_id, domain, CASE WHEN m.sign = 1 THEN to_kind ELSE from_kind END AS kind,
      sum(m.sign * judgments) AS judgments, sum(m.sign * duration_ms) AS duration_ms, sum(m.sign * cost_cents) AS cost_cents,
      sum(m.sign * model_judgments) AS model_judgments, sum(m.sign * model_cost_usd) AS model_cost_usd,
      priced_model, priced_rate, reached_target
    FROM (${moves} ${fence}) g CROSS JOIN ${sides}
    GROUP BY project_id, user_id, domain, CASE WHEN m.sign = 1 THEN to_kind ELSE from_kind END, priced_model, priced_rate, reached_target`;
}

/** A judgment's kind (the header's) from its row's `lab` and `gold` and the given consensus class and reached flag. */
function judgmentKind(cons: string, reached: string): string {
  return `CASE WHEN lab IS NULL THEN 0
      WHEN gold IS NOT NULL THEN CASE WHEN lab = gold THEN 1 ELSE 2 END
      ELSE 10 + 2 * (CASE WHEN ${cons} IS NULL THEN 0 WHEN lab = ${cons} THEN 1 ELSE 2 END) + ${reached} END`;
}

/** Judgment rows (sign, answer, gold, consensus classes, cost inputs, stamps) grouped into rollup deltas. */
function groupedRows(d: Dialect, rows: string): string {
  const fence = d === 'sqlite' ? 'LIMIT -1' : 'OFFSET 0';
  const kind = judgmentKind('cons', 'reached');
  return `SELECT project_id, user_id, domain, kind,
      sum(sign) AS judgments,
      sum(sign * duration_ms) AS duration_ms,
      sum(CASE WHEN by_model = 1 THEN 0 ELSE sign * cost END) AS cost_cents,
      sum(sign * by_model) AS model_judgments,
      sum(CASE WHEN by_model = 1 THEN sign * cost_usd ELSE 0 END) AS model_cost_usd,
      priced_model, priced_rate, reached_target
    FROM (SELECT sign, project_id, user_id, domain, ${kind} AS kind, duration_ms, cost, by_model, cost_usd,
        priced_model, priced_rate, reached_target
      FROM (${rows} ${fence}) r ${fence}) j
    GROUP BY project_id, user_id, domain, kind, priced_model, priced_rate, reached_target`;
}

/** Adds the contributions (each times its sign) to the rollup, in one statement. */
export function applyContribution(d: Dialect, ...parts: Contribution[]): string {
  return applyDeltas(d, contributionSelect(d, parts));
}

/** Adds a consensus row's move (consensusMoveSelect) to the rollup, in one statement. */
export function applyConsensusMove(d: Dialect, src: ContributionSource, direction: 'insert' | 'delete'): string {
  return applyDeltas(d, consensusMoveSelect(d, src, direction));
}

/** The columns of grouped deltas, in the order `contributionSelect` and `consensusMoveSelect` answer them and the rollup takes them. */
const DELTA_COLUMNS = [
  'project_id',
  'user_id',
  'domain',
  'kind',
  'judgments',
  'duration_ms',
  'cost_cents',
  'model_judgments',
  'model_cost_usd',
  'priced_model',
  'priced_rate',
  'reached_target',
];

/** SQLite: adds grouped deltas read elsewhere, given as one JSON array of rows (arrays of DELTA_COLUMNS), to the rollup. */
export function applyDeltasFromJson(): string {
  return applyDeltas('sqlite', `SELECT ${DELTA_COLUMNS.map((c, i) => `j.value ->> ${i} AS ${c}`).join(', ')} FROM json_each(?) j`);
}

/** Upserts grouped deltas (project_id, user_id, domain, kind, sums, stamps) into the rollup. */
function applyDeltas(d: Dialect, deltas: string): string {
  const r = 'economics_rollups';
  const same = `${r}.priced_model = excluded.priced_model AND ${r}.priced_rate = excluded.priced_rate`;
  // SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT (its parser's ambiguity with a join's ON).
  const where = d === 'sqlite' ? 'WHERE true' : '';
  return `INSERT INTO ${r} (${DELTA_COLUMNS.join(', ')})
    SELECT * FROM (${deltas}) x ${where}
    ON CONFLICT (project_id, user_id, domain, kind) DO UPDATE SET
      judgments = ${r}.judgments + excluded.judgments,
      duration_ms = ${r}.duration_ms + excluded.duration_ms,
      cost_cents = ${r}.cost_cents + excluded.cost_cents,
      model_judgments = ${r}.model_judgments + excluded.model_judgments,
      model_cost_usd = ${r}.model_cost_usd + excluded.model_cost_usd,
      priced_model = CASE WHEN ${r}.judgments = 0 OR ${same} THEN excluded.priced_model ELSE 'mixed' END,
      priced_rate = CASE WHEN ${r}.judgments = 0 OR ${same} THEN excluded.priced_rate ELSE -1 END,
      reached_target = CASE WHEN ${r}.judgments = 0 OR ${r}.reached_target = excluded.reached_target THEN excluded.reached_target ELSE -1 END`;
}

/** Rolls up every current annotation (of one project, or all): the backfill and the from-scratch rebuild. */
export function rebuildStatement(dialect: Dialect, projectId: number | null): string {
  return applyContribution(dialect, [
    {
      annotations: 'annotations n',
      consensus: TASK_CONSENSUS_JOIN,
      verdict: VERDICT_JOIN,
      where: projectId === null ? 'true' : `n.project_id = ${Math.trunc(projectId)}`,
      currentOnly: true,
    },
    1,
  ]);
}

/** A project's type, per-task rate and target as `economics_projects` holds them, from a `projects` row named `p`. */
export function projectTermsSelect(d: Dialect, where: string): string {
  return `SELECT p.id AS project_id, p.type AS type, ${payPerTaskSql(d, 'p.config')} AS pay_per_task, ${targetSql(d, 'p.config')} AS target
    FROM projects p WHERE ${where}`;
}

/** What a change of pay terms (`users`) or of the project's rate or target (`economics_projects`) re-prices: every row it priced. */
export function repriceStatements(d: Dialect, scope: 'user' | 'project', id: string): string[] {
  const column = scope === 'user' ? 'user_id' : 'project_id';
  return [
    `DELETE FROM economics_rollups WHERE ${column} = ${id}`,
    applyContribution(d, [
      {
        annotations: 'annotations n',
        consensus: TASK_CONSENSUS_JOIN,
        verdict: VERDICT_JOIN,
        where: `n.${column} = ${id}`,
        currentOnly: true,
      },
      1,
    ]),
  ];
}
