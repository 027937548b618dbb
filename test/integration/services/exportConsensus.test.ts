/**
 * Exports read the stored consensus (both databases): dpo, rm and annotations carry confidence,
 * annotator count, method, version and provenance; a stale batch is re-run before exporting; a
 * reviewer's verdict (decided through the review service) wins over the model in dpo's chosen/rejected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, decideReview, exportProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';
import { DEFAULT_INFERENCE_METHOD } from '../../../src/quality/inference/index.js';

async function collect(it: AsyncIterable<string>): Promise<Record<string, any>[]> {
  const out: Record<string, any>[] = [];
  for await (const l of it) out.push(JSON.parse(l) as Record<string, any>);
  return out;
}

describe.each(testDatabases())('exports with stored consensus on $name', ({ freshUrl }) => {
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
  const maxAnnotationId = async () =>
    Number(
      (
        await h.store.db
          .selectFrom('annotations')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirstOrThrow()
      ).m,
    );

  it('dpo and annotations carry confidence, annotator count, method and version; a review verdict decides chosen/rejected', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'dpo',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      quality: { reviewBelowConfidence: 0.5 },
    });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('a-wins'), preferenceLine('split'), preferenceLine('b-all')));
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, (id, i) => ({
      choice: id === 'a-wins' ? ['a', 'a', 'b'][i] : id === 'split' ? ['a', 'b', 'tie'][i] : 'b',
    }));

    // The export refreshes the batch first: every line names the batch over all annotations so far.
    const version = `${DEFAULT_INFERENCE_METHOD}/1 batch upto=${await maxAnnotationId()}`;
    let dpo = await collect(await exportProject(h.ctx, p.id, 'dpo'));
    expect(dpo.map((r) => r.meta.taskId)).toEqual(['a-wins', 'b-all']); // a model consensus on a split vote is left out
    const aWins = dpo[0];
    expect(aWins.chosen[0].content).toBe('Answer A to a-wins');
    expect(aWins.meta).toMatchObject({
      votes: [
        { response: 'a', count: 2 },
        { response: 'b', count: 1 },
        { response: 'tie', count: 0 },
      ],
      annotators: 3,
      annotatorCount: 3,
      method: DEFAULT_INFERENCE_METHOD,
      methodVersion: version,
      consensusSource: 'model',
    });
    expect(JSON.parse(aWins.meta.consensusLabel)).toEqual({ choice: 'a' });
    expect(aWins.meta.confidence).toBeGreaterThan(0.5);
    expect(aWins.meta.confidence).toBeLessThanOrEqual(1);
    expect(aWins.meta.reviewId).toBe(''); // absent: the typed empty value, never a null column

    // The split task went to review; a manager's verdict picks B, and the export follows it.
    const reviews = await h.store.db
      .selectFrom('reviews as r')
      .innerJoin('tasks as t', 't.id', 'r.task_id')
      .select(['r.id', 'r.reason', 't.external_id'])
      .orderBy('r.reason')
      .execute();
    // One answer each of a, b and tie: a split, and a one-coin confidence of 1/3, below the project's 0.5.
    expect(reviews.map((r) => [r.external_id, r.reason])).toEqual([
      ['split', 'disagreement'],
      ['split', 'low_confidence'],
    ]);
    const review = reviews[0];
    await decideReview(h.ctx, m, review.id, { verdict: { choice: 'b' }, comment: 'B answers the question' });
    dpo = await collect(await exportProject(h.ctx, p.id, 'dpo'));
    const split = dpo.find((r) => r.meta.taskId === 'split')!;
    expect(split.chosen[0].content).toBe('Answer B to split');
    expect(split.rejected[0].content).toBe('Answer A to split');
    expect(split.meta).toMatchObject({
      votes: [
        { response: 'a', count: 1 },
        { response: 'b', count: 1 },
        { response: 'tie', count: 1 },
      ],
      annotatorCount: 3,
      confidence: 1,
      method: 'review',
      consensusSource: 'review',
      reviewId: String(review.id),
    });
    expect(JSON.parse(split.meta.consensusLabel)).toMatchObject({ choice: 'b' });

    const annotations = await collect(await exportProject(h.ctx, p.id, 'annotations'));
    expect(annotations).toHaveLength(9);
    for (const a of annotations) {
      expect(a.taskConsensus.annotatorCount).toBe(3);
      expect(typeof a.taskConsensus.confidence).toBe('number');
    }
    expect(
      annotations
        .filter((a) => a.taskId === 'split')
        .every((a) => a.taskConsensus.consensusSource === 'review' && a.taskConsensus.reviewId === String(review.id)),
    ).toBe(true);
    expect(
      annotations
        .filter((a) => a.taskId === 'b-all')
        .every((a) => a.taskConsensus.methodVersion === version && JSON.parse(a.taskConsensus.consensusLabel).choice === 'b'),
    ).toBe(true);
  });

  it('a stale batch is re-run before exporting', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'stale', type: 'preference', domains: ['general'], overlap: 2 });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('t1')));
    const tutors = [await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, () => ({ choice: 'a' }));
    const first = await collect(await exportProject(h.ctx, p.id, 'dpo'));
    expect(first[0].meta.methodVersion).toBe(`${DEFAULT_INFERENCE_METHOD}/1 batch upto=${await maxAnnotationId()}`);

    await importTasks(h.ctx, m, p.id, lines(preferenceLine('t2')));
    await judgeAll(p.id, tutors, () => ({ choice: 'b' }));
    const upTo = await maxAnnotationId();
    const second = await collect(await exportProject(h.ctx, p.id, 'dpo'));
    expect(second.map((r) => [r.meta.taskId, r.meta.methodVersion, JSON.parse(r.meta.consensusLabel).choice])).toEqual([
      ['t1', `${DEFAULT_INFERENCE_METHOD}/1 batch upto=${upTo}`, 'a'],
      ['t2', `${DEFAULT_INFERENCE_METHOD}/1 batch upto=${upTo}`, 'b'],
    ]);
  });

  it('rm carries the stored consensus scores with confidence and annotator count', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'rm',
      type: 'rating',
      domains: ['general'],
      overlap: 3,
      rubric: [{ name: 'helpful', scale: 5 }],
    });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(JSON.stringify({ id: 'q', type: 'rating', domain: 'general', prompt: 'hi', response: { text: 'hello' } })),
    );
    await judgeAll(p.id, [await addUser(h.store), await addUser(h.store), await addUser(h.store)], (_id, i) => ({
      scores: { helpful: [4, 4, 5][i] },
    }));
    const [row] = await collect(await exportProject(h.ctx, p.id, 'ratings'));
    expect(row.scores).toEqual([{ axis: 'helpful', mean: 13 / 3, annotators: 3, stderr: expect.any(Number) }]);
    expect(row.meta).toMatchObject({
      annotators: 3,
      annotatorCount: 3,
      confidence: 1,
      method: 'mean',
      methodVersion: 'mean/1',
      consensusSource: 'model',
    });
    expect(JSON.parse(row.meta.consensusLabel)).toEqual({ scores: { helpful: 13 / 3 } });
  });
});
