/**
 * Judgment durations are rolled up in buckets (`judgment_durations`), so a tutor's median time per
 * judgment is read from at most a few hundred rows instead of every annotation. A bucket is named by
 * its lower bound in ms; within each decade from 100 ms up, the bucket width is a twentieth of the
 * decade's start (5 ms from 100 ms, 50 ms from 1 s, 500 ms from 10 s, …): 180 buckets per decade, at
 * most 5 % wide, so a median read at the bucket's middle is within 2.5 % of the exact one. Below
 * 100 ms every millisecond is its own bucket. One table of steps serves the SQL (the trigger) and the
 * TypeScript reading it back. Migration 010's trigger and backfill were written from these steps:
 * changing them needs a new migration that redefines the trigger and rebuilds `judgment_durations`.
 */
import { sql, type RawBuilder } from 'kysely';

/** [upper bound (exclusive), width] of each range, in order; the last is open-ended. */
const STEPS: readonly (readonly [number, number])[] = [
  [100, 1],
  [1_000, 5],
  [10_000, 50],
  [100_000, 500],
  [1_000_000, 5_000],
  [10_000_000, 50_000],
  [Number.POSITIVE_INFINITY, 500_000],
];

/** The bucket (its lower bound) of a duration. */
export function durationBucket(ms: number): number {
  const d = Math.max(0, Math.trunc(ms));
  const width = STEPS.find(([upper]) => d < upper)![1];
  return Math.floor(d / width) * width;
}

/** How wide the bucket starting at `bucket` is. */
export function bucketWidth(bucket: number): number {
  return STEPS.find(([upper]) => bucket < upper)![1];
}

/** `durationBucket` in SQL over an integer column or expression (no bound parameters: it goes into trigger bodies). */
export function durationBucketSql(column: string): RawBuilder<number> {
  const d = `(CASE WHEN ${column} < 0 THEN 0 ELSE ${column} END)`;
  const arms = STEPS.slice(0, -1)
    .map(([upper, width]) => `WHEN ${d} < ${upper} THEN (${d} / ${width}) * ${width}`)
    .join(' ');
  const last = STEPS[STEPS.length - 1][1];
  return sql<number>`(CASE ${sql.raw(arms)} ELSE (${sql.raw(d)} / ${sql.lit(last)}) * ${sql.lit(last)} END)`;
}

/**
 * The median of a histogram of buckets (ascending), each bucket standing for its middle; the
 * midpoint of the two middle judgments when the count is even (as the exact median does).
 */
export function medianOfBuckets(buckets: readonly { bucket: number; judgments: number }[]): number | null {
  const total = buckets.reduce((s, b) => s + b.judgments, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const b of buckets) {
      seen += b.judgments;
      if (rank < seen) return b.bucket + (bucketWidth(b.bucket) - 1) / 2;
    }
    return buckets[buckets.length - 1].bucket;
  };
  const mid = total >> 1;
  return Math.round(total % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2);
}

/** A bucket holding one of a histogram's middle judgments, with how many judgments lie below it and up to its end. */
export interface MiddleBucket {
  bucket: number;
  below: number;
  upto: number;
}

/**
 * `medianOfBuckets` from only the buckets that hold the middle ranks (total/2 − 1 and total/2,
 * 0-based), which SQL can pick out with running sums (judgmentRollups.ts `middleBuckets`): the same
 * value, from at most two rows instead of the whole histogram.
 */
export function medianOfMiddle(total: number, middle: readonly MiddleBucket[]): number | null {
  if (total === 0) return null;
  const at = (rank: number) => {
    const b = middle.find((m) => m.below <= rank && rank < m.upto);
    if (!b) throw new Error(`no bucket holds rank ${rank} of ${total}`);
    return b.bucket + (bucketWidth(b.bucket) - 1) / 2;
  };
  const mid = total >> 1;
  return Math.round(total % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2);
}
