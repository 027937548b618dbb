/**
 * Stored consensus on both databases: the batch writes every task's row with the project's method and
 * a version naming the run, and each tutor's per-domain model accuracy blended with gold; the
 * incremental path names itself on top of the batch; a reviewer's row survives both paths; free-form
 * types (rating, steps, ranking) get their simple consensus; completed tasks open reviews.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, recomputeProjectConsensus, submitAnnotation } from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import { blendReliability } from '../../../src/quality/reliability/blend.js';
import { BATCH_EVERY } from '../../../src/services/consensus/recomputeProjectConsensus.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';
import { DEFAULT_INFERENCE_METHOD } from '../../../src/quality/inference/index.js';

describe.each(testDatabases())('stored consensus on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function judgeAll(projectId: number, tutors: Actor[], answer: (externalId: string, i: number) => unknown) {
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    for (const [i, t] of tutors.entries()) {
      for (let n = await nextAssignment(h.ctx, t, projectId); n; n = await nextAssignment(h.ctx, t, projectId)) {
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, t, n.assignment.id, {
          response: answer(ext.get(n.task.id)!, i) as Record<string, unknown>,
          durationMs: 1000,
        });
      }
    }
  }

  const rowsOf = async (projectId: number) =>
    (
      await h.store.db
        .selectFrom('task_consensus as c')
        .innerJoin('tasks as t', 't.id', 'c.task_id')
        .selectAll('c')
        .select('t.external_id')
        .where('c.project_id', '=', projectId)
        .orderBy('t.external_id')
        .execute()
    ).map((r) => ({
      ...r,
      label: JSON.parse(r.label) as Record<string, unknown>,
    }));

  it('ebcc, bwa and auto are project consensus methods: the batch stores them by name', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    for (const method of ['ebcc', 'bwa', 'auto'] as const) {
      const p = await createProject(h.ctx, m, {
        name: method,
        type: 'preference',
        domains: ['law'],
        overlap: 3,
        quality: { consensusMethod: method },
      });
      await importTasks(
        h.ctx,
        m,
        p.id,
        lines(...['x1', 'x2', 'x3', 'x4'].map((id) => preferenceLine(`${method}-${id}`, { domain: 'law' }))),
      );
      // The third tutor disagrees on x2 only: the majority holds everywhere.
      await judgeAll(p.id, tutors, (id, i) => ({ choice: id.endsWith('x2') && i === 2 ? 'b' : id.endsWith('x4') ? 'b' : 'a' }));
      const summary = await recomputeProjectConsensus(h.ctx, p.id);
      expect(summary.method).toBe(method);
      const rows = await rowsOf(p.id);
      expect(rows.every((r) => r.method === method && r.method_version.startsWith(`${method}/1 batch`))).toBe(true);
      expect(rows.map((r) => r.label.choice)).toEqual(['a', 'a', 'a', 'b']);
    }
  });

  it('batch: method and run version on every row, reliability per tutor × domain; incremental names itself on the batch', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'c',
      type: 'preference',
      domains: ['law', 'medicine'],
      overlap: 3,
      quality: { consensusMethod: 'ds', liveConsensus: true },
    });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(
        ...['l1', 'l2', 'l3'].map((id) => preferenceLine(id, { domain: 'law' })),
        preferenceLine('m1', { domain: 'medicine' }),
        preferenceLine('m2', { domain: 'medicine' }),
      ),
    );
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, (id, i) => ({ choice: id === 'l2' && i === 2 ? 'b' : id.startsWith('m') ? 'b' : 'a' }));

    // Before any batch: the incremental path wrote every row (one-coin posterior, 0.7 for unknown tutors).
    let rows = await rowsOf(p.id);
    expect(rows.map((r) => r.external_id)).toEqual(['l1', 'l2', 'l3', 'm1', 'm2']);
    expect(rows.every((r) => r.method === 'ds' && r.method_version === 'one-coin/1 incremental' && r.source === 'model')).toBe(true);
    expect(rows.find((r) => r.external_id === 'l2')!.label).toEqual({ choice: 'a' });

    const summary = await recomputeProjectConsensus(h.ctx, p.id);
    const upTo = Number(
      (
        await h.store.db
          .selectFrom('annotations')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirstOrThrow()
      ).m,
    );
    expect(summary).toEqual({ method: 'ds', methodVersion: `ds/1 batch upto=${upTo}`, annotations: 15, tasks: 5, tutorDomains: 6 });
    rows = await rowsOf(p.id);
    expect(rows.every((r) => r.method === 'ds' && r.method_version === `ds/1 batch upto=${upTo}` && r.annotator_count === 3)).toBe(true);
    expect(rows.map((r) => r.label.choice)).toEqual(['a', 'a', 'a', 'b', 'b']);
    expect(rows.every((r) => r.confidence > 0.5 && r.confidence <= 1)).toBe(true);

    const rel = await h.store.db.selectFrom('tutor_reliability').selectAll().orderBy('user_id').orderBy('domain').execute();
    expect(rel.map((r) => [r.user_id, r.domain, Number(r.model_labels)])).toEqual(
      tutors.flatMap((t) => [
        [t.id, 'law', 3],
        [t.id, 'medicine', 2],
      ]),
    );
    for (const r of rel) {
      expect(r.model_accuracy).not.toBeNull();
      expect(Number(r.reliability)).toBeCloseTo(
        blendReliability({
          goldTotal: Number(r.gold_total),
          goldCorrect: Number(r.gold_correct),
          modelAccuracy: Number(r.model_accuracy),
          modelLabels: Number(r.model_labels),
        }),
        10,
      );
    }
    // The tutor who disagreed once in law is the least reliable there.
    const law = rel.filter((r) => r.domain === 'law').map((r) => Number(r.model_accuracy));
    expect(law[2]).toBeLessThan(Math.min(law[0], law[1]));

    // A new task judged after the batch: the incremental row says it builds on that batch.
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('l4', { domain: 'law' })));
    await judgeAll(p.id, tutors.slice(0, 1), () => ({ choice: 'b' }));
    const l4 = (await rowsOf(p.id)).find((r) => r.external_id === 'l4')!;
    expect(l4).toMatchObject({
      method: 'ds',
      method_version: `ds/1 batch upto=${upTo} + one-coin/1 incremental`,
      annotator_count: 1,
      label: { choice: 'b' },
    });
  });

  it('the batch runs by itself once BATCH_EVERY annotations arrived, and the rows written after it name it', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'auto',
      type: 'preference',
      domains: ['general'],
      overlap: 2,
      quality: { liveConsensus: true },
    });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(...Array.from({ length: BATCH_EVERY / 2 + 5 }, (_, i) => preferenceLine(`t${String(i).padStart(3, '0')}`))),
    );
    await judgeAll(p.id, [await addUser(h.store), await addUser(h.store)], () => ({ choice: 'a' }));
    // Annotation ids are 1..110 in this fresh database: the submit that stored id 100 ran the batch over 1..100.
    const state = JSON.parse(
      (await h.store.db.selectFrom('settings').select('value').where('key', '=', `consensus.batch.${p.id}`).executeTakeFirstOrThrow())
        .value,
    );
    expect(state).toMatchObject({
      upTo: BATCH_EVERY,
      annotations: BATCH_EVERY,
      version: `${DEFAULT_INFERENCE_METHOD}/1 batch upto=${BATCH_EVERY}`,
    });
    expect(await h.store.db.selectFrom('tutor_reliability').select('user_id').execute()).toHaveLength(2);
    const versions = new Set((await rowsOf(p.id)).map((r) => r.method_version));
    expect(versions).toEqual(
      new Set([
        `${DEFAULT_INFERENCE_METHOD}/1 batch upto=${BATCH_EVERY}`,
        `${DEFAULT_INFERENCE_METHOD}/1 batch upto=${BATCH_EVERY} + one-coin/1 incremental`,
      ]),
    );
  });

  it("a reviewer's row is overwritten neither by a recompute nor by a later judgment", async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'r',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      quality: { liveConsensus: true },
    });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('t1'), preferenceLine('t2')));
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors.slice(0, 2), () => ({ choice: 'a' }));
    const t1 = (await h.store.db.selectFrom('tasks').select('id').where('external_id', '=', 't1').executeTakeFirstOrThrow()).id;
    const review = await h.store.db
      .insertInto('reviews')
      .values({
        project_id: p.id,
        task_id: t1,
        domain: 'general',
        annotation_id: null,
        reason: 'disagreement',
        note: null,
        flagged_by: null,
        state: 'decided',
        reviewer_id: m.id,
        verdict: '{"choice":"b"}',
        comment: null,
        created_at: h.clock.now(),
        decided_at: h.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.store.db
      .updateTable('task_consensus')
      .set({ method: 'review', method_version: 'review/1', label: '{"choice":"b"}', confidence: 1, source: 'review', review_id: review.id })
      .where('task_id', '=', t1)
      .execute();
    const before = (await rowsOf(p.id)).find((r) => r.external_id === 't1');

    await recomputeProjectConsensus(h.ctx, p.id);
    await judgeAll(p.id, tutors.slice(2), () => ({ choice: 'a' })); // a third judgment on t1 (and t2)
    await recomputeProjectConsensus(h.ctx, p.id);
    const after = await rowsOf(p.id);
    expect(after.find((r) => r.external_id === 't1')).toEqual(before);
    expect(after.find((r) => r.external_id === 't1')).toMatchObject({
      source: 'review',
      review_id: review.id,
      label: { choice: 'b' },
      annotator_count: 2,
    });
    expect(after.find((r) => r.external_id === 't2')).toMatchObject({ source: 'model', annotator_count: 3, label: { choice: 'a' } });
  });

  it('free-form types: rating means, steps majority, ranking by mean position (Borda)', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    const rating = await createProject(h.ctx, m, {
      name: 'rt',
      type: 'rating',
      domains: ['general'],
      overlap: 3,
      rubric: [
        { name: 'helpful', scale: 5 },
        { name: 'safe', scale: 5 },
      ],
      quality: { liveConsensus: true },
    });
    await importTasks(
      h.ctx,
      m,
      rating.id,
      lines(JSON.stringify({ id: 'q', type: 'rating', domain: 'general', prompt: 'hi', response: { text: 'hello' } })),
    );
    await judgeAll(rating.id, tutors, (_id, i) => ({ scores: { helpful: [2, 3, 5][i], safe: 4 } }));
    const [r] = await rowsOf(rating.id);
    expect(r).toMatchObject({
      method: 'mean',
      method_version: 'mean/1',
      annotator_count: 3,
      label: { scores: { helpful: 10 / 3, safe: 4 } },
    });
    expect(r.confidence).toBeCloseTo(4 / 6, 10); // helpful: only 3 is within ±1 of 3.33; safe: 3 of 3

    const steps = await createProject(h.ctx, m, {
      name: 'st',
      type: 'steps',
      domains: ['math'],
      overlap: 3,
      quality: { liveConsensus: true },
    });
    await importTasks(
      h.ctx,
      m,
      steps.id,
      lines(JSON.stringify({ id: 's', type: 'steps', domain: 'math', prompt: '1+1?', steps: ['1+1', '= 2'] })),
    );
    await judgeAll(steps.id, tutors, (_id, i) => ({ verdicts: ['correct', i === 0 ? 'incorrect' : 'correct'] }));
    const [s] = await rowsOf(steps.id);
    expect(s).toMatchObject({ method: 'majority', label: { verdicts: ['correct', 'correct'] } });
    expect(s.confidence).toBeCloseTo((1 + 2 / 3) / 2, 10);

    const ranking = await createProject(h.ctx, m, {
      name: 'rk',
      type: 'ranking',
      domains: ['general'],
      overlap: 3,
      quality: { liveConsensus: true },
    });
    await importTasks(
      h.ctx,
      m,
      ranking.id,
      lines(
        JSON.stringify({
          id: 'k',
          type: 'ranking',
          domain: 'general',
          prompt: 'best?',
          responses: [
            { id: 'x', text: 'X' },
            { id: 'y', text: 'Y' },
            { id: 'z', text: 'Z' },
          ],
        }),
      ),
    );
    const orders = [
      ['y', 'x', 'z'],
      ['y', 'z', 'x'],
      ['x', 'y', 'z'],
    ];
    await judgeAll(ranking.id, tutors, (_id, i) => ({ order: orders[i] }));
    const [k] = await rowsOf(ranking.id);
    expect(k).toMatchObject({ method: 'borda', label: { order: ['y', 'x', 'z'] }, annotator_count: 3 });
    expect(k.confidence).toBeCloseTo(7 / 9, 10); // pairs agreeing with y > x > z: 3 + 2 + 2 of 9
  });

  it('completed tasks go to review: exhausted below target (low_confidence) and split judgments (disagreement)', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'rv',
      type: 'preference',
      domains: ['general'],
      overlap: 2,
      quality: { adaptiveOverlap: { targetConfidence: 0.95, minJudgments: 2, maxJudgments: 2 } },
    });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('agree'), preferenceLine('split')));
    const tutors = [await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, (id, i) => ({ choice: id === 'split' ? ['a', 'b'][i] : 'a' }));
    const reviews = await h.store.db
      .selectFrom('reviews as r')
      .innerJoin('tasks as t', 't.id', 'r.task_id')
      .select(['t.external_id', 'r.reason', 'r.state'])
      .orderBy('t.external_id')
      .orderBy('r.reason')
      .execute();
    // Two agreeing judgments at prior 0.7 reach 0.92 < 0.95 with max 2: exhausted.
    expect(reviews).toEqual([
      { external_id: 'agree', reason: 'low_confidence', state: 'open' },
      { external_id: 'split', reason: 'disagreement', state: 'open' },
      { external_id: 'split', reason: 'low_confidence', state: 'open' },
    ]);
  });
});
