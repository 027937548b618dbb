/** Submit-and-next: the submit's rules and errors, then the same lease `next` would give, in one call. */
import { afterEach, describe, expect, it } from 'vitest';
import { nextAssignment, submitAndNext, updateProject } from '../../../src/services/index.js';
import { ConflictError, ForbiddenError, UserInputError } from '../../../src/domain/errors.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, preferenceLine, type Harness } from '../../support/fixtures.js';
import { preferenceProject } from './preferenceProject.js';

const answer = { response: { choice: 'a' }, durationMs: 1200 };

describe.each(testDatabases())('submit-and-next on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(overlap: number, taskLines: string[], extra: Record<string, unknown> = {}) {
    h = await harness(await freshUrl());
    return preferenceProject(h, overlap, taskLines, extra);
  }

  const annotationsOf = (userId: number) =>
    h.store.db.selectFrom('annotations').select(['task_id', 'id']).where('user_id', '=', userId).execute();

  it('stores the annotation and returns the lease next would give, in pick order, until nothing is left', async () => {
    const { project } = await setup(1, [
      preferenceLine('low', { priority: 1 }),
      preferenceLine('high', { priority: 9 }),
      preferenceLine('mid', { priority: 5 }),
    ]);
    const tutor = await addUser(h.store);
    const first = await nextAssignment(h.ctx, tutor, project.id);
    const a = await submitAndNext(h.ctx, tutor, first!.assignment.id, answer);
    expect(a.nextError).toBeUndefined();
    expect(a.next).not.toBeNull();
    // The returned lease is live and the tutor's: next hands back the very same one.
    expect(await nextAssignment(h.ctx, tutor, project.id)).toEqual(a.next);
    expect(Object.keys(a.next!.task).sort()).toEqual(['domain', 'id', 'payload', 'type']);
    expect(a.next!.assignment.expiresAt).toBe(new Date(h.clock.now() + 600_000).toISOString());
    const b = await submitAndNext(h.ctx, tutor, a.next!.assignment.id, answer);
    const c = await submitAndNext(h.ctx, tutor, b.next!.assignment.id, answer);
    // Nothing left: null where next answers 204.
    expect(c).toEqual({ annotationId: c.annotationId, next: null });
    expect(await nextAssignment(h.ctx, tutor, project.id)).toBeNull();
    const stored = await annotationsOf(tutor.id);
    expect(stored.map((r) => r.id).sort()).toEqual([a.annotationId, b.annotationId, c.annotationId].sort());
    // The same order as next: priority first.
    const order = [first!.task.id, a.next!.task.id, b.next!.task.id];
    const ext = await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute();
    expect(order.map((id) => ext.find((t) => t.id === id)!.external_id)).toEqual(['high', 'mid', 'low']);
  });

  it('leases nothing when the submit fails: 400, 409 on an expired or used lease, 403 on someone else’s', async () => {
    const { project } = await setup(2, [preferenceLine('t1'), preferenceLine('t2'), preferenceLine('t3')]);
    const tutor = await addUser(h.store);
    const other = await addUser(h.store);
    const lease = await nextAssignment(h.ctx, tutor, project.id);
    await expect(submitAndNext(h.ctx, tutor, lease!.assignment.id, { response: { choice: 'zzz' }, durationMs: 10 })).rejects.toBeInstanceOf(
      UserInputError,
    );
    await expect(submitAndNext(h.ctx, other, lease!.assignment.id, answer)).rejects.toBeInstanceOf(ForbiddenError);
    const count = async () =>
      Number(
        (
          await h.store.db
            .selectFrom('assignments')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(1);
    h.clock.advance(600_000);
    await expect(submitAndNext(h.ctx, tutor, lease!.assignment.id, answer)).rejects.toBeInstanceOf(ConflictError);
    expect(await count()).toBe(1);
    expect(await annotationsOf(tutor.id)).toEqual([]);
    const fresh = await nextAssignment(h.ctx, tutor, project.id);
    const done = await submitAndNext(h.ctx, tutor, fresh!.assignment.id, answer);
    await expect(submitAndNext(h.ctx, tutor, fresh!.assignment.id, { ...answer, response: { choice: 'b' } })).rejects.toBeInstanceOf(
      ConflictError,
    );
    // The second (refused) call did not lease a third task: the tutor still holds the one from the first.
    expect(await nextAssignment(h.ctx, tutor, project.id)).toEqual(done.next);
    // The same submit again is a retry: the original annotation and the lease the first call took.
    expect(await submitAndNext(h.ctx, tutor, fresh!.assignment.id, answer)).toEqual({ ...done, replayed: true });
  });

  it('stores the submit and says why there is no lease when next would refuse (a paused project)', async () => {
    const { manager, project } = await setup(1, [preferenceLine('t1'), preferenceLine('t2')]);
    const tutor = await addUser(h.store);
    const lease = await nextAssignment(h.ctx, tutor, project.id);
    await updateProject(h.ctx, manager, project.id, { status: 'paused' });
    const out = await submitAndNext(h.ctx, tutor, lease!.assignment.id, answer);
    expect(out.next).toBeNull();
    // A paused project no longer admits anyone: 404, as `next` answers (#12).
    expect(out.nextError?.status).toBe(404);
    await expect(nextAssignment(h.ctx, tutor, project.id)).rejects.toThrow(out.nextError!.error);
    expect((await annotationsOf(tutor.id)).map((r) => r.id)).toEqual([out.annotationId]);
  });

  it('runs the follow-ups before leasing: live gold is recorded on a gold submit', async () => {
    const { project } = await setup(1, [preferenceLine('g1', { gold: 'a' }), preferenceLine('g2', { gold: 'b' }), preferenceLine('t1')], {
      goldRate: 0.99,
    });
    const tutor = await addUser(h.store);
    let lease = await nextAssignment(h.ctx, tutor, project.id);
    const seen: number[] = [];
    while (lease) {
      seen.push(lease.task.id);
      const out = await submitAndNext(h.ctx, tutor, lease.assignment.id, answer);
      expect(out.nextError).toBeUndefined();
      lease = out.next;
    }
    expect(new Set(seen).size).toBe(3);
    const gold = await h.store.db.selectFrom('gold_results').selectAll().where('user_id', '=', tutor.id).execute();
    expect(gold.length).toBe(2);
  });

  it('keeps adaptive overlap exact: the consensus step runs after each submit, as with the two calls', async () => {
    const adaptive = { quality: { adaptiveOverlap: { targetConfidence: 0.99, minJudgments: 2, maxJudgments: 3 } } };
    const { project } = await setup(3, [preferenceLine('t1'), preferenceLine('t2')], adaptive);
    const tutors = await Promise.all([1, 2, 3, 4].map(() => addUser(h.store)));
    for (const [i, tutor] of tutors.entries()) {
      let lease = await nextAssignment(h.ctx, tutor, project.id);
      while (lease) {
        // Tutors disagree, so no task reaches the target confidence and each goes to its maximum.
        const out = await submitAndNext(h.ctx, tutor, lease.assignment.id, { response: { choice: i % 2 ? 'a' : 'b' }, durationMs: 900 });
        lease = out.next;
      }
    }
    const tasks = await h.store.db
      .selectFrom('tasks')
      .select(['submitted_count', 'target_judgments', 'is_open'])
      .where('project_id', '=', project.id)
      .execute();
    expect(tasks.map((t) => Number(t.submitted_count))).toEqual([3, 3]);
    expect(tasks.every((t) => Number(t.is_open) === 0)).toBe(true);
    const consensus = await h.store.db.selectFrom('task_consensus').select('task_id').execute();
    expect(consensus.length).toBe(2);
  });
});
