/**
 * The judgment rollups (migration 010) a trigger keeps beside `annotations` equal a recomputation
 * from the annotations after randomised work on two projects (durations from 0 ms to hours, days
 * apart), including a write transaction that stores an annotation and then fails (its rollup rows
 * go with it). The SIGKILL case is in the fault suite (test/faults/support/checks.ts `rollupDrift`).
 * The dashboards read them: per-day counts exactly, per-tutor medians within the buckets' 2.5 %.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { projectStats } from '../../../src/services/projects/queries.js';
import { listUsers } from '../../../src/services/users/listUsers.js';
import type { Actor } from '../../../src/services/context.js';
import { durationBucket, durationBucketSql, medianOfBuckets } from '../../../src/store/durationBuckets.js';
import {
  judgmentsByUser,
  rollupDrift,
  rollupsFromScratch,
  storedRollups,
  tutorJudgments,
} from '../../../src/store/repositories/judgmentRollups.js';
import { writeTransaction } from '../../../src/store/transaction.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe.each(testDatabases())('judgment rollups on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('equal a recomputation from the annotations after random work and a failed write; the stats read them', async () => {
    h = await harness(await freshUrl());
    const rand = random(14);
    const m = await addUser(h.store, { role: 'manager' });
    const tutors: Actor[] = [];
    for (let i = 0; i < 5; i++) tutors.push(await addUser(h.store));
    const projects: number[] = [];
    for (const name of ['one', 'two']) {
      const p = await createProject(h.ctx, m, { name, type: 'preference', domains: ['general'], overlap: 3 });
      await importTasks(h.ctx, m, p.id, lines(...Array.from({ length: 12 }, (_, i) => preferenceLine(`${name}-${i}`))));
      projects.push(p.id);
    }
    const durations = [0, 7, 99, 100, 104, 999, 1000, 4321, 65_432, 3_600_000, 12_345_678];
    for (let step = 0; step < 80; step++) {
      const tutor = tutors[Math.floor(rand() * tutors.length)];
      const projectId = projects[Math.floor(rand() * projects.length)];
      h.clock.advance(Math.floor(rand() * 20 * 3_600_000));
      const lease = await nextAssignment(h.ctx, tutor, projectId);
      if (!lease) continue;
      const durationMs = rand() < 0.3 ? durations[Math.floor(rand() * durations.length)] : Math.floor(rand() * 300_000);
      await submitAnnotation(h.ctx, tutor, lease.assignment.id, { response: { choice: rand() < 0.5 ? 'a' : 'b' }, durationMs });
    }
    // A write that stores an annotation and then fails: its rollup rows roll back with it.
    const before = await storedRollups(h.store.db);
    const any = await h.store.db.selectFrom('annotations').selectAll().limit(1).executeTakeFirstOrThrow();
    await expect(
      writeTransaction(h.store, async (db) => {
        await db
          .insertInto('annotations')
          .values({ ...any, id: undefined, supersedes_id: any.id, duration_ms: 777, created_at: any.created_at + 99 * 86_400_000 })
          .execute();
        throw new Error('crash between two writes');
      }),
    ).rejects.toThrow('crash between two writes');
    expect(await storedRollups(h.store.db)).toEqual(before);

    const [stored, scratch] = [await storedRollups(h.store.db), await rollupsFromScratch(h.store.db)];
    expect(stored.days.length).toBeGreaterThan(2);
    expect(stored).toEqual(scratch);
    expect(rollupDrift(stored, scratch)).toBe(0);

    for (const projectId of projects) {
      const rows = await h.store.db
        .selectFrom('annotations')
        .select(['user_id', 'duration_ms', 'created_at'])
        .where('project_id', '=', projectId)
        .execute();
      const stats = await projectStats(h.ctx, projectId);
      const perDay = new Map<string, number>();
      for (const r of rows) {
        const day = new Date(Number(r.created_at)).toISOString().slice(0, 10);
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
      }
      expect(stats.judgmentsPerDay).toEqual([...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count })));
      for (const t of stats.perTutor) {
        const mine = rows.filter((r) => r.user_id === t.userId).map((r) => r.duration_ms);
        expect(t.judgments).toBe(mine.length);
        expect(Math.abs(t.medianDurationMs! - median(mine))).toBeLessThanOrEqual(0.025 * median(mine) + 1);
      }
    }
    const users = new Map((await listUsers(h.ctx)).map((u) => [u.id, u.stats]));
    const all = await h.store.db.selectFrom('annotations').select(['user_id', 'duration_ms']).execute();
    for (const t of tutors) {
      const mine = all.filter((r) => r.user_id === t.id).map((r) => r.duration_ms);
      expect(users.get(t.id)!.judgments).toBe(mine.length);
      if (mine.length) expect(Math.abs(users.get(t.id)!.medianDurationMs! - median(mine))).toBeLessThanOrEqual(0.025 * median(mine) + 1);
    }
  });

  it("reads each tutor's median from the middle buckets alone, equal to the median of the whole histogram", async () => {
    h = await harness(await freshUrl());
    const rand = random(7);
    const users = [];
    for (let i = 0; i < 12; i++) users.push(await addUser(h.store));
    // Histograms of every shape: one judgment, two, odd and even totals, zero-count buckets, wide and narrow spreads.
    const rows: { project_id: number; user_id: number; bucket: number; judgments: number }[] = [];
    for (const [i, u] of users.entries()) {
      for (const projectId of [1, 2]) {
        const buckets = new Set<number>();
        const n = i === 0 ? 1 : 1 + Math.floor(rand() * 40);
        while (buckets.size < n) buckets.add(durationBucket(Math.floor(rand() ** 3 * 5_000_000)));
        for (const bucket of buckets) {
          const judgments = i === 1 ? 1 : rand() < 0.1 ? 0 : 1 + Math.floor(rand() * 9);
          rows.push({ project_id: projectId, user_id: u.id, bucket, judgments });
        }
      }
    }
    await h.store.db.insertInto('judgment_durations').values(rows).execute();
    const histogram = (keep: (r: (typeof rows)[number]) => boolean) => {
      const perBucket = new Map<number, number>();
      for (const r of rows.filter(keep)) perBucket.set(r.bucket, (perBucket.get(r.bucket) ?? 0) + r.judgments);
      return [...perBucket].sort((a, b) => a[0] - b[0]).map(([bucket, judgments]) => ({ bucket, judgments }));
    };
    const perProject = await tutorJudgments(h.store.db, null);
    const one = await tutorJudgments(h.store.db, 2);
    expect(one.get(2)).toEqual(perProject.get(2));
    const perUser = await judgmentsByUser(h.store.db);
    let checked = 0;
    for (const u of users) {
      for (const projectId of [1, 2]) {
        const hist = histogram((r) => r.user_id === u.id && r.project_id === projectId);
        const total = hist.reduce((n, b) => n + b.judgments, 0);
        const tutor = perProject.get(projectId)!.find((t) => t.userId === u.id);
        if (total === 0) expect(tutor).toBeUndefined();
        else {
          expect(tutor).toMatchObject({ judgments: total, medianDurationMs: medianOfBuckets(hist) });
          checked++;
        }
      }
      const all = histogram((r) => r.user_id === u.id);
      expect(perUser.get(u.id)).toEqual({ judgments: all.reduce((n, b) => n + b.judgments, 0), medianDurationMs: medianOfBuckets(all) });
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('buckets a duration the same in SQL as in TypeScript', async () => {
    h = await harness(await freshUrl());
    const values = [
      0, 1, 99, 100, 101, 104, 105, 999, 1000, 1049, 1050, 9999, 10_000, 123_456, 999_999, 1_000_000, 9_999_999, 10_000_000, 2_000_000_000,
    ];
    const picked = values.map((v) => sql<number>`${durationBucketSql(String(v))}`);
    const row = await sql<Record<string, unknown>>`SELECT ${sql.join(picked.map((p, i) => sql`${p} AS ${sql.ref(`b${i}`)}`))}`.execute(
      h.store.db,
    );
    expect(values.map((_, i) => Number(row.rows[0][`b${i}`]))).toEqual(values.map(durationBucket));
  });
});
