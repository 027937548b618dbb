/**
 * Live gold in production: every submitted gold judgment becomes a gold_results row; when the Wilson
 * lower bound of a certified tutor's recent gold accuracy in a domain drops below the project's
 * threshold (after minGold items), the certification is suspended, the tutor is told why, the
 * system's action is audited, and routing stops serving them on the specialist-only project.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/domain/errors.js';
import {
  certificationEvents,
  createProject,
  grantCertification,
  importTasks,
  myNotifications,
  myQuality,
  nextAssignment,
  submitAnnotation,
} from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

import { IMMEDIATE_GOLD_RELEASE } from '../../../src/services/gold/goldRelease.js';

const POLICY = { threshold: 0.6, minGold: 10, window: 15 };

describe.each(testDatabases())('live gold and suspension on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function goldProject(manager: Actor, name: string, opts: { policy?: boolean; specialistOnly?: boolean } = {}) {
    const p = await createProject(h.ctx, manager, {
      name,
      type: 'preference',
      domains: ['medicine'],
      overlap: 1,
      goldRate: 1,
      eligibility: { tiers: opts.specialistOnly ? ['specialist'] : ['generalist', 'specialist'], requireCertification: false },
      ...(opts.policy ? { quality: { goldSuspension: POLICY } } : {}),
    });
    const gold = Array.from({ length: 20 }, (_, i) => preferenceLine(`${name}-g${i}`, { domain: 'medicine', gold: 'a' }));
    // As much real work as gold: a tutor is served while the real tasks left exceed the gold met (#12).
    const real = Array.from({ length: 21 }, (_, i) => preferenceLine(`${name}-r${i}`, { domain: 'medicine' }));
    await importTasks(h.ctx, manager, p.id, lines(...gold, ...real));
    return p;
  }

  /** Lease the next task (gold, at gold rate 1) and answer it right or wrong. */
  async function answer(tutor: Actor, projectId: number, right: boolean) {
    h.clock.advance(1000);
    const n = await nextAssignment(h.ctx, tutor, projectId);
    expect(n).not.toBeNull();
    await submitAnnotation(h.ctx, tutor, n!.assignment.id, { response: { choice: right ? 'a' : 'b' }, durationMs: 1000 });
  }

  const activeCert = async (userId: number) =>
    h.store.db.selectFrom('certifications').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).execute();

  it('suspends exactly when the lower bound crosses the threshold, tells the tutor, audits it, and routing refuses them (403)', async () => {
    h = await harness(await freshUrl());
    // Tutors see their gold results at once here: this file tests what follows from them, not the batching (#12).
    h.ctx.goldRelease = IMMEDIATE_GOLD_RELEASE;
    const manager = await addUser(h.store, { role: 'manager' });
    const work = await goldProject(manager, 'work', { policy: true, specialistOnly: true });
    const tutor = await addUser(h.store, { tier: 'generalist' });
    await grantCertification(h.ctx, manager, tutor.id, { domain: 'medicine' });

    // 10/10, then 10/11 (lower bound 0.62 ≥ 0.60): still certified.
    for (let i = 0; i < 10; i++) await answer(tutor, work.id, true);
    await answer(tutor, work.id, false);
    expect(await activeCert(tutor.id)).toHaveLength(1);
    // 10/12: lower bound 0.55 < 0.60 → suspended.
    await answer(tutor, work.id, false);
    expect(await activeCert(tutor.id)).toHaveLength(0);

    const reason = 'suspended: gold accuracy 10/12 in medicine (95% lower bound 0.55 < 0.60) over the last 12 gold items';
    const cert = await h.store.db.selectFrom('certifications').selectAll().where('user_id', '=', tutor.id).executeTakeFirstOrThrow();
    expect(cert.revoked_reason).toBe(reason);
    const results = await h.store.db.selectFrom('gold_results').selectAll().where('user_id', '=', tutor.id).orderBy('id').execute();
    expect(results.map((r) => r.correct)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(results.every((r) => r.project_id === work.id && r.domain === 'medicine')).toBe(true);

    const { notifications, unread } = await myNotifications(h.ctx, tutor);
    expect(unread).toBe(1);
    expect(notifications[0]).toMatchObject({ kind: 'certification.suspended', read: false });
    expect(notifications[0].message).toContain(reason);
    const audit = await h.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'certification.suspend').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: null, target_type: 'user', target_id: String(tutor.id) });
    expect(JSON.parse(audit[0].detail)).toMatchObject({ domain: 'medicine', correct: 10, total: 12, threshold: 0.6, reason });

    // Routing: admission is decided before any lease, so the suspended generalist gets 404 (not 204), as for a project
    // that does not exist (#12: a refusal naming the project's rules would confirm it exists).
    await expect(nextAssignment(h.ctx, tutor, work.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(nextAssignment(h.ctx, tutor, work.id)).rejects.toThrow(`project ${work.id} not found`);

    const q = await myQuality(h.ctx, tutor);
    expect(q.gold).toEqual([
      { domain: 'medicine', goldTotal: 12, goldCorrect: 10, accuracy: expect.objectContaining({ estimate: 10 / 12 }), threshold: 0.6 },
    ]);
    expect(q.gold[0].accuracy.lower).toBeCloseTo(0.552, 3);
    expect(q.certifications).toEqual([
      expect.objectContaining({ domain: 'medicine', status: 'suspended', reason, revokedAt: new Date(h.clock.now()).toISOString() }),
    ]);
    const events = await certificationEvents(h.ctx, 7);
    expect(events.days).toEqual([
      { day: '2026-11-23', domain: 'medicine', grantedByManager: 1, grantedByExam: 0, suspended: 1, revoked: 0 },
    ]);
  });

  it('counts gold across projects, judges only results since the current certification, and skips what cannot be graded', async () => {
    h = await harness(await freshUrl());
    // Tutors see their gold results at once here: this file tests what follows from them, not the batching (#12).
    h.ctx.goldRelease = IMMEDIATE_GOLD_RELEASE;
    const manager = await addUser(h.store, { role: 'manager' });
    const plain = await goldProject(manager, 'plain');
    const work = await goldProject(manager, 'work', { policy: true, specialistOnly: true });
    const tutor = await addUser(h.store, { tier: 'generalist' });
    await grantCertification(h.ctx, manager, tutor.id, { domain: 'medicine' });

    // A project without a suspension rule records gold results but suspends nobody.
    for (let i = 0; i < 12; i++) await answer(tutor, plain.id, false);
    expect(await activeCert(tutor.id)).toHaveLength(1);
    // The first gold on a project with the rule looks at the whole domain window: 1/13 → suspended.
    await answer(tutor, work.id, true);
    expect(await activeCert(tutor.id)).toHaveLength(0);
    expect((await h.store.db.selectFrom('certifications').select('revoked_reason').executeTakeFirstOrThrow()).revoked_reason).toContain(
      '1/13 in medicine',
    );

    // Re-certified: the old window does not count against the new certification.
    h.clock.advance(60_000);
    await grantCertification(h.ctx, manager, tutor.id, { domain: 'medicine' });
    for (let i = 0; i < 5; i++) await answer(tutor, work.id, false);
    expect(await activeCert(tutor.id)).toHaveLength(1);

    // Free-text gold (a rewrite) cannot be graded: no gold result.
    const rewrite = await createProject(h.ctx, manager, {
      name: 'rw',
      type: 'rewrite',
      domains: ['medicine'],
      overlap: 1,
      goldRate: 1,
      quality: { goldSuspension: POLICY },
    });
    // With one real task beside it: a tutor is served while the real tasks left exceed the gold met (#12).
    await importTasks(
      h.ctx,
      manager,
      rewrite.id,
      lines(
        JSON.stringify({ id: 'rw1', type: 'rewrite', domain: 'medicine', prompt: 'p', response: { text: 't' }, gold: { text: 'better' } }),
        JSON.stringify({ id: 'rw2', type: 'rewrite', domain: 'medicine', prompt: 'p', response: { text: 't' } }),
      ),
    );
    const before = (await h.store.db.selectFrom('gold_results').select('id').execute()).length;
    const n = await nextAssignment(h.ctx, tutor, rewrite.id);
    await submitAnnotation(h.ctx, tutor, n!.assignment.id, { response: { text: 'mine' }, durationMs: 1 });
    expect((await h.store.db.selectFrom('gold_results').select('id').execute()).length).toBe(before);
    expect(before).toBe(18);
  });
});
