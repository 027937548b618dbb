/**
 * Certification ⇒ specialist in that domain: a generalist who passes the medicine exam is admitted
 * to a specialist-only project, for medicine tasks only. Exam and practice banks are never served
 * through `next`, nor listed as work.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/domain/errors.js';
import { admit } from '../../../src/routing/eligibility.js';
import {
  createExam,
  createProject,
  importTasks,
  listProjectsForTutor,
  nextAssignment,
  startAttempt,
  submitAnnotation,
  submitAttempt,
} from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe('admit: certified domains count as specialist domains', () => {
  const specOnly = {
    status: 'active' as const,
    domains: ['law', 'medicine'],
    eligibility: { tiers: ['specialist' as const], requireCertification: false },
  };

  it('admits a certified generalist to a specialist-only project for the certified domains only', () => {
    expect(admit(specOnly, { tier: 'generalist', domains: [], certifiedDomains: [] })).toMatchObject({ admitted: false });
    expect(admit(specOnly, { tier: 'generalist', domains: [], certifiedDomains: ['medicine', 'code'] })).toEqual({
      admitted: true,
      domains: ['medicine'],
      allDomains: false,
    });
    // A specialist's own domain list still narrows: a certification elsewhere does not widen it.
    expect(admit(specOnly, { tier: 'specialist', domains: ['law'], certifiedDomains: ['medicine'] })).toEqual({
      admitted: true,
      domains: ['law'],
      allDomains: false,
    });
    // A project open to generalists gives a generalist every domain, certified or not.
    const open = { ...specOnly, eligibility: { tiers: ['generalist' as const, 'specialist' as const], requireCertification: false } };
    expect(admit(open, { tier: 'generalist', domains: [], certifiedDomains: ['medicine'] })).toEqual({
      admitted: true,
      domains: ['law', 'medicine'],
      allDomains: true,
    });
  });

  it('admits nobody to a question bank', () => {
    for (const purpose of ['exam', 'practice'] as const) {
      expect(
        admit(
          { ...specOnly, purpose, eligibility: { tiers: ['generalist', 'specialist'], requireCertification: false } },
          { tier: 'specialist', domains: [], certifiedDomains: ['law', 'medicine'] },
        ),
      ).toEqual({
        admitted: false,
        reason: 'this project is a question bank for exams/practice',
      });
    }
  });
});

describe.each(testDatabases())('certified tier on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('exam → certification → a generalist is admitted to a specialist-only project, for that domain only', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const bank = await createProject(h.ctx, manager, { name: 'bank', type: 'preference', domains: ['medicine'], purpose: 'exam' });
    await importTasks(
      h.ctx,
      manager,
      bank.id,
      lines(...Array.from({ length: 6 }, (_, i) => preferenceLine(`q${i}`, { domain: 'medicine', gold: i % 2 ? 'a' : 'b' }))),
    );
    const exam = await createExam(h.ctx, manager, {
      domain: 'medicine',
      name: 'Medicine',
      questionCount: 5,
      passMark: 0.8,
      cooldownHours: 12,
    });
    const work = await createProject(h.ctx, manager, {
      name: 'specialist work',
      type: 'preference',
      domains: ['law', 'medicine'],
      overlap: 1,
      eligibility: { tiers: ['specialist'], requireCertification: false },
    });
    await importTasks(
      h.ctx,
      manager,
      work.id,
      lines(
        preferenceLine('law1', { domain: 'law' }),
        preferenceLine('med1', { domain: 'medicine' }),
        preferenceLine('med2', { domain: 'medicine' }),
      ),
    );

    const tutor = await addUser(h.store, { tier: 'generalist' });
    await expect(nextAssignment(h.ctx, tutor, work.id)).rejects.toThrow(`project ${work.id} not found`);
    expect((await listProjectsForTutor(h.ctx, tutor)).map((p) => p.name)).toEqual([]);

    const { start } = await startAttempt(h.ctx, tutor, exam.id);
    const gold = new Map(
      (await h.store.db.selectFrom('tasks').select(['id', 'gold']).where('project_id', '=', bank.id).execute()).map((r) => [
        r.id,
        JSON.parse(r.gold!).choice,
      ]),
    );
    const result = await submitAttempt(h.ctx, tutor, start.attempt.id, {
      answers: start.questions.map((q) => ({ choice: gold.get(q.taskId) })),
    });
    expect(result.passed).toBe(true);

    // Now a specialist in medicine: served medicine tasks, never law, then 204 (null) when medicine runs out.
    expect((await listProjectsForTutor(h.ctx, tutor)).map((p) => [p.name, p.available])).toEqual([['specialist work', 2]]);
    const served: string[] = [];
    for (;;) {
      const n = await nextAssignment(h.ctx, tutor, work.id);
      if (!n) break;
      served.push(n.task.domain);
      await submitAnnotation(h.ctx, tutor, n.assignment.id, { response: { choice: 'a' }, durationMs: 1 });
    }
    expect(served).toEqual(['medicine', 'medicine']);
  });

  it('never serves exam or practice banks through next, nor lists them as work', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const tutor = await addUser(h.store, { tier: 'specialist', domains: ['medicine'] });
    for (const purpose of ['exam', 'practice'] as const) {
      const p = await createProject(h.ctx, manager, { name: purpose, type: 'preference', domains: ['medicine'], purpose, goldRate: 0.5 });
      await importTasks(
        h.ctx,
        manager,
        p.id,
        lines(preferenceLine(`${purpose}1`, { domain: 'medicine', gold: 'a' }), preferenceLine(`${purpose}2`, { domain: 'medicine' })),
      );
      const refused = nextAssignment(h.ctx, tutor, p.id);
      // 404 like a project that does not exist (#12): a refusal must not confirm that a bank is there.
      await expect(refused).rejects.toBeInstanceOf(NotFoundError);
      await expect(nextAssignment(h.ctx, tutor, p.id)).rejects.toThrow(`project ${p.id} not found`);
    }
    expect(await listProjectsForTutor(h.ctx, tutor)).toEqual([]);
    expect(await h.store.db.selectFrom('assignments').select('id').execute()).toEqual([]);
  });
});
