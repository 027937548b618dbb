/** Leases, skips, hoarding, pick order and submission errors, with the clock moved by the test. */
import { afterEach, describe, expect, it } from 'vitest';
import { nextAssignment, skipAssignment, submitAnnotation, updateProject } from '../../../src/services/index.js';
import { ConflictError, ForbiddenError, NotFoundError, UserInputError } from '../../../src/domain/errors.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, preferenceLine, type Harness } from '../../support/fixtures.js';
import { preferenceProject } from './preferenceProject.js';

const answer = { response: { choice: 'a' }, durationMs: 1200 };

describe.each(testDatabases())('leases and submissions on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(overlap: number, taskLines: string[], extra: Record<string, unknown> = {}) {
    h = await harness(await freshUrl());
    return preferenceProject(h, overlap, taskLines, extra);
  }

  it('gives a tutor holding a live lease the same lease again, and a new task after submitting', async () => {
    const { project } = await setup(2, [preferenceLine('t1'), preferenceLine('t2')]);
    const tutor = await addUser(h.store);
    const first = await nextAssignment(h.ctx, tutor, project.id);
    const again = await nextAssignment(h.ctx, tutor, project.id);
    expect(again!.assignment).toEqual(first!.assignment);
    await submitAnnotation(h.ctx, tutor, first!.assignment.id, answer);
    const second = await nextAssignment(h.ctx, tutor, project.id);
    expect(second!.task.id).not.toBe(first!.task.id);
    await submitAnnotation(h.ctx, tutor, second!.assignment.id, answer);
    expect(await nextAssignment(h.ctx, tutor, project.id)).toBeNull();
  });

  it('reclaims a lease that expired since the last sweep before answering that nothing is left', async () => {
    const { project } = await setup(1, [preferenceLine('only')], { leaseSeconds: 30 });
    const slow = await addUser(h.store);
    const fast = await addUser(h.store);
    const lease = await nextAssignment(h.ctx, slow, project.id);
    h.clock.advance(29_500);
    // A sweep runs here (due: the last one was 29.5 s ago); the lease is still live.
    expect(await nextAssignment(h.ctx, fast, project.id)).toBeNull();
    // 0.6 s later the lease has expired; a sweep is not due yet, but nothing else is left, so it runs.
    h.clock.advance(600);
    const taken = await nextAssignment(h.ctx, fast, project.id);
    expect(taken!.task.id).toBe(lease!.task.id);
  });

  it('returns an expired lease to the pool and answers 409 to its late submit', async () => {
    const { project } = await setup(1, [preferenceLine('only')]);
    const slow = await addUser(h.store);
    const fast = await addUser(h.store);
    const lease = await nextAssignment(h.ctx, slow, project.id);
    expect(lease!.assignment.expiresAt).toBe(new Date(h.clock.now() + 600_000).toISOString());
    // While the lease is live the only task is taken (k = 1).
    expect(await nextAssignment(h.ctx, fast, project.id)).toBeNull();
    h.clock.advance(600_000);
    const taken = await nextAssignment(h.ctx, fast, project.id);
    expect(taken!.task.id).toBe(lease!.task.id);
    await expect(submitAnnotation(h.ctx, slow, lease!.assignment.id, answer)).rejects.toBeInstanceOf(ConflictError);
    await submitAnnotation(h.ctx, fast, taken!.assignment.id, answer);
    // The slow tutor let it go: it is not offered to them again.
    expect(await nextAssignment(h.ctx, slow, project.id)).toBeNull();
  });

  it('answers 409 to a second submit and to a submit after skip; 403 to someone else; 404 to no lease', async () => {
    const { project } = await setup(3, [preferenceLine('t1'), preferenceLine('t2')]);
    const tutor = await addUser(h.store);
    const other = await addUser(h.store);
    const a = await nextAssignment(h.ctx, tutor, project.id);
    await expect(submitAnnotation(h.ctx, other, a!.assignment.id, answer)).rejects.toBeInstanceOf(ForbiddenError);
    const stored = await submitAnnotation(h.ctx, tutor, a!.assignment.id, answer);
    // A second submit with another response is refused; the same one again is a retry and gets the original back.
    await expect(submitAnnotation(h.ctx, tutor, a!.assignment.id, { ...answer, response: { choice: 'b' } })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await submitAnnotation(h.ctx, tutor, a!.assignment.id, answer)).toEqual({ annotationId: stored.annotationId, replayed: true });
    const b = await nextAssignment(h.ctx, tutor, project.id);
    await skipAssignment(h.ctx, tutor, b!.assignment.id);
    await expect(submitAnnotation(h.ctx, tutor, b!.assignment.id, answer)).rejects.toBeInstanceOf(ConflictError);
    await expect(submitAnnotation(h.ctx, tutor, 999_999, answer)).rejects.toBeInstanceOf(NotFoundError);
    const rows = await h.store.db.selectFrom('annotations').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a response that does not fit with the wrong field named', async () => {
    const { project } = await setup(3, [preferenceLine('t1')]);
    const tutor = await addUser(h.store);
    const a = await nextAssignment(h.ctx, tutor, project.id);
    const err = await submitAnnotation(h.ctx, tutor, a!.assignment.id, { response: { choice: 'c' }, durationMs: 10 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as UserInputError).location.field).toBe('response.choice');
    const err2 = await submitAnnotation(h.ctx, tutor, a!.assignment.id, { response: { choice: 'a' }, durationMs: -5 }).catch(
      (e: unknown) => e,
    );
    expect((err2 as UserInputError).location.field).toBe('durationMs');
    // The lease is still usable after a refused body.
    await submitAnnotation(h.ctx, tutor, a!.assignment.id, answer);
  });

  it('skipped tasks go back to the pool for others but never to the skipper', async () => {
    const { project } = await setup(1, [preferenceLine('t1')]);
    const skipper = await addUser(h.store);
    const other = await addUser(h.store);
    const a = await nextAssignment(h.ctx, skipper, project.id);
    await skipAssignment(h.ctx, skipper, a!.assignment.id);
    expect(await nextAssignment(h.ctx, skipper, project.id)).toBeNull();
    expect((await nextAssignment(h.ctx, other, project.id))!.task.id).toBe(a!.task.id);
  });

  it('prefers tasks closest to completion, then priority, then age', async () => {
    const { project } = await setup(3, [
      preferenceLine('old-low', { priority: 0 }),
      preferenceLine('new-high', { priority: 5 }),
      preferenceLine('newer-high', { priority: 5 }),
    ]);
    const ids = new Map<number, string>();
    for (const r of await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()) ids.set(r.id, r.external_id);
    const t1 = await addUser(h.store);
    const first = await nextAssignment(h.ctx, t1, project.id);
    expect(ids.get(first!.task.id)).toBe('new-high');
    await submitAnnotation(h.ctx, t1, first!.assignment.id, answer);
    // new-high now has one judgment: closest to completion wins over equal priority and age.
    const t2 = await addUser(h.store);
    expect(ids.get((await nextAssignment(h.ctx, t2, project.id))!.task.id)).toBe('new-high');
    const second = await nextAssignment(h.ctx, t1, project.id);
    expect(ids.get(second!.task.id)).toBe('newer-high');
  });

  it('pausing a project stops next with 404 (as if it did not exist); lowering overlap closes tasks at once', async () => {
    const { manager, project } = await setup(3, [preferenceLine('t1')]);
    const t1 = await addUser(h.store);
    const a = await nextAssignment(h.ctx, t1, project.id);
    await submitAnnotation(h.ctx, t1, a!.assignment.id, answer);
    await updateProject(h.ctx, manager, project.id, { overlap: 1 });
    expect(await nextAssignment(h.ctx, await addUser(h.store), project.id)).toBeNull();
    await updateProject(h.ctx, manager, project.id, { overlap: 2, status: 'paused' });
    await expect(nextAssignment(h.ctx, await addUser(h.store), project.id)).rejects.toBeInstanceOf(NotFoundError);
    await updateProject(h.ctx, manager, project.id, { status: 'active' });
    expect(await nextAssignment(h.ctx, await addUser(h.store), project.id)).not.toBeNull();
  });
});
