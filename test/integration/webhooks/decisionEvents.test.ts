/**
 * #19 residuals on both databases: one `review.decided` per decision however many open reviews of the task it
 * closes, and `project.completed` fires when the last real task completes while a gold lease is still out
 * (gold is invisible to receivers, so a honeypot in a tutor's hands must not hold the event back).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  decideReview,
  flagTask,
  grantCertification,
  importTasks,
  nextAssignment,
  submitAnnotation,
  updateProject,
} from '../../../src/services/index.js';
import type { Actor, ServiceContext } from '../../../src/services/context.js';
import { DeliveryWorker } from '../../../src/services/webhooks/deliveryWorker.js';
import { createWebhookEndpoint } from '../../../src/services/webhooks/endpoints.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';
import { startReceiver, type Receiver } from '../../support/webhookReceiver.js';

describe.each(testDatabases())('decision and completion events on $name', ({ freshUrl }) => {
  let h: Harness;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await h?.close();
  });

  async function world(events: string[], { goldRate = 0, overlap = 1 } = {}) {
    h = await harness(await freshUrl());
    const ctx: ServiceContext = { ...h.ctx, now: Date.now };
    const admin = await addUser(h.store, { role: 'admin' });
    const project = await createProject(ctx, admin, { name: 'prefs', type: 'preference', domains: ['general'], overlap, goldRate });
    receiver = await startReceiver();
    receiver.secret = (await createWebhookEndpoint(ctx, admin, { url: receiver.url, events })).secret;
    return { ctx, admin, project };
  }

  async function delivered(ctx: ServiceContext): Promise<string[]> {
    await new DeliveryWorker(ctx).runOnce();
    expect(receiver!.received.every((r) => r.verified)).toBe(true);
    return receiver!.received.map((r) => r.body.type);
  }

  it('sends one review.decided for a verdict that closes several open reviews of a task', async () => {
    const { ctx, admin, project } = await world(['review.decided'], { overlap: 2 });
    const tutors = [await addUser(h.store), await addUser(h.store)];
    const reviewer = await addUser(h.store, { role: 'reviewer', domains: ['general'] });
    await grantCertification(ctx, admin, reviewer.id, { domain: 'general' });
    await importTasks(ctx, admin, project.id, lines(preferenceLine('t1')));
    // Both tutors flag the one task: two open reviews.
    const reviewIds: number[] = [];
    for (const tutor of tutors) {
      const lease = (await nextAssignment(ctx, tutor, project.id))!;
      reviewIds.push((await flagTask(ctx, tutor, lease.assignment.id, { note: 'both answers are wrong' })).reviewId);
    }
    expect(new Set(reviewIds).size).toBe(2);
    const out = await decideReview(ctx, reviewer, reviewIds[0], { verdict: { choice: 'b' } });
    expect(out.closedReviewIds).toEqual([reviewIds[1]]);
    expect(await delivered(ctx)).toEqual(['review.decided']);
    expect(receiver!.received[0].body.data).toMatchObject({ id: reviewIds[0], taskId: 't1' });
  });

  it('sends project.completed when the last real task completes while a gold lease is out', async () => {
    const { ctx, admin, project } = await world(['project.completed', 'task.completed'], { goldRate: 1 });
    const holder = await addUser(h.store);
    const worker = await addUser(h.store);
    await importTasks(ctx, admin, project.id, lines(preferenceLine('g1', { gold: 'a' })));
    const goldLease = await nextAssignment(ctx, holder, project.id);
    expect(goldLease?.task.payload).toBeDefined();
    const leased = await h.store.db.selectFrom('tasks').select('is_gold').where('external_id', '=', 'g1').executeTakeFirstOrThrow();
    expect(leased.is_gold).toBe(1);
    await importTasks(ctx, admin, project.id, lines(preferenceLine('t1'), preferenceLine('t2')));
    await h.store.db.updateTable('projects').set({ gold_rate: 0 }).where('id', '=', project.id).execute();
    await judgeEverything(ctx, worker, project.id);
    expect((await delivered(ctx)).sort()).toEqual(['project.completed', 'task.completed', 'task.completed']);
  });

  it('sends project.completed when the last task completes while a lease is out on a task already complete', async () => {
    const { ctx, admin, project } = await world(['project.completed'], { overlap: 3 });
    const [first, late, last] = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await importTasks(ctx, admin, project.id, lines(preferenceLine('t1')));
    const firstLease = (await nextAssignment(ctx, first, project.id))!;
    const lateLease = (await nextAssignment(ctx, late, project.id))!;
    expect(lateLease.assignment.id).not.toBe(firstLease.assignment.id);
    await importTasks(ctx, admin, project.id, lines(preferenceLine('t2')));
    // The manager lowers the overlap while both leases on t1 are out: t1 completes at its first judgment,
    // and the late lease may still submit (an extra judgment) but can no longer change what is complete.
    await updateProject(ctx, admin, project.id, { overlap: 1 });
    await submitAnnotation(ctx, first, firstLease.assignment.id, { response: { choice: 'a' }, durationMs: 900 });
    expect(await delivered(ctx)).toEqual([]); // t2 is still open

    await judgeEverything(ctx, last, project.id); // t2, the last task, completes while the late lease is out
    expect(await delivered(ctx)).toEqual(['project.completed']);
    await submitAnnotation(ctx, late, lateLease.assignment.id, { response: { choice: 'a' }, durationMs: 900 });
    expect(await delivered(ctx)).toEqual(['project.completed']); // once
  });

  async function judgeEverything(ctx: ServiceContext, tutor: Actor, projectId: number): Promise<void> {
    for (let lease = await nextAssignment(ctx, tutor, projectId); lease; lease = await nextAssignment(ctx, tutor, projectId))
      await submitAnnotation(ctx, tutor, lease.assignment.id, { response: { choice: 'a' }, durationMs: 900 });
  }
});
