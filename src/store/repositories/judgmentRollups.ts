/**
 * Judgments per day and per tutor, read from the rollups a trigger keeps (migration 010): answers
 * are bounded by projects × tutors × days (or × duration buckets), never by the number of
 * annotations. `fromScratch` recomputes the same tables from `annotations`, for the test that
 * keeps them equal.
 */
import { sql } from 'kysely';
import { durationBucketSql, medianOfBuckets } from '../durationBuckets.js';
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

type Histogram = { bucket: number; judgments: number }[];

/** Each tutor's judgments and median duration, in tutor id order, per project (one, or all with `null`). */
export async function tutorJudgments(db: Db, projectId: number | null): Promise<Map<number, TutorJudgments[]>> {
  const rows = await db
    .selectFrom('judgment_durations as j')
    .innerJoin('users as u', 'u.id', 'j.user_id')
    .select(['j.project_id as projectId', 'j.user_id as userId', 'u.name', 'u.tier', 'j.bucket', 'j.judgments'])
    .$if(projectId !== null, (q) => q.where('j.project_id', '=', projectId!))
    .orderBy('j.project_id')
    .orderBy('j.user_id')
    .orderBy('j.bucket')
    .execute();
  const out = new Map<number, TutorJudgments[]>();
  let hist: Histogram = [];
  let current: TutorJudgments | undefined;
  const close = () => {
    if (current) current.medianDurationMs = medianOfBuckets(hist);
  };
  for (const r of rows) {
    const pid = Number(r.projectId);
    if (!current || current.userId !== Number(r.userId) || out.get(pid)?.at(-1) !== current) {
      close();
      hist = [];
      current = { userId: Number(r.userId), name: r.name, tier: r.tier, judgments: 0, medianDurationMs: null };
      (out.get(pid) ?? out.set(pid, []).get(pid)!).push(current);
    }
    current.judgments += Number(r.judgments);
    hist.push({ bucket: Number(r.bucket), judgments: Number(r.judgments) });
  }
  close();
  return out;
}

/** Each user's judgments and median duration over every project (users with none are absent). */
export async function judgmentsByUser(db: Db): Promise<Map<number, { judgments: number; medianDurationMs: number | null }>> {
  const rows = await db
    .selectFrom('judgment_durations')
    .select(['user_id as userId', 'bucket', sql<number>`sum(judgments)`.as('judgments')])
    .groupBy(['user_id', 'bucket'])
    .orderBy('user_id')
    .orderBy('bucket')
    .execute();
  const hists = new Map<number, Histogram>();
  for (const r of rows) {
    const h = hists.get(Number(r.userId)) ?? hists.set(Number(r.userId), []).get(Number(r.userId))!;
    h.push({ bucket: Number(r.bucket), judgments: Number(r.judgments) });
  }
  return new Map(
    [...hists].map(([userId, h]) => [userId, { judgments: h.reduce((s, b) => s + b.judgments, 0), medianDurationMs: medianOfBuckets(h) }]),
  );
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
