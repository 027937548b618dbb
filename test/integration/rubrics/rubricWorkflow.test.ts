import { afterEach, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../src/domain/errors.js';
import { exportProject, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { assertNotOwnRubric } from '../../../src/services/rubrics/advanceRubric.js';
import { catchUpRubrics } from '../../../src/services/rubrics/catchUpRubrics.js';
import { prepareSubmit, submitRequest } from '../../../src/services/work/submitAnnotation.js';
import { completeLease } from '../../../src/store/repositories/routing.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness } from '../../support/fixtures.js';
import { CRITERIA, gradeResponse, rubricFlow, work } from '../../support/rubricFlow.js';

async function exported(h: Harness, projectId: number, format: 'rubrics' | 'rubric-grades' | 'dpo', options = {}) {
  const out: Record<string, unknown>[] = [];
  for await (const line of await exportProject(h.ctx, projectId, format, options)) out.push(JSON.parse(line));
  return out;
}

describe.each(testDatabases())('rubric workflow on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('routes authoring to certified specialists, review to another one, grading only after approval, by version', async () => {
    h = await harness(await freshUrl());
    const f = await rubricFlow(h);
    const [alice, bob] = f.authors;

    // Authoring is for specialists certified in the item's domain; an uncertified specialist is not admitted.
    const uncertified = await addUser(h.store, { tier: 'specialist', domains: ['medicine'] });
    await expect(nextAssignment(h.ctx, uncertified, f.authoring)).rejects.toBeInstanceOf(NotFoundError);
    await expect(nextAssignment(h.ctx, f.graders[0], f.authoring)).rejects.toBeInstanceOf(NotFoundError);

    const authored = await work(h, alice, f.authoring, () => ({ stage: 'author', criteria: CRITERIA.slice(0, 2) }));
    expect(authored.stage).toBe('author');
    // No grading work before a version is approved.
    expect(await nextAssignment(h.ctx, f.graders[0], f.grading)).toBeNull();
    // The author never gets the review of their own version.
    expect(await nextAssignment(h.ctx, alice, f.authoring)).toBeNull();

    const reviewed = await work(h, bob, f.authoring, () => ({ stage: 'review', decision: 'send_back', comment: 'add: ask a clinician' }));
    expect(reviewed).toMatchObject({ stage: 'review', rubric: { item: 'med-1', version: 1 } });
    expect((reviewed.criteria as { id: string }[]).map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(await nextAssignment(h.ctx, f.graders[0], f.grading)).toBeNull();

    // Sent back: the next version's authoring task carries the criteria and the comment.
    const revision = await work(h, alice, f.authoring, (p) => {
      expect(p.revises).toMatchObject({ version: 1, comment: 'add: ask a clinician' });
      return { stage: 'author', criteria: CRITERIA };
    });
    expect(revision.rubric).toEqual({ item: 'med-1', version: 2 });
    await work(h, bob, f.authoring, () => ({ stage: 'review', decision: 'approve' }));

    const versions = await h.store.db.selectFrom('rubric_versions').selectAll().orderBy('version').execute();
    expect(versions.map((v) => [v.version, v.status, v.author_id, v.reviewer_id, v.author_tier])).toEqual([
      [1, 'sent_back', alice.id, bob.id, 'specialist'],
      [2, 'approved', alice.id, bob.id, 'specialist'],
    ]);

    // Two graders (generalists: the grading project admits them) grade against version 2.
    const graded = await work(h, f.graders[0], f.grading, gradeResponse({ a: ['c1', 'c2', 'c3'], b: [] }));
    expect(graded).toMatchObject({ stage: 'grade', rubric: { item: 'med-1', version: 2 } });
    expect((graded.criteria as unknown[]).length).toBe(3);
    await work(h, f.graders[1], f.grading, gradeResponse({ a: ['c1', 'c2'], b: ['c3'] }));
    // Overlap 2 is reached: a third grader finds nothing.
    expect(await nextAssignment(h.ctx, await addUser(h.store), f.grading)).toBeNull();

    const rubrics = await exported(h, f.authoring, 'rubrics');
    expect(rubrics).toHaveLength(1);
    expect(rubrics[0]).toMatchObject({ item: 'med-1', version: 2, domain: 'medicine', author_tier: 'specialist' });
    expect(rubrics[0].criteria).toEqual(CRITERIA.map((c, i) => ({ id: `c${i + 1}`, ...c })));

    const grades = await exported(h, f.grading, 'rubric-grades');
    expect(grades.map((g) => [g.response_id, g.score])).toEqual([
      // a: c3 split one to one, so unmet: (5 + 3) / 10.
      ['a', 0.8],
      // b: c3 met by one grader of two (a tie: unmet); the essential c1 unmet.
      ['b', 0],
    ]);
    const a = grades[0] as {
      verdicts: { criterion: string; met: boolean; metVotes: number; votes: number; agreement: number; evidence: string[] }[];
      graders: string[];
    };
    expect(a.verdicts.map((v) => [v.criterion, v.met, v.metVotes, v.votes, v.agreement])).toEqual([
      ['c1', true, 2, 2, 1],
      ['c2', true, 2, 2, 1],
      // c3: one grader of two on a; on b one of two as well → agreement 0 on both responses.
      ['c3', false, 1, 2, 0],
    ]);
    expect(a.verdicts[0].evidence).toEqual(['Avoid ibupro', 'Avoid ibupro']);
    expect(new Set(a.graders).size).toBe(2);

    const pairs = await exported(h, f.grading, 'dpo', { margin: 0.5 });
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ meta: { chosenId: 'a', rejectedId: 'b', margin: 0.8 } });
    expect((pairs[0].chosen as { content: string }[])[0].content).toMatch(/^Avoid ibuprofen/);
    expect(await exported(h, f.grading, 'dpo', { margin: 0.9 })).toHaveLength(0);
    // A version still pending or sent back is not a rubric to train on.
    expect((await exported(h, f.authoring, 'rubrics')).map((r) => r.version)).toEqual([2]);
  });

  it("refuses a review by the version's author and evidence that is not quoted from the response", async () => {
    h = await harness(await freshUrl());
    const f = await rubricFlow(h);
    const [alice, bob] = f.authors;
    await work(h, alice, f.authoring, () => ({ stage: 'author', criteria: CRITERIA }));
    // Whatever path leased it, the author's own review is refused at submit.
    const review = (
      await h.store.db.selectFrom('tasks').select('payload').where('external_id', '=', 'med-1#v1-review').executeTakeFirstOrThrow()
    ).payload;
    await expect(assertNotOwnRubric(h.ctx, alice, f.authoring, JSON.parse(review))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(assertNotOwnRubric(h.ctx, bob, f.authoring, JSON.parse(review))).resolves.toBeUndefined();
    const lease = await nextAssignment(h.ctx, bob, f.authoring);
    expect(lease!.task.payload).toMatchObject({ stage: 'review' });
    await submitAnnotation(h.ctx, bob, lease!.assignment.id, { response: { stage: 'review', decision: 'approve' }, durationMs: 1 });
    const grading = await nextAssignment(h.ctx, f.graders[0], f.grading);
    const bad = gradeResponse({ a: ['c1'] })(grading!.task.payload as Record<string, unknown>);
    (bad.grades[0].verdicts[0] as { evidence: string }).evidence = 'NSAIDs are always safe';
    await expect(submitAnnotation(h.ctx, f.graders[0], grading!.assignment.id, { response: bad, durationMs: 1 })).rejects.toMatchObject({
      location: { field: 'response.grades.0.verdicts.0.evidence' },
    });
  });

  it('finishes at start a stage whose follow-up a crash cut off, once', async () => {
    h = await harness(await freshUrl());
    const f = await rubricFlow(h);
    const [alice, bob] = f.authors;
    // The answer is stored, then the process dies before the follow-up: what `submit` does, minus afterSubmit.
    const storeOnly = async (actor: Actor, response: Record<string, unknown>) => {
      const lease = await nextAssignment(h.ctx, actor, f.authoring);
      const prepared = await prepareSubmit(h.ctx, actor, lease!.assignment.id, { response, durationMs: 1000 });
      expect((await completeLease(h.ctx.store, submitRequest(h.ctx, actor, prepared))).status).toBe('ok');
    };
    const ids = async (projectId: number) =>
      (await h.store.db.selectFrom('tasks').select('external_id').where('project_id', '=', projectId).orderBy('id').execute()).map(
        (t) => t.external_id,
      );

    await storeOnly(alice, { stage: 'author', criteria: CRITERIA });
    expect(await ids(f.authoring)).toEqual(['med-1']);
    expect(await catchUpRubrics(h.ctx)).toBe(1);
    expect(await ids(f.authoring)).toEqual(['med-1', 'med-1#v1-review']);
    expect(await catchUpRubrics(h.ctx)).toBe(0);

    await storeOnly(bob, { stage: 'review', decision: 'approve' });
    expect(await ids(f.grading)).toEqual([]);
    expect(await catchUpRubrics(h.ctx)).toBe(1);
    expect(await ids(f.grading)).toEqual(['med-1#v1']);
    const version = await h.store.db.selectFrom('rubric_versions').select(['status', 'reviewer_id']).executeTakeFirstOrThrow();
    expect(version).toEqual({ status: 'approved', reviewer_id: bob.id });
    expect(await catchUpRubrics(h.ctx)).toBe(0);
  });
});
