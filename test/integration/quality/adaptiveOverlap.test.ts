/**
 * Adaptive overlap through the real services (nextAssignment / submitAnnotation), on both databases.
 * 1. A synthetic crowd with known truth: ten simulated tutors of known accuracy (0.6–0.95) answer
 *    from one seeded answer table, so the adaptive run and the fixed run (min = max = 5) see the same
 *    crowd. Adaptive (target 0.95, 3..7 judgments) must use fewer judgments at equal or better
 *    accuracy of the stored consensus against the truth.
 * 2. The routing invariants under concurrency with adaptive overlap on: no task over max, no tutor
 *    twice on a task, every acknowledged submit stored, counters equal to the rows; after the tutors
 *    come back until nothing is left, every task is done (min ≤ judgments ≤ max, not uncertain).
 *    Also across processes on one SQLite file (the batch claim and the per-task decisions race there).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  importTasks,
  nextAssignment,
  recomputeProjectConsensus,
  submitAnnotation,
  updateProject,
} from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import { createRng } from '../../../src/quality/random.js';
import type { QualityPolicyInput } from '../../../src/domain/quality.js';
import { freshSqlitePath, testDatabases } from '../../support/databases.js';
import { addUser, harness, preferenceLine, type Harness } from '../../support/fixtures.js';
import { checkInvariants } from '../../support/routing/invariants.js';
import { tutorLoop, type Ack } from '../../support/routing/tutorLoop.js';
import { DEFAULT_INFERENCE_METHOD } from '../../../src/quality/inference/index.js';

const SEED = 11;
const TASKS = 150;
const ACCURACIES = [0.95, 0.9, 0.9, 0.85, 0.8, 0.75, 0.7, 0.7, 0.65, 0.6];

/** The hidden truth per task and every tutor's answer to every task, drawn once from the seed. */
function crowd(seed: number) {
  const rng = createRng(seed);
  const truth = Array.from({ length: TASKS }, () => (rng.next() < 0.5 ? 'a' : 'b'));
  const answers = ACCURACIES.map((p) => truth.map((t) => (rng.next() < p ? t : t === 'a' ? 'b' : 'a')));
  return { truth, answers };
}

interface RunResult {
  judgments: number;
  accuracy: number;
  perTask: number[];
}

describe.each(testDatabases())('adaptive overlap on $name', ({ name, freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** Tutors take turns (rotating who goes first) until a whole round finds nothing left. */
  async function runCrowd(quality: QualityPolicyInput): Promise<RunResult> {
    h = await harness(await freshUrl());
    const { truth, answers } = crowd(SEED);
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, { name: 'crowd', type: 'preference', domains: ['general'], overlap: 5, quality });
    await importTasks(h.ctx, manager, project.id, [Array.from({ length: TASKS }, (_, i) => preferenceLine(`t${i}`)).join('\n')]);
    const ext = new Map(
      (await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, Number(r.external_id.slice(1))]),
    );
    const tutors: Actor[] = [];
    for (let i = 0; i < ACCURACIES.length; i++) tutors.push(await addUser(h.store));
    for (let round = 0; ; round++) {
      let served = 0;
      for (let k = 0; k < tutors.length; k++) {
        const i = (k + round) % tutors.length;
        const next = await nextAssignment(h.ctx, tutors[i], project.id);
        if (!next) continue;
        served++;
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, tutors[i], next.assignment.id, {
          response: { choice: answers[i][ext.get(next.task.id)!] },
          durationMs: 30_000,
        });
      }
      if (served === 0) break;
    }
    // The stored consensus after a final batch (what exports read).
    await recomputeProjectConsensus(h.ctx, project.id);
    const rows = await h.store.db
      .selectFrom('task_consensus as c')
      .innerJoin('tasks as t', 't.id', 'c.task_id')
      .select(['t.external_id', 'c.label', 'c.method', 'c.method_version', 't.submitted_count'])
      .where('c.project_id', '=', project.id)
      .execute();
    expect(rows).toHaveLength(TASKS);
    expect(
      rows.every((r) => r.method === DEFAULT_INFERENCE_METHOD && r.method_version.startsWith(`${DEFAULT_INFERENCE_METHOD}/1 batch upto=`)),
    ).toBe(true);
    const right = rows.filter((r) => (JSON.parse(r.label) as { choice: string }).choice === truth[Number(r.external_id.slice(1))]).length;
    const perTask = rows.map((r) => Number(r.submitted_count));
    return { judgments: perTask.reduce((a, b) => a + b, 0), accuracy: right / TASKS, perTask };
  }

  it('a synthetic crowd: fewer judgments than fixed overlap (min = max = 5) at equal or better accuracy', async () => {
    const fixed = await runCrowd({ adaptiveOverlap: { targetConfidence: 0.95, minJudgments: 5, maxJudgments: 5 } });
    await h.close();
    const adaptive = await runCrowd({ adaptiveOverlap: { targetConfidence: 0.95, minJudgments: 3, maxJudgments: 7 } });
    expect(fixed.perTask.every((n) => n === 5)).toBe(true);
    expect(adaptive.perTask.every((n) => n >= 3 && n <= 7)).toBe(true);
    expect(adaptive.judgments).toBeLessThan(fixed.judgments);
    expect(adaptive.accuracy).toBeGreaterThanOrEqual(fixed.accuracy);
    console.info(
      `${name}: fixed 5 → ${fixed.judgments} judgments, accuracy ${(fixed.accuracy * 100).toFixed(1)}%; ` +
        `adaptive 3..7 @0.95 → ${adaptive.judgments} judgments (${((1 - adaptive.judgments / fixed.judgments) * 100).toFixed(1)}% fewer), accuracy ${(adaptive.accuracy * 100).toFixed(1)}%`,
    );
  });

  it('turning adaptive overlap on decides judged tasks from their stored confidence; turning it off restores the overlap', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    // Live consensus from the start, so each task has its incremental one-coin confidence when the policy changes.
    const project = await createProject(h.ctx, manager, {
      name: 'switch',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      quality: { liveConsensus: true },
    });
    await importTasks(h.ctx, manager, project.id, [[preferenceLine('agree'), preferenceLine('split'), preferenceLine('fresh')].join('\n')]);
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    for (const [i, t] of [await addUser(h.store), await addUser(h.store)].entries()) {
      for (let k = 0; k < 2; k++) {
        const n = (await nextAssignment(h.ctx, t, project.id))!;
        await submitAnnotation(h.ctx, t, n.assignment.id, {
          response: { choice: ext.get(n.task.id) === 'split' ? ['a', 'b'][i] : 'a' },
          durationMs: 1000,
        });
      }
    }
    const state = async () =>
      Object.fromEntries(
        (
          await h.store.db
            .selectFrom('tasks')
            .select(['external_id', 'submitted_count', 'target_judgments', 'uncertain', 'is_open'])
            .where('project_id', '=', project.id)
            .execute()
        ).map((t) => [t.external_id, [t.submitted_count, t.target_judgments, t.uncertain, t.is_open]]),
      );
    expect(await state()).toEqual({ agree: [2, null, 0, 1], split: [2, null, 0, 1], fresh: [0, null, 0, 1] });

    await updateProject(h.ctx, manager, project.id, {
      quality: { adaptiveOverlap: { targetConfidence: 0.9, minJudgments: 2, maxJudgments: 4 } },
    });
    // agree: two agreeing judgments at prior 0.7 = 0.92 ≥ 0.9, done at 2; split needs a third; fresh starts at min.
    expect(await state()).toEqual({ agree: [2, 2, 0, 0], split: [2, 3, 1, 1], fresh: [0, null, 0, 1] });
    expect((await h.store.db.selectFrom('projects').select('overlap').where('id', '=', project.id).executeTakeFirstOrThrow()).overlap).toBe(
      2,
    );

    await updateProject(h.ctx, manager, project.id, { quality: { consensusMethod: 'mace' } });
    expect(await state()).toEqual({ agree: [2, null, 0, 1], split: [2, null, 0, 1], fresh: [0, null, 0, 1] });
    expect((await h.store.db.selectFrom('projects').select('overlap').where('id', '=', project.id).executeTakeFirstOrThrow()).overlap).toBe(
      3,
    );
  });

  it('routing invariants hold under concurrency with adaptive overlap on', async () => {
    const TUTORS = 120;
    const MIN = 2;
    const MAX = 5;
    h = await harness(await freshUrl(), 24);
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, {
      name: 'adaptive-load',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      goldRate: 0.05,
      quality: { adaptiveOverlap: { targetConfidence: 0.9, minJudgments: MIN, maxJudgments: MAX } },
    });
    const taskLines = Array.from({ length: 200 }, (_, i) => preferenceLine(`t${i}`, { priority: i % 3 }));
    const goldLines = Array.from({ length: 8 }, (_, i) => preferenceLine(`g${i}`, { gold: 'a' }));
    await importTasks(h.ctx, manager, project.id, [[...taskLines, ...goldLines].join('\n')]);
    const tutors = await Promise.all(Array.from({ length: TUTORS }, () => addUser(h.store)));

    const first = await Promise.all(tutors.map((t) => tutorLoop(h.ctx, t, project.id)));
    // A task can reopen after a tutor found nothing (an in-flight judgment left it uncertain): tutors come back.
    const again = await Promise.all(tutors.map((t) => tutorLoop(h.ctx, t, project.id)));
    const acks: Ack[] = [...first, ...again].flatMap((r) => r.acks);
    const check = await checkInvariants(h.store, project.id, MAX, acks);
    expect(check.overfull).toEqual([]);
    expect(check.judgedTwice).toEqual([]);
    expect(check.missingAcks).toEqual([]);
    expect(check.counterDrift).toEqual([]);
    expect(check.storedCount).toBe(acks.length);

    expect(await unfinishedTasks(h, project.id, MIN, MAX)).toEqual([]);
    const tasks = await h.store.db
      .selectFrom('tasks')
      .select(['submitted_count', 'target_judgments'])
      .where('project_id', '=', project.id)
      .where('is_gold', '=', 0)
      .execute();
    expect(tasks.every((t) => t.target_judgments !== null && t.target_judgments >= MIN && t.target_judgments <= MAX)).toBe(true);
    // Every task has its consensus row, with as many annotators as judgments.
    const missing = await sql<{ id: number }>`
      SELECT t.id FROM tasks t LEFT JOIN task_consensus c ON c.task_id = t.id
      WHERE t.project_id = ${project.id} AND t.is_gold = 0 AND (c.task_id IS NULL OR c.annotator_count <> t.submitted_count)`.execute(
      h.store.db,
    );
    expect(missing.rows).toEqual([]);
    const total = tasks.reduce((s, t) => s + t.submitted_count, 0);
    console.info(
      `${name}: ${acks.length} submissions, ${total} on real tasks (${(total / tasks.length).toFixed(2)} per task, min ${MIN}, max ${MAX})`,
    );
  });
});

/** Every non-gold task finished: closed, no lease out, within [min, max], at or past its own target, not uncertain. */
async function unfinishedTasks(h: Harness, projectId: number, min: number, max: number) {
  const tasks = await h.store.db
    .selectFrom('tasks')
    .select(['id', 'submitted_count', 'active_leases', 'target_judgments', 'uncertain', 'is_open'])
    .where('project_id', '=', projectId)
    .where('is_gold', '=', 0)
    .execute();
  return tasks.filter(
    (t) =>
      t.is_open === 1 ||
      t.uncertain === 1 ||
      t.active_leases !== 0 ||
      t.submitted_count < min ||
      t.submitted_count > max ||
      t.submitted_count < (t.target_judgments ?? min),
  );
}

describe('adaptive overlap across processes on one SQLite file', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('4 processes × 40 tutors keep the counters exact and finish every task', async () => {
    const run = promisify(execFile);
    const worker = fileURLToPath(new URL('../../support/routing/processWorker.ts', import.meta.url));
    const url = `sqlite:${freshSqlitePath()}`;
    h = await harness(url);
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, {
      name: 'mp-adaptive',
      type: 'preference',
      domains: ['general'],
      quality: { adaptiveOverlap: { targetConfidence: 0.9, minJudgments: 2, maxJudgments: 5 } },
    });
    await importTasks(h.ctx, manager, project.id, [Array.from({ length: 150 }, (_, i) => preferenceLine(`t${i}`)).join('\n')]);
    const tutors = await Promise.all(Array.from({ length: 160 }, () => addUser(h.store)));
    const groups = Array.from({ length: 4 }, (_, p) => tutors.slice(p * 40, (p + 1) * 40).map((t) => t.id));
    const outputs = await Promise.all(
      groups.map((ids) =>
        run(process.execPath, ['--import', 'tsx', worker, url, String(project.id), JSON.stringify(ids)], { maxBuffer: 64 << 20 }),
      ),
    );
    const perProcess = outputs.map((o) => JSON.parse(o.stdout.trim().split('\n').pop()!) as Ack[]);
    expect(perProcess.every((a) => a.length > 0)).toBe(true);
    // Tutors come back (in this process) for tasks an in-flight judgment reopened after they had left.
    const again = await Promise.all(tutors.map((t) => tutorLoop(h.ctx, t, project.id)));
    const acks = [...perProcess.flat(), ...again.flatMap((r) => r.acks)];
    const check = await checkInvariants(h.store, project.id, 5, acks);
    expect(check.overfull).toEqual([]);
    expect(check.judgedTwice).toEqual([]);
    expect(check.missingAcks).toEqual([]);
    expect(check.counterDrift).toEqual([]);
    expect(check.storedCount).toBe(acks.length);
    expect(await unfinishedTasks(h, project.id, 2, 5)).toEqual([]);
  });
});
