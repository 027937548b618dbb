/**
 * The Cost page's stored rollups (`economics_rollups`, migration 030) after randomised work — submits
 * and skips by tutors on every pay model, gold, the consensus batch, live consensus, reviewers'
 * verdicts, a correction, a judge's verdict — equal the same sums recomputed from the annotations,
 * and the Cost page read from them equals the full pass over every judgment (the reference). The
 * Quality page's consensus rollups (migration 040) are checked at the same points against every consensus row.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  decideReview,
  flagTask,
  importTasks,
  nextAssignment,
  projectEconomicsView,
  recomputeProjectConsensus,
  skipAssignment,
  submitAnnotation,
  updateProject,
} from '../../../src/services/index.js';
import { measureProjectEconomics } from '../../../src/services/economics/index.js';
import { writeTransaction, type Db } from '../../../src/store/transaction.js';
import { insertJudge, insertRun } from '../../../src/store/repositories/judges.js';
import { insertEndpoint } from '../../../src/store/repositories/modelEndpoints.js';
import { storedItemCounts, storedItemCountsFromScratch } from '../../../src/store/repositories/economics.js';
import { countKinds, countKindsFromScratch } from '../../../src/store/repositories/exportCounts.js';
import { economicsRollupRows, economicsRollupsFromScratch } from '../../../src/store/repositories/economicsRollups.js';
import { saveModelConsensusBulk } from '../../../src/store/repositories/consensusBulk.js';
import {
  consensusCounts,
  consensusCountsFromScratch,
  consensusMethods,
  consensusMethodsFromScratch,
} from '../../../src/store/repositories/dashboards.js';
import type { ModelConsensus } from '../../../src/store/repositories/consensus.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, modelConsensusRow, preferenceLine, type Harness } from '../../support/fixtures.js';

/** A small deterministic generator (mulberry32), so a failure replays. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testDatabases())('economics rollups on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** `targetConfidence`: the project's (the rollups judge "reached" against it; the CLI report asks 0.95). */
  async function expectInStep(projectId: number, targetConfidence = 0.95) {
    expect(await economicsRollupRows(h.store.db, projectId)).toEqual(await economicsRollupsFromScratch(h.store, projectId));
    const stored = await measureProjectEconomics(h.ctx, projectId, { targetConfidence });
    const reference = await measureProjectEconomics(h.ctx, projectId, { targetConfidence }, { fromScratch: true });
    expect(stored.source).toBe('rollups');
    expect(reference.source).toBe('judgments');
    expect({ ...stored, source: 'same' }).toEqual({ ...reference, source: 'same' });
    expect(await projectEconomicsView(h.ctx, projectId)).toEqual(await projectEconomicsView(h.ctx, projectId, { fromScratch: true }));
    // The Quality page's consensus summary (migration 040's rollups), against every consensus row.
    const counts = await consensusCounts(h.store.db, projectId);
    const everyRow = await consensusCountsFromScratch(h.store.db, projectId);
    expect(counts.map((c) => ({ ...c, confidenceSum: 0 }))).toEqual(everyRow.map((c) => ({ ...c, confidenceSum: 0 })));
    counts.forEach((c, i) => expect(c.confidenceSum).toBeCloseTo(everyRow[i].confidenceSum, 9));
    expect(await consensusMethods(h.store.db, projectId)).toEqual(await consensusMethodsFromScratch(h.store.db, projectId));
    // The quality-adjusted items, counted from the rollups and indexes, against the pass over every task.
    for (const target of [targetConfidence, 0.5, 1])
      expect(await storedItemCounts(h.store.db, h.store.dialect, projectId, target)).toEqual(
        await storedItemCountsFromScratch(h.store.db, projectId, target),
      );
  }

  it('equal a from-scratch computation after randomised work, and the Cost page reads the same from them', async () => {
    h = await harness(await freshUrl());
    await h.store.db.updateTable('settings').set({ value: 'economics-rollups-test' }).where('key', '=', 'secret').execute();
    const random = rng(14);
    const m = await addUser(h.store, { role: 'manager' });
    const batch = await createProject(h.ctx, m, {
      name: 'batch',
      type: 'preference',
      domains: ['general', 'math'],
      overlap: 3,
      goldRate: 0.3,
      payPerTask: 40,
    });
    const live = await createProject(h.ctx, m, {
      name: 'live',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      goldRate: 0.2,
      quality: { liveConsensus: true, adaptiveOverlap: { targetConfidence: 0.7, minJudgments: 2, maxJudgments: 4 } },
    });
    const taskLines = (prefix: string, domains: string[]) =>
      Array.from({ length: 24 }, (_, i) =>
        preferenceLine(`${prefix}${i}`, {
          domain: domains[i % domains.length],
          ...(i % 6 === 0 ? { gold: i % 12 === 0 ? 'a' : 'b' } : {}),
        }),
      );
    await importTasks(h.ctx, m, batch.id, lines(...taskLines('b', ['general', 'math'])));
    await importTasks(h.ctx, m, live.id, lines(...taskLines('l', ['general'])));
    // Label sets: a judgment's class is its labels sorted in code-point order and joined (in SQL, in the
    // triggers, and in the from-scratch pass), whatever order the tutor gave them in.
    const labelSet = ['spam', 'ok', 'Zed', 'émoji 😀', 'toxic'];
    const labelled = await createProject(h.ctx, m, {
      name: 'labels',
      type: 'label',
      domains: ['general', 'math'],
      labels: labelSet,
      multiLabel: true,
      overlap: 3,
      goldRate: 0.2,
      payPerTask: 25,
    });
    const labelLines = Array.from({ length: 18 }, (_, i) =>
      JSON.stringify({
        id: `x${i}`,
        type: 'label',
        domain: i % 2 === 0 ? 'general' : 'math',
        text: `Item ${i}?`,
        ...(i % 6 === 0 ? { gold: { labels: i % 12 === 0 ? ['ok'] : ['toxic', 'spam'] } } : {}),
      }),
    );
    await importTasks(h.ctx, m, labelled.id, lines(...labelLines));

    // Tutors on every pay model: their own per-task rate, the project's rate (0 of their own), hourly.
    const tutors: Actor[] = [];
    const terms = [
      { pay_model: 'per_task', pay_rate: 120 },
      { pay_model: 'per_task', pay_rate: 0 },
      { pay_model: 'hourly', pay_rate: 3000 },
      { pay_model: 'hourly', pay_rate: 4500 },
      { pay_model: 'per_task', pay_rate: 75 },
    ] as const;
    for (const [i, t] of terms.entries()) {
      const tutor = await addUser(h.store, { tier: i % 2 === 0 ? 'specialist' : 'generalist', domains: ['general', 'math'] });
      await h.store.db.updateTable('users').set(t).where('id', '=', tutor.id).execute();
      tutors.push(tutor);
    }

    const flagged: number[] = [];
    const work = async (projectId: number, steps: number) => {
      for (let s = 0; s < steps; s++) {
        const tutor = tutors[Math.floor(random() * tutors.length)];
        const next = await nextAssignment(h.ctx, tutor, projectId);
        if (!next) continue;
        h.clock.advance(1000 + Math.floor(random() * 60_000));
        if (random() < 0.15) {
          await skipAssignment(h.ctx, tutor, next.assignment.id);
          continue;
        }
        if (random() < 0.1) flagged.push((await flagTask(h.ctx, tutor, next.assignment.id, { note: 'unclear' })).reviewId);
        // Durations over the 15-minute idle cap now and then, so hourly pay is capped.
        const durationMs = random() < 0.2 ? 900_000 + Math.floor(random() * 600_000) : Math.floor(random() * 120_000);
        await submitAnnotation(h.ctx, tutor, next.assignment.id, { response: answer(projectId), durationMs });
      }
    };
    // A few label sets, each given in either order, so that tutors agree and disagree.
    const labelAnswers = [['ok'], ['toxic', 'spam'], ['émoji 😀', 'Zed'], ['spam']];
    const answer = (projectId: number) => {
      if (projectId !== labelled.id) return { choice: random() < 0.7 ? 'a' : 'b' };
      const labels = labelAnswers[Math.floor(random() * labelAnswers.length)];
      return { labels: random() < 0.5 ? labels : [...labels].reverse() };
    };

    await work(batch.id, 40);
    await work(live.id, 40);
    await expectInStep(batch.id);
    await expectInStep(live.id, 0.7);

    await recomputeProjectConsensus(h.ctx, batch.id);
    await work(batch.id, 30);
    await work(live.id, 30);
    for (const reviewId of flagged.splice(0)) await decideReview(h.ctx, m, reviewId, { verdict: { choice: 'b' }, durationMs: 30_000 });
    await expectInStep(batch.id);
    await expectInStep(live.id, 0.7);

    // A correction supersedes a judgment (by another hand: an assignment is one per tutor and task).
    const corrector = await addUser(h.store, { tier: 'specialist' });
    const original = await h.store.db
      .selectFrom('annotations')
      .selectAll()
      .where('project_id', '=', batch.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await h.store.db
      .insertInto('annotations')
      .values({
        assignment_id: await submittedAssignment(h.store.db, { ...original, user_id: corrector.id }),
        task_id: original.task_id,
        project_id: original.project_id,
        user_id: corrector.id,
        response: JSON.stringify({ choice: JSON.parse(original.response).choice === 'a' ? 'b' : 'a' }),
        duration_ms: 5000,
        created_at: h.clock.now(),
        supersedes_id: original.id,
      })
      .execute();
    // A judge's verdict prices its judgment at its model calls' cost.
    const judged = await h.store.db
      .selectFrom('annotations')
      .selectAll()
      .where('project_id', '=', live.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await insertJudgeVerdict(judged, 0.25);

    await work(batch.id, 30);
    await recomputeProjectConsensus(h.ctx, batch.id);
    await expectInStep(batch.id);
    await expectInStep(live.id, 0.7);

    await work(labelled.id, 40);
    await expectInStep(labelled.id);
    await recomputeProjectConsensus(h.ctx, labelled.id);
    await expectInStep(labelled.id);
    await work(labelled.id, 20);
    await recomputeProjectConsensus(h.ctx, labelled.id);
    await expectInStep(labelled.id);
    const labelKinds = new Set((await economicsRollupRows(h.store.db, labelled.id)).map((r) => r.kind));
    for (const k of [1, 2]) expect(labelKinds).toContain(k);
    expect([12, 13, 14, 15].filter((k) => labelKinds.has(k)).length).toBeGreaterThanOrEqual(2);
    // The work reached what it was meant to: verdicts, gold both ways, all three consensus states, a judge's cost.
    const rows = [...(await economicsRollupRows(h.store.db, batch.id)), ...(await economicsRollupRows(h.store.db, live.id))];
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of [1, 2, 12, 14]) expect(kinds).toContain(k);
    expect(kinds.has(13) || kinds.has(15)).toBe(true);
    expect(rows.reduce((s, r) => s + r.modelJudgments, 0)).toBe(1);
    const byReview = await h.store.db.selectFrom('task_consensus').select('task_id').where('source', '=', 'review').execute();
    expect(byReview.length).toBeGreaterThan(0);
  });

  it("a reviewer's verdict on a task nobody judged is not a quality-adjusted item, and one on a judged task is", async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'verdicts', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('only')));
    // Leased, flagged and skipped: the review's verdict lands on a task with no judgment.
    const tutor = await addUser(h.store);
    const lease = (await nextAssignment(h.ctx, tutor, p.id))!;
    const unjudged = await flagTask(h.ctx, tutor, lease.assignment.id, { note: 'unclear' });
    await skipAssignment(h.ctx, tutor, lease.assignment.id);
    await decideReview(h.ctx, m, unjudged.reviewId, { verdict: { choice: 'a' }, durationMs: 1000 });
    await expectInStep(p.id);
    expect(await storedItemCounts(h.store.db, h.store.dialect, p.id, 0.95)).toEqual({ items: 0, reached: 0, reachedByReview: 0 });
    // The dpo export's summary leaves it out as unresolved, its verdict notwithstanding.
    const kinds = await countKinds(h.store.db, h.store.dialect, 'preference-dpo', p.id, false);
    expect(kinds).toEqual(await countKindsFromScratch(h.store.db, h.store.dialect, 'preference-dpo', p.id, false));
    expect(kinds).toMatchObject({ unresolved: 1, row: 0, votes: 0 });
    // Then judged, flagged again and decided: now an item reached by review.
    const other = await addUser(h.store);
    const next = (await nextAssignment(h.ctx, other, p.id))!;
    const judged = await flagTask(h.ctx, other, next.assignment.id, { note: 'unclear' });
    await submitAnnotation(h.ctx, other, next.assignment.id, { response: { choice: 'b' }, durationMs: 1000 });
    await decideReview(h.ctx, m, judged.reviewId, { verdict: { choice: 'b' }, durationMs: 1000 });
    await expectInStep(p.id);
    expect(await storedItemCounts(h.store.db, h.store.dialect, p.id, 0.95)).toEqual({ items: 1, reached: 1, reachedByReview: 1 });
  });

  it("a tutor's new pay terms and a project's new rate or target re-price the rollups in the same statement", async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'terms', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(...Array.from({ length: 6 }, (_, i) => preferenceLine(`t${i}`))));
    const tutors = [await addUser(h.store), await addUser(h.store)];
    for (const tutor of tutors) {
      for (let n = await nextAssignment(h.ctx, tutor, p.id); n; n = await nextAssignment(h.ctx, tutor, p.id))
        await submitAnnotation(h.ctx, tutor, n.assignment.id, { response: { choice: 'a' }, durationMs: 60_000 });
    }
    await recomputeProjectConsensus(h.ctx, p.id);
    await expectInStep(p.id);
    await h.store.db.updateTable('users').set({ pay_model: 'hourly', pay_rate: 6000 }).where('id', '=', tutors[0].id).execute();
    await expectInStep(p.id);
    const repriced = await measureProjectEconomics(h.ctx, p.id);
    expect(repriced.economics.rollups.byTutor.find((r) => r.key.tutor === String(tutors[0].id))?.costPerJudgment).toBe(100);
    // Per-task at 0 of their own: paid the project's rate, which then changes.
    await h.store.db.updateTable('users').set({ pay_model: 'per_task', pay_rate: 0 }).where('id', '=', tutors[1].id).execute();
    await updateProject(h.ctx, m, p.id, { payPerTask: 55 });
    await expectInStep(p.id);
    expect(
      (await measureProjectEconomics(h.ctx, p.id)).economics.rollups.byTutor.find((r) => r.key.tutor === String(tutors[1].id))
        ?.costPerJudgment,
    ).toBe(55);
    await updateProject(h.ctx, m, p.id, { quality: { adaptiveOverlap: { targetConfidence: 0.6, minJudgments: 1, maxJudgments: 3 } } });
    await expectInStep(p.id, 0.6);
    // Asked for another target than the rows were judged against (the CLI report asks 0.95): every judgment is read.
    expect((await measureProjectEconomics(h.ctx, p.id, { targetConfidence: 0.95 })).source).toBe('judgments');
    expect((await measureProjectEconomics(h.ctx, p.id, { targetConfidence: 0.6, idleCapMs: 60_000 })).source).toBe('judgments');
  });

  /** A fresh database with a preference project of `size` tasks, each judged "a" by one tutor and "b" by another. */
  async function splitProject(name: string, size: number) {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name, type: 'preference', domains: ['general'], overlap: 2, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(...Array.from({ length: size }, (_, i) => preferenceLine(`t${i}`))));
    for (const choice of ['a', 'b']) {
      const tutor = await addUser(h.store);
      for (let n = await nextAssignment(h.ctx, tutor, p.id); n; n = await nextAssignment(h.ctx, tutor, p.id))
        await submitAnnotation(h.ctx, tutor, n.assignment.id, { response: { choice }, durationMs: 30_000 });
    }
    return p;
  }

  it('one statement updating many consensus rows moves the rollups by the changed ones only (a batch re-run)', async () => {
    const p = await splitProject('rerun', 12);
    await recomputeProjectConsensus(h.ctx, p.id);
    await expectInStep(p.id);
    const before = await economicsRollupRows(h.store.db, p.id);
    // Nothing a judgment's kind depends on changes: the rollups stay as they were.
    await h.store.db
      .updateTable('task_consensus')
      .set({ computed_at: 1, method_version: 'rerun' })
      .where('project_id', '=', p.id)
      .execute();
    expect(await economicsRollupRows(h.store.db, p.id)).toEqual(before);
    // Every row touched, a third of them changed (label, confidence below or above the target, source).
    await h.store.db
      .updateTable('task_consensus')
      .set((eb) => ({
        computed_at: 2,
        label: eb.case().when(sql<number>`task_id % 3`, '=', 0).then('{"choice":"b"}').else(eb.ref('label')).end(),
        confidence: eb.case().when(sql<number>`task_id % 3`, '=', 0).then(0.99).else(eb.ref('confidence')).end(),
      }))
      .where('project_id', '=', p.id)
      .execute();
    expect(await economicsRollupRows(h.store.db, p.id)).not.toEqual(before);
    await expectInStep(p.id);
    await h.store.db.updateTable('task_consensus').set({ confidence: 0.5 }).where('project_id', '=', p.id).execute();
    await expectInStep(p.id);
  });
  it("the batch's bulk write moves the rollups by its slice, and a slice rolled back part-way leaves them as they were", async () => {
    const p = await splitProject('slices', 8);
    const tasks = await h.store.db.selectFrom('tasks').select('id').where('project_id', '=', p.id).orderBy('id').execute();
    const row = (taskId: number, choice: string, confidence: number) => modelConsensusRow(h, p.id, taskId, choice, confidence, 2);
    // New rows (inserts), then the same tasks again with some answers and confidences changed (updates).
    await writeTransaction(h.store, (db) =>
      saveModelConsensusBulk(
        h.store,
        db,
        tasks.map((t) => row(t.id, 'a', 0.99)),
      ),
    );
    await expectInStep(p.id);
    await writeTransaction(h.store, (db) =>
      saveModelConsensusBulk(
        h.store,
        db,
        tasks.map((t, i) => row(t.id, i % 2 === 0 ? 'b' : 'a', i % 3 === 0 ? 0.5 : 0.99)),
      ),
    );
    await expectInStep(p.id);
    const before = await economicsRollupRows(h.store.db, p.id);
    const crash = new Error('crash part-way through a slice');
    await expect(
      writeTransaction(h.store, async (db) => {
        await saveModelConsensusBulk(
          h.store,
          db,
          tasks.map((t) => row(t.id, 'tie', 0.6)),
        );
        throw crash;
      }),
    ).rejects.toBe(crash);
    expect(await economicsRollupRows(h.store.db, p.id)).toEqual(before);
    await expectInStep(p.id);
    if (h.store.dialect === 'sqlite')
      expect(h.store.sqlite.prepare('SELECT count(*) AS n FROM economics_rollup_pause').get()).toEqual({ n: 0 });
    // The row triggers are back: a single write after the batch moves the rollups on its own.
    await h.store.db
      .updateTable('task_consensus')
      .set({ label: '{"choice":"b"}', confidence: 0.99 })
      .where('task_id', '=', tasks[1].id)
      .execute();
    expect(await economicsRollupRows(h.store.db, p.id)).not.toEqual(before);
    await expectInStep(p.id);
    // Rows removed in one statement (their tasks' judgments go back to "no consensus").
    await h.store.db
      .deleteFrom('task_consensus')
      .where(
        'task_id',
        'in',
        tasks.slice(0, 5).map((t) => t.id),
      )
      .execute();
    await expectInStep(p.id);
  });

  it('a transaction rolled back after a judgment and a consensus write leaves the rollups as they were, in step', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'rollback', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('t0'), preferenceLine('t1')));
    const tutor = await addUser(h.store);
    for (let n = await nextAssignment(h.ctx, tutor, p.id); n; n = await nextAssignment(h.ctx, tutor, p.id))
      await submitAnnotation(h.ctx, tutor, n.assignment.id, { response: { choice: 'b' }, durationMs: 1000 });
    await recomputeProjectConsensus(h.ctx, p.id);
    const before = await economicsRollupRows(h.store.db, p.id);
    const one = await h.store.db.selectFrom('annotations').selectAll().where('project_id', '=', p.id).executeTakeFirstOrThrow();
    const other = await addUser(h.store);
    const crash = new Error('crash between the two writes');
    await expect(
      writeTransaction(h.store, async (db) => {
        await db
          .insertInto('annotations')
          .values({
            ...one,
            id: undefined,
            user_id: other.id,
            assignment_id: await submittedAssignment(db, { ...one, user_id: other.id }),
            response: '{"choice":"a"}',
            supersedes_id: null,
            created_at: h.clock.now(),
          })
          .execute();
        await db
          .updateTable('task_consensus')
          .set({ label: '{"choice":"a"}', confidence: 0.99 })
          .where('task_id', '=', one.task_id)
          .execute();
        throw crash;
      }),
    ).rejects.toBe(crash);
    expect(await economicsRollupRows(h.store.db, p.id)).toEqual(before);
    await expectInStep(p.id);
  });

  /** A new submitted assignment of the tutor on the task (an annotation needs one of its own). */
  async function submittedAssignment(db: Db, a: { task_id: number; project_id: number; user_id: number }): Promise<number> {
    const now = h.clock.now();
    const row = await db
      .insertInto('assignments')
      .values({
        task_id: a.task_id,
        project_id: a.project_id,
        user_id: a.user_id,
        state: 'submitted',
        leased_at: now,
        expires_at: now,
        finished_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A judge (with its run) and one verdict on `annotation`, as the judge runner stores them. */
  async function insertJudgeVerdict(
    annotation: { id: number; task_id: number; project_id: number; assignment_id: number },
    costUsd: number,
  ) {
    const db = h.store.db;
    const now = h.clock.now();
    const endpoint = await insertEndpoint(db, {
      name: 'stand-in',
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'stand-in',
      apiKeySealed: 'sealed',
      priceInputPerMillion: 1,
      priceOutputPerMillion: 1,
      maxConcurrency: 1,
      requestsPerMinute: 60,
      timeoutMs: 1000,
      createdAt: now,
    });
    const judgeUser = await addUser(h.store, { tier: 'model' });
    const judgeId = await insertJudge(db, judgeUser.id, endpoint.id, now);
    const runId = await insertRun(db, { projectId: annotation.project_id, judgeId, maxItems: null, by: judgeUser.id, now });
    await db
      .insertInto('judge_verdicts')
      .values({
        run_id: runId,
        judge_id: judgeId,
        project_id: annotation.project_id,
        task_id: annotation.task_id,
        domain: 'general',
        assignment_id: annotation.assignment_id,
        annotation_id: annotation.id,
        status: 'ok',
        prompt_version: 1,
        model: 'stand-in',
        confidence: 0.9,
        consistent: null,
        length_difference: null,
        self_preference: 0,
        calls: 1,
        input_tokens: 100,
        output_tokens: 10,
        cost_usd: costUsd,
        latency_ms: 50,
        error: null,
        created_at: now,
      })
      .execute();
  }
});
