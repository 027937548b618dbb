/**
 * Judgments per day and per tutor, read from the rollups a trigger keeps (migration 010): answers
 * are bounded by projects × tutors × days (or × duration buckets), never by the number of
 * annotations. `fromScratch` recomputes the same tables from `annotations`, for the test that
 * keeps them equal.
 */
import { type RawBuilder, sql } from 'kysely';
import { durationBucketSql, medianOfMiddle } from '../durationBuckets.js';
import type { Db } from '../transaction.js';

const DAY_MS = 86_400_000;

export interface TutorJudgments {
  userId: number;
  name: string;
  tier: string;
  judgments: number;
  /** From the duration buckets: within 2.5 % of the exact median (durationBuckets.ts). */
  medianDurationMs: number | null;
}

/** Judgments per UTC day, days in order, per project (one project, or all with `null`). */
export async function judgmentsPerDay(db: Db, projectId: number | null): Promise<Map<number, { day: string; count: number }[]>> {
  const rows = await db
    .selectFrom('judgment_days')
    .select(['project_id as projectId', 'day', sql<number>`sum(judgments)`.as('count')])
    .$if(projectId !== null, (q) => q.where('project_id', '=', projectId!))
    .groupBy(['project_id', 'day'])
    .orderBy('project_id')
    .orderBy('day')
    .execute();
  const out = new Map<number, { day: string; count: number }[]>();
  for (const r of rows) {
    const list = out.get(Number(r.projectId)) ?? out.set(Number(r.projectId), []).get(Number(r.projectId))!;
    list.push({ day: new Date(Number(r.day) * DAY_MS).toISOString().slice(0, 10), count: Number(r.count) });
  }
  return out;
}

/**
 * The buckets holding each histogram's middle judgments (judgmentsOf: a SELECT of `keys`, bucket,
 * judgments), with the running sums `medianOfMiddle` reads: at most two rows per tutor instead of
 * every bucket (151,000 rows for 200 tutors at a million tasks, 0.3–0.4 s to read). A bucket holds
 * ranks [below, upto); it is kept when it holds rank total/2 − 1 or total/2, written without division
 * (PostgreSQL's sums are numeric): 2·below ≤ total and 2·upto ≥ total.
 */
function middleBuckets(keys: string[], judgmentsOf: RawBuilder<unknown>) {
  const k = sql.raw(keys.join(', '));
  return sql`SELECT ${k}, bucket, total, upto - judgments AS below, upto FROM (
      SELECT ${k}, bucket, judgments,
        sum(judgments) OVER (PARTITION BY ${k} ORDER BY bucket ROWS UNBOUNDED PRECEDING) AS upto,
        sum(judgments) OVER (PARTITION BY ${k}) AS total
      FROM (${judgmentsOf}) j WHERE judgments > 0) h
    WHERE 2 * (upto - judgments) <= total AND 2 * upto >= total`;
}

type MiddleRow = { bucket: number | string; total: number | string; below: number | string; upto: number | string };
const middleOf = (r: MiddleRow) => ({ bucket: Number(r.bucket), below: Number(r.below), upto: Number(r.upto) });

/** Each tutor's judgments and median duration, in tutor id order, per project (one, or all with `null`). */
export async function tutorJudgments(db: Db, projectId: number | null): Promise<Map<number, TutorJudgments[]>> {
  const where = projectId === null ? sql`` : sql`WHERE project_id = ${projectId}`;
  const middle = middleBuckets(
    ['project_id', 'user_id'],
    sql`SELECT project_id, user_id, bucket, judgments FROM judgment_durations ${where}`,
  );
  const { rows } = await sql<MiddleRow & { project_id: number | string; user_id: number | string; name: string; tier: string }>`
    SELECT m.*, u.name, u.tier FROM (${middle}) m JOIN users u ON u.id = m.user_id ORDER BY m.project_id, m.user_id, m.bucket`.execute(db);
  const out = new Map<number, TutorJudgments[]>();
  for (const { first: r, total, medianDurationMs } of histograms(
    rows,
    (a, b) => a.project_id === b.project_id && a.user_id === b.user_id,
  )) {
    const projectOf = Number(r.project_id);
    const tutor = { userId: Number(r.user_id), name: r.name, tier: r.tier, judgments: total, medianDurationMs };
    (out.get(projectOf) ?? out.set(projectOf, []).get(projectOf)!).push(tutor);
  }
  return out;
}

/** Each user's judgments and median duration over every project (users with none are absent). */
export async function judgmentsByUser(db: Db): Promise<Map<number, { judgments: number; medianDurationMs: number | null }>> {
  const perUser = sql`SELECT user_id, bucket, sum(judgments) AS judgments FROM judgment_durations GROUP BY user_id, bucket`;
  const { rows } = await sql<
    MiddleRow & { user_id: number | string }
  >`${middleBuckets(['user_id'], perUser)} ORDER BY user_id, bucket`.execute(db);
  const out = new Map<number, { judgments: number; medianDurationMs: number | null }>();
  for (const { first, total, medianDurationMs } of histograms(rows, (a, b) => a.user_id === b.user_id))
    out.set(Number(first.user_id), { judgments: total, medianDurationMs });
  return out;
}

/** Each histogram (consecutive rows `same` puts together, as middleBuckets returns them): its first row, total and median. */
function* histograms<R extends MiddleRow>(rows: R[], same: (a: R, b: R) => boolean) {
  for (let i = 0; i < rows.length; ) {
    const first = rows[i];
    const middle = [];
    for (; i < rows.length && same(rows[i], first); i++) middle.push(middleOf(rows[i]));
    const total = Number(first.total);
    yield { first, total, medianDurationMs: medianOfMiddle(total, middle) };
  }
}

export interface RollupRows {
  days: { project_id: number; user_id: number; day: number; judgments: number }[];
  durations: { project_id: number; user_id: number; bucket: number; judgments: number }[];
}

const normalise = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]))) as never;

/** The rollups as stored, in key order. */
export async function storedRollups(db: Db): Promise<RollupRows> {
  const days = await sql<Record<string, unknown>>`SELECT project_id, user_id, day, judgments FROM judgment_days
    WHERE judgments <> 0 ORDER BY project_id, user_id, day`.execute(db);
  const durations = await sql<Record<string, unknown>>`SELECT project_id, user_id, bucket, judgments FROM judgment_durations
    WHERE judgments <> 0 ORDER BY project_id, user_id, bucket`.execute(db);
  return { days: normalise(days.rows), durations: normalise(durations.rows) };
}

/** The rollups recomputed from every annotation, in the same order. */
export async function rollupsFromScratch(db: Db): Promise<RollupRows> {
  const day = sql`(created_at / ${sql.lit(DAY_MS)})`;
  const days = await sql<Record<string, unknown>>`SELECT project_id, user_id, ${day} AS day, count(*) AS judgments FROM annotations
    GROUP BY project_id, user_id, ${day} ORDER BY project_id, user_id, day`.execute(db);
  const bucket = durationBucketSql('duration_ms');
  const durations = await sql<Record<string, unknown>>`SELECT project_id, user_id, ${bucket} AS bucket, count(*) AS judgments
    FROM annotations GROUP BY project_id, user_id, ${bucket} ORDER BY project_id, user_id, bucket`.execute(db);
  return { days: normalise(days.rows), durations: normalise(durations.rows) };
}

/** How many rows of either table differ between two sets of rollups (0: equal). */
export function rollupDrift(a: RollupRows, b: RollupRows): number {
  const diff = (x: object[], y: object[]) => {
    const keys = new Set(x.map((r) => JSON.stringify(r)));
    const other = new Set(y.map((r) => JSON.stringify(r)));
    return [...keys].filter((k) => !other.has(k)).length + [...other].filter((k) => !keys.has(k)).length;
  };
  return diff(a.days, b.days) + diff(a.durations, b.durations);
}
