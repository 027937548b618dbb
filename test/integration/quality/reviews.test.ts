/**
 * Review and adjudication on both databases: a tutor's flag and the model's triggers queue a task;
 * a reviewer certified in the domain decides it; the verdict becomes the consensus (source 'review'),
 * is audited, and reaches each tutor as feedback about their own answer only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  decideReview,
  flagTask,
  grantCertification,
  importTasks,
  listReviewQueue,
  nextAssignment,
  reviewSummary,
  submitAnnotation,
  tutorFeedback,
} from '../../../src/services/index.js';
import { ConflictError, ForbiddenError, NotFoundError, UserInputError } from '../../../src/domain/errors.js';
import { tutorTaskId } from '../../../src/services/work/tutorTaskId.js';
import { notificationsOf } from '../../../src/store/repositories/notifications.js';
import { openReview, upsertReviewConsensus } from '../../../src/store/repositories/reviews.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

const HOUR = 3600_000;
const queue = { state: 'open' as const, limit: 50, after: 0 };

async function fieldOf(p: Promise<unknown>): Promise<string | undefined> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserInputError);
  return (e as UserInputError).location.field;
}

describe.each(testDatabases())('review and adjudication on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** A medicine preference project, three tutors who answered t1 (a, a, b) with private rationales. */
  async function world() {
    h = await harness(await freshUrl());
    const admin = await addUser(h.store, { role: 'admin' });
    const reviewer = await addUser(h.store, { role: 'reviewer', domains: ['medicine'] });
    // On paper a medicine reviewer, but certified only in law: the certification decides.
    const uncertified = await addUser(h.store, { role: 'reviewer', domains: ['medicine'] });
    await grantCertification(h.ctx, admin, reviewer.id, { domain: 'medicine' });
    await grantCertification(h.ctx, admin, uncertified.id, { domain: 'law' });
    const tutors = [
      await addUser(h.store, { name: 'Alice Tutor' }),
      await addUser(h.store, { name: 'Bob Tutor' }),
      await addUser(h.store, { name: 'Cy Tutor' }),
    ];
    const project = await createProject(h.ctx, admin, { name: 'med prefs', type: 'preference', domains: ['medicine'], overlap: 3 });
    await importTasks(
      h.ctx,
      admin,
      project.id,
      lines(preferenceLine('t1', { domain: 'medicine' }), preferenceLine('g1', { domain: 'medicine', gold: 'a' })),
    );
    const assignments: number[] = [];
    for (const [i, tutor] of tutors.entries()) {
      const next = await nextAssignment(h.ctx, tutor, project.id);
      expect(next!.task.payload).not.toHaveProperty('gold');
      assignments.push(next!.assignment.id);
      await submitAnnotation(h.ctx, tutor, next!.assignment.id, {
        response: { choice: i < 2 ? 'a' : 'b', rationale: `secret-rationale-${i}` },
        durationMs: 1000,
      });
    }
    const task = await h.store.db.selectFrom('tasks').select(['id']).where('external_id', '=', 't1').executeTakeFirstOrThrow();
    const gold = await h.store.db.selectFrom('tasks').select(['id']).where('external_id', '=', 'g1').executeTakeFirstOrThrow();
    return { admin, reviewer, uncertified, tutors, project, assignments, taskId: task.id, goldId: gold.id };
  }

  /**
   * A model consensus with known values, as the consensus job writes it (the job may already have
   * written one after the submits; this pins its label and confidence for the assertions).
   */
  async function modelConsensus(taskId: number, projectId: number, choice: string) {
    const values = {
      method: 'mace',
      method_version: 'mace/1',
      label: JSON.stringify({ choice }),
      confidence: 0.7,
      annotator_count: 3,
      source: 'model' as const,
      review_id: null,
      computed_at: h.clock.now(),
    };
    await h.store.db
      .insertInto('task_consensus')
      .values({ task_id: taskId, project_id: projectId, ...values })
      .onConflict((oc) => oc.column('task_id').doUpdateSet(values))
      .execute();
  }

  it('flag → queue → verdict → consensus overridden → audited → each tutor told about their own answer only', async () => {
    const w = await world();
    await modelConsensus(w.taskId, w.project.id, 'a');
    const low = await openReview(h.store.db, {
      projectId: w.project.id,
      taskId: w.taskId,
      domain: 'medicine',
      reason: 'low_confidence',
      at: h.clock.now(),
    });
    h.clock.advance(HOUR);
    const flag = await flagTask(h.ctx, w.tutors[2], w.assignments[2], { note: '  B is right: A misstates the dose  ' });
    expect(flag.created).toBe(true);

    // The certified reviewer sees both reviews with the annotations under pseudonyms and the model's consensus.
    const page = await listReviewQueue(h.ctx, w.reviewer, queue);
    expect(page.reviews.map((r) => r.reason)).toEqual(['low_confidence', 'flagged']);
    const flagged = page.reviews[1];
    expect(flagged).toMatchObject({
      note: 'B is right: A misstates the dose',
      state: 'open',
      projectId: w.project.id,
      task: { id: w.taskId, type: 'preference', domain: 'medicine' },
    });
    expect(flagged.task).not.toHaveProperty('isGold');
    expect(flagged.task).not.toHaveProperty('gold');
    expect(flagged.task.payload).toMatchObject({ responses: [{ id: 'a' }, { id: 'b' }] });
    expect(flagged.annotations.map((a) => a.response.choice)).toEqual(['a', 'a', 'b']);
    expect(flagged.annotations.map((a) => a.flagged)).toEqual([false, false, true]);
    for (const a of flagged.annotations) expect(a.tutor).toMatch(/^t_[0-9a-f]{16}$/);
    expect(new Set(flagged.annotations.map((a) => a.tutor)).size).toBe(3);
    expect(flagged.flaggedBy).toBe(flagged.annotations[2].tutor);
    expect(flagged.consensus).toMatchObject({ label: { choice: 'a' }, confidence: 0.7, method: 'mace', source: 'model' });
    // Paging: `nextAfter` of a full page leads to the next one.
    const first = await listReviewQueue(h.ctx, w.reviewer, { ...queue, limit: 1 });
    expect(first.reviews.map((r) => r.id)).toEqual([low.id]);
    expect(first.nextAfter).toBe(low.id);
    const second = await listReviewQueue(h.ctx, w.reviewer, { ...queue, limit: 1, after: first.nextAfter! });
    expect(second.reviews.map((r) => r.id)).toEqual([flag.reviewId]);
    expect((await listReviewQueue(h.ctx, w.reviewer, { ...queue, projectId: w.project.id + 1000 })).reviews).toEqual([]);
    const text = JSON.stringify(page);
    for (const name of ['Alice Tutor', 'Bob Tutor', 'Cy Tutor', '@example.test']) expect(text).not.toContain(name);

    // Outsiders: a reviewer certified elsewhere sees nothing and may not decide; tutors may not look.
    expect((await listReviewQueue(h.ctx, w.uncertified, queue)).reviews).toEqual([]);
    await expect(decideReview(h.ctx, w.uncertified, flag.reviewId, { verdict: { choice: 'b' } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listReviewQueue(h.ctx, w.tutors[0], queue)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(decideReview(h.ctx, w.tutors[0], flag.reviewId, { verdict: { choice: 'b' } })).rejects.toBeInstanceOf(ForbiddenError);

    h.clock.advance(2 * HOUR);
    const out = await decideReview(h.ctx, w.reviewer, flag.reviewId, {
      verdict: { choice: 'b', strength: 3 },
      comment: 'A doubles the dose.',
    });
    expect(out).toMatchObject({ reviewId: flag.reviewId, taskId: w.taskId, closedReviewIds: [low.id], overturned: true, notified: 3 });

    // The verdict is the consensus now, with provenance.
    const consensus = await h.store.db.selectFrom('task_consensus').selectAll().where('task_id', '=', w.taskId).executeTakeFirstOrThrow();
    expect(consensus).toMatchObject({
      source: 'review',
      review_id: flag.reviewId,
      confidence: 1,
      annotator_count: 3,
      method: 'review',
      method_version: 'review/1',
    });
    expect(JSON.parse(consensus.label)).toEqual({ choice: 'b', strength: 3 });
    // Both reviews of the task are decided by the one verdict.
    const rows = await h.store.db.selectFrom('reviews').selectAll().where('task_id', '=', w.taskId).orderBy('id').execute();
    expect(rows.map((r) => [r.state, r.reviewer_id, r.comment])).toEqual([
      ['decided', w.reviewer.id, 'A doubles the dose.'],
      ['decided', w.reviewer.id, 'A doubles the dose.'],
    ]);
    const audit = await h.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'review.decide').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: w.reviewer.id, target_type: 'review', target_id: String(flag.reviewId) });
    expect(JSON.parse(audit[0].detail)).toMatchObject({
      taskId: w.taskId,
      closedReviewIds: [low.id],
      overturned: true,
      previousConsensus: { source: 'model', label: { choice: 'a' } },
    });

    // A second verdict, on either review, is a conflict.
    await expect(decideReview(h.ctx, w.reviewer, flag.reviewId, { verdict: { choice: 'a' } })).rejects.toBeInstanceOf(ConflictError);
    await expect(decideReview(h.ctx, w.reviewer, low.id, { verdict: { choice: 'a' } })).rejects.toBeInstanceOf(ConflictError);
    // The model's triggers do not queue an adjudicated task again.
    expect(
      await openReview(h.store.db, {
        projectId: w.project.id,
        taskId: w.taskId,
        domain: 'medicine',
        reason: 'disagreement',
        at: h.clock.now(),
      }),
    ).toEqual({ id: flag.reviewId, created: false });

    // Feedback: each tutor sees their own answer and whether it matched, and nobody else's answer.
    for (const [i, tutor] of w.tutors.entries()) {
      const { feedback } = await tutorFeedback(h.ctx, tutor, { limit: 50 });
      expect(feedback).toHaveLength(1);
      expect(feedback[0]).toMatchObject({
        taskId: tutorTaskId(w.taskId), // the id tutors read: a keyed hash of the row id (#12)
        mine: { choice: i < 2 ? 'a' : 'b', rationale: `secret-rationale-${i}` },
        verdict: { choice: 'b' },
        comment: 'A doubles the dose.',
        matched: i === 2,
      });
      const notes = await notificationsOf(h.store.db, tutor.id);
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ kind: 'review.verdict', detail: { matched: i === 2, comment: 'A doubles the dose.' } });
      const seen = JSON.stringify({ feedback, notes });
      for (const j of [0, 1, 2].filter((j) => j !== i)) expect(seen).not.toContain(`secret-rationale-${j}`);
    }
    expect((await listReviewQueue(h.ctx, w.reviewer, queue)).reviews).toEqual([]);
    const decided = await listReviewQueue(h.ctx, w.reviewer, { ...queue, state: 'decided' });
    expect(decided.reviews.map((r) => r.verdict)).toEqual([
      { choice: 'b', strength: 3 },
      { choice: 'b', strength: 3 },
    ]);

    const summary = await reviewSummary(h.ctx, w.project.id);
    expect(summary).toEqual({
      projectId: w.project.id,
      open: { low_confidence: 0, disagreement: 0, flagged: 0, total: 0 },
      decided: { low_confidence: 1, disagreement: 0, flagged: 1, total: 2 },
      // Opened 3 h and 2 h before the verdict.
      medianDecisionMs: 2.5 * HOUR,
      verdicts: 1,
      withModelConsensus: 1,
      overturned: 1,
      overturnShare: 1,
    });
  });

  it('refuses a verdict that does not fit the task, naming the field', async () => {
    const w = await world();
    const { id } = await openReview(h.store.db, {
      projectId: w.project.id,
      taskId: w.taskId,
      domain: 'medicine',
      reason: 'disagreement',
      at: h.clock.now(),
    });
    expect(await fieldOf(decideReview(h.ctx, w.reviewer, id, { verdict: { choice: 'c' } }))).toBe('verdict.choice');
    expect(await fieldOf(decideReview(h.ctx, w.reviewer, id, { verdict: { strength: 2 } }))).toBe('verdict.choice');
    expect(await fieldOf(decideReview(h.ctx, w.reviewer, id, { verdict: { choice: 'a', strength: 9 } }))).toBe('verdict.strength');
    expect(await fieldOf(decideReview(h.ctx, w.reviewer, id, { verdict: { choice: 'a' }, comment: 'x'.repeat(2001) }))).toBe('comment');
    await expect(decideReview(h.ctx, w.reviewer, 999_999, { verdict: { choice: 'a' } })).rejects.toBeInstanceOf(NotFoundError);
    // Nothing was written by the refused attempts.
    expect((await h.store.db.selectFrom('reviews').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('open');
    expect(await h.store.db.selectFrom('task_consensus').selectAll().where('source', '=', 'review').execute()).toEqual([]);
    expect(await h.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'review.decide').execute()).toEqual([]);
    // Without a model consensus (none computed yet) there is nothing to overturn.
    await h.store.db.deleteFrom('task_consensus').execute();
    expect((await decideReview(h.ctx, w.admin, id, { verdict: { choice: 'tie' } })).overturned).toBeNull();
    expect((await reviewSummary(h.ctx, w.project.id)).overturnShare).toBeNull();
  });

  it('lets exactly one of two reviewers deciding at once win; the other gets 409', async () => {
    const w = await world();
    const second = await addUser(h.store, { role: 'reviewer' });
    await grantCertification(h.ctx, w.admin, second.id, { domain: 'medicine' });
    const { id } = await openReview(h.store.db, {
      projectId: w.project.id,
      taskId: w.taskId,
      domain: 'medicine',
      reason: 'disagreement',
      at: h.clock.now(),
    });
    const results = await Promise.allSettled([
      decideReview(h.ctx, w.reviewer, id, { verdict: { choice: 'a' } }),
      decideReview(h.ctx, second, id, { verdict: { choice: 'b' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ConflictError);
    const row = await h.store.db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const consensus = await h.store.db.selectFrom('task_consensus').selectAll().where('task_id', '=', w.taskId).executeTakeFirstOrThrow();
    // The consensus, the review and the audit all carry the winner's verdict, and only once.
    expect(JSON.parse(consensus.label)).toEqual(JSON.parse(row.verdict!));
    expect(await h.store.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'review.decide').execute()).toEqual([
      { actor_id: row.reviewer_id },
    ]);
    expect(await h.store.db.selectFrom('notifications').select('user_id').where('kind', '=', 'review.verdict').execute()).toHaveLength(3);
  });

  it('lets only the assignment owner flag, with a note; flags are kept per tutor, and a flag before submitting names no annotation', async () => {
    const w = await world();
    expect(await fieldOf(flagTask(h.ctx, w.tutors[0], w.assignments[0], { note: '   ' }))).toBe('note');
    expect(await fieldOf(flagTask(h.ctx, w.tutors[0], w.assignments[0], { note: 'x'.repeat(2001) }))).toBe('note');
    await expect(flagTask(h.ctx, w.tutors[1], w.assignments[0], { note: 'not mine' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(flagTask(h.ctx, w.tutors[0], 999_999, { note: 'nothing' })).rejects.toBeInstanceOf(NotFoundError);
    const first = await flagTask(h.ctx, w.tutors[0], w.assignments[0], { note: 'prompt is ambiguous' });
    expect(await flagTask(h.ctx, w.tutors[0], w.assignments[0], { note: 'again' })).toEqual({ reviewId: first.reviewId, created: false });
    const second = await flagTask(h.ctx, w.tutors[1], w.assignments[1], { note: 'me too' });
    expect(second.created).toBe(true);

    // A tutor flags a task they leased but have not answered (in a second project, since t1 is full).
    const late = await addUser(h.store, { name: 'Dee Tutor' });
    const other = await createProject(h.ctx, w.admin, { name: 'second', type: 'preference', domains: ['medicine'], overlap: 1 });
    await importTasks(h.ctx, w.admin, other.id, lines(preferenceLine('s1', { domain: 'medicine' })));
    const lease = await nextAssignment(h.ctx, late, other.id);
    const unanswered = await flagTask(h.ctx, late, lease!.assignment.id, { note: 'cannot read response B' });
    const row = await h.store.db.selectFrom('reviews').selectAll().where('id', '=', unanswered.reviewId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ reason: 'flagged', flagged_by: late.id, annotation_id: null, state: 'open' });
    const flagged = await h.store.db.selectFrom('reviews').selectAll().where('id', '=', first.reviewId).executeTakeFirstOrThrow();
    const annotation = await h.store.db
      .selectFrom('annotations')
      .select('id')
      .where('assignment_id', '=', w.assignments[0])
      .executeTakeFirstOrThrow();
    expect(flagged).toMatchObject({ flagged_by: w.tutors[0].id, annotation_id: annotation.id, note: 'prompt is ambiguous' });

    // The flagger who never answered still hears the verdict, with no answer of theirs to compare.
    await decideReview(h.ctx, w.reviewer, unanswered.reviewId, { verdict: { choice: 'a' }, comment: 'B renders fine here.' });
    const { feedback } = await tutorFeedback(h.ctx, late, { limit: 10 });
    expect(feedback).toEqual([
      expect.objectContaining({ reviewId: unanswered.reviewId, mine: null, matched: null, comment: 'B renders fine here.' }),
    ]);
  });

  it('shows managers the gold answer of a gold task, reviewers not even that it is gold, and tells tutors the verdict as on any task', async () => {
    const w = await world();
    const { id } = await openReview(h.store.db, {
      projectId: w.project.id,
      taskId: w.goldId,
      domain: 'medicine',
      reason: 'flagged',
      flaggedBy: w.tutors[0].id,
      note: 'gold looks wrong',
      at: h.clock.now(),
    });
    const [asAdmin] = (await listReviewQueue(h.ctx, w.admin, queue)).reviews;
    expect(asAdmin.task).toMatchObject({ id: w.goldId, isGold: true, gold: { choice: 'a' } });
    // Reviewers also work as tutors: a honeypot they had seen would be spent for them.
    const [item] = (await listReviewQueue(h.ctx, w.reviewer, queue)).reviews;
    expect(item.task.id).toBe(w.goldId);
    expect(item.task).not.toHaveProperty('isGold');
    expect(item.task).not.toHaveProperty('gold');
    const out = await decideReview(h.ctx, w.reviewer, id, { verdict: { choice: 'b' } });
    // #12: feedback that skipped gold would tell a tutor afterwards which tasks were not gold. The flagger hears
    // of the verdict as on a real task (same fields), and nothing says the task was gold.
    expect(out.notified).toBe(1);
    const [feedback] = (await tutorFeedback(h.ctx, w.tutors[0], { limit: 10 })).feedback;
    expect(feedback).toMatchObject({ reviewId: id, verdict: { choice: 'b' }, mine: null, matched: null });
    expect(JSON.stringify(feedback)).not.toMatch(/gold/i);
    const [notice] = await notificationsOf(h.store.db, w.tutors[0].id);
    expect(notice).toMatchObject({ kind: 'review.verdict' });
    expect(JSON.stringify(notice)).not.toMatch(/gold/i);
  });

  it('keeps a task away from a reviewer who annotated it', async () => {
    const w = await world();
    const { id } = await openReview(h.store.db, {
      projectId: w.project.id,
      taskId: w.taskId,
      domain: 'medicine',
      reason: 'disagreement',
      at: h.clock.now(),
    });
    // The certified reviewer annotates t1 themselves (overlap raised so it is still open to them).
    await h.store.db.updateTable('projects').set({ overlap: 10 }).where('id', '=', w.project.id).execute();
    await h.store.db.updateTable('tasks').set({ is_open: 1 }).where('id', '=', w.taskId).execute();
    const lease = await nextAssignment(h.ctx, w.reviewer, w.project.id);
    expect(lease!.task.id).toBe(w.taskId);
    await submitAnnotation(h.ctx, w.reviewer, lease!.assignment.id, { response: { choice: 'a' }, durationMs: 10 });
    expect((await listReviewQueue(h.ctx, w.reviewer, queue)).reviews).toEqual([]);
    await expect(decideReview(h.ctx, w.reviewer, id, { verdict: { choice: 'a' } })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listReviewQueue(h.ctx, w.admin, queue)).reviews.map((r) => r.id)).toEqual([id]);
  });

  it('compares a rating verdict by its scores, not by the free-text comment', async () => {
    h = await harness(await freshUrl());
    const admin = await addUser(h.store, { role: 'admin' });
    const tutors = [await addUser(h.store), await addUser(h.store)];
    const project = await createProject(h.ctx, admin, {
      name: 'ratings',
      type: 'rating',
      domains: ['code'],
      overlap: 2,
      rubric: [
        { name: 'correctness', scale: 5 },
        { name: 'style', scale: 5 },
      ],
    });
    const line = JSON.stringify({ id: 'r1', type: 'rating', domain: 'code', prompt: 'Sort a list', response: { text: 'sorted(xs)' } });
    await importTasks(h.ctx, admin, project.id, lines(line));
    const scores = [
      { correctness: 5, style: 4 },
      { correctness: 5, style: 2 },
    ];
    for (const [i, tutor] of tutors.entries()) {
      const next = await nextAssignment(h.ctx, tutor, project.id);
      await submitAnnotation(h.ctx, tutor, next!.assignment.id, {
        response: { scores: scores[i], comment: `tutor ${i} liked it` },
        durationMs: 5,
      });
    }
    const task = await h.store.db.selectFrom('tasks').select('id').executeTakeFirstOrThrow();
    const { id } = await openReview(h.store.db, {
      projectId: project.id,
      taskId: task.id,
      domain: 'code',
      reason: 'disagreement',
      at: h.clock.now(),
    });
    expect(await fieldOf(decideReview(h.ctx, admin, id, { verdict: { scores: { correctness: 5 } } }))).toBe('verdict.scores.style');
    await decideReview(h.ctx, admin, id, { verdict: { scores: { style: 4, correctness: 5 }, comment: 'idiomatic' } });
    const matched = await Promise.all(
      tutors.map(async (t) => (await tutorFeedback(h.ctx, t, { limit: 5 })).feedback.map((f) => f.matched)),
    );
    expect(matched).toEqual([[true], [false]]);
  });

  it('repository: the review upsert overrides a model row with source review and the review id', async () => {
    const w = await world();
    await modelConsensus(w.taskId, w.project.id, 'a');
    await upsertReviewConsensus(h.store.db, {
      taskId: w.taskId,
      projectId: w.project.id,
      reviewId: 41,
      label: JSON.stringify({ choice: 'b' }),
      annotatorCount: 3,
      at: 5,
    });
    await upsertReviewConsensus(h.store.db, {
      taskId: w.goldId,
      projectId: w.project.id,
      reviewId: 42,
      label: JSON.stringify({ choice: 'tie' }),
      annotatorCount: 0,
      at: 6,
    });
    const rows = await h.store.db.selectFrom('task_consensus').selectAll().orderBy('task_id').execute();
    expect(rows.map((r) => [r.task_id, r.source, r.review_id, r.method, r.confidence, r.label, Number(r.computed_at)])).toEqual([
      [w.taskId, 'review', 41, 'review', 1, '{"choice":"b"}', 5],
      [w.goldId, 'review', 42, 'review', 1, '{"choice":"tie"}', 6],
    ]);
  });
});
