import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  decideReview,
  grantCertification,
  exportProject,
  flagTask,
  importTasks,
  nextAssignment,
  submitAnnotation,
} from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness, lines } from '../../support/fixtures.js';
import { gradeResponse } from '../../support/rubricFlow.js';

const criteria = [
  { id: 'c1', text: 'Says not to use adult tablets', weight: 5, essential: true },
  { id: 'c2', text: 'Gives the 24-hour dose limit', weight: 3, essential: false },
];
const gradeLine = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    type: 'rubric',
    domain: 'medicine',
    stage: 'grade',
    prompt: 'Can I give my toddler half an adult paracetamol tablet?',
    responses: [
      { id: 'a', text: 'No: use a children’s liquid dosed by age. Never more than 4 doses in 24 hours.' },
      { id: 'b', text: 'Yes, half a tablet is fine.' },
    ],
    rubric: { item: id, version: 1 },
    criteria,
    ...extra,
  });

describe.each(testDatabases())('rubric gold and review on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('grades gold grading tasks per verdict, and a reviewer’s verdict decides the exported grades', async () => {
    h = await harness(await freshUrl());
    const admin = await addUser(h.store, { role: 'admin' });
    const reviewer = await addUser(h.store, { role: 'reviewer', tier: 'specialist', domains: ['medicine'] });
    await grantCertification(h.ctx, admin, reviewer.id, { domain: 'medicine', level: 2 });
    const project = await createProject(h.ctx, admin, { name: 'grading', type: 'rubric', domains: ['medicine'], overlap: 2, goldRate: 1 });
    const gold = { grades: [{ response: 'b', verdicts: [{ criterion: 'c1', met: false }] }] };
    await importTasks(h.ctx, admin, project.id, lines(gradeLine('g1', { gold }), gradeLine('real-1')));

    // goldRate 1: the first lease is the gold task; its result is recorded per verdict.
    const grader = await addUser(h.store);
    const first = await nextAssignment(h.ctx, grader, project.id);
    expect(JSON.stringify(first!.task)).not.toContain('gold');
    await submitAnnotation(h.ctx, grader, first!.assignment.id, {
      response: gradeResponse({ a: ['c1', 'c2'], b: ['c1'] })(first!.task.payload as Record<string, unknown>),
      durationMs: 5000,
    });
    const results = await h.store.db.selectFrom('gold_results').select(['correct', 'user_id']).execute();
    expect(results).toEqual([{ correct: 0, user_id: grader.id }]);

    // Two graders split on c2 of response a; one flags the task, a reviewer decides: c2 met.
    const graders = [await addUser(h.store), await addUser(h.store)];
    const leases = [];
    for (const [i, g] of graders.entries()) {
      // Each new grader meets the gold task first (goldRate 1, never twice), then the real one.
      const goldLease = (await nextAssignment(h.ctx, g, project.id))!;
      await submitAnnotation(h.ctx, g, goldLease.assignment.id, {
        response: gradeResponse({})(goldLease.task.payload as Record<string, unknown>),
        durationMs: 4000,
      });
      const lease = (await nextAssignment(h.ctx, g, project.id))!;
      expect(lease.task.payload).toMatchObject({ rubric: { item: 'real-1' } });
      leases.push(lease);
      const met = i === 0 ? ['c1', 'c2'] : ['c1'];
      await submitAnnotation(h.ctx, g, lease.assignment.id, {
        response: gradeResponse({ a: met, b: [] })(lease.task.payload as Record<string, unknown>),
        durationMs: 4000,
      });
    }
    const exported = async () => {
      const out: Record<string, any>[] = [];
      for await (const l of await exportProject(h.ctx, project.id, 'rubric-grades')) out.push(JSON.parse(l));
      return out;
    };
    expect((await exported()).map((r) => [r.response_id, r.score])).toEqual([
      ['a', 5 / 8],
      ['b', 0],
    ]);
    const { reviewId } = await flagTask(h.ctx, graders[0], leases[0].assignment.id, { note: 'c2 is met: it says 4 doses in 24 hours' });
    const verdict = gradeResponse({ a: ['c1', 'c2'], b: [] })(leases[0].task.payload as Record<string, unknown>);
    await decideReview(h.ctx, reviewer, reviewId, { verdict, comment: 'the dose limit is there' });
    const decided = await exported();
    expect(decided.map((r) => [r.response_id, r.score])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
    expect(decided[0].meta.consensusSource).toBe('review');
  });
});
