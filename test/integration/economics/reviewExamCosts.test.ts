/**
 * Reviews and certification exams in a project's economics, on both databases, through the real
 * services and HTTP: verdicts carry the reviewer's time (`durationMs`), are priced from the
 * reviewer's pay terms (one verdict closing two reviews priced once), enter the total and the cost
 * per quality-adjusted label; submitted exam attempts in the project's domains are priced with the
 * idle cap and reported apart. Every expected number is worked out by hand in the comments.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createExam,
  createProject,
  decideReview,
  flagTask,
  grantCertification,
  importTasks,
  nextAssignment,
  startAttempt,
  submitAnnotation,
  submitAttempt,
} from '../../../src/services/index.js';
import { openReview } from '../../../src/store/repositories/reviews.js';
import { runReport } from '../../../src/cli/commands/report.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

const MIN = 60_000;
const pref = (id: string, domain: string, gold?: string) =>
  JSON.stringify({
    id,
    type: 'preference',
    domain,
    prompt: `Question ${id}?`,
    responses: [
      { id: 'a', text: `A ${id}` },
      { id: 'b', text: `B ${id}` },
    ],
    ...(gold ? { gold: { choice: gold } } : {}),
  });

describe.each(testDatabases())('review and exam costs on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** An exam bank of `n` gold questions in `domain` and an exam of `questions` of them. */
  async function exam(admin: Person, domain: string, n: number, questions: number): Promise<number> {
    const bank = await createProject(h.ctx, asActor(admin), {
      name: `${domain} bank`,
      type: 'preference',
      domains: [domain],
      purpose: 'exam',
    });
    await importTasks(h.ctx, asActor(admin), bank.id, [
      Array.from({ length: n }, (_, i) => pref(`${domain}-q${i}`, domain, 'a')).join('\n') + '\n',
    ]);
    return (
      await createExam(h.ctx, asActor(admin), {
        domain,
        name: `${domain} exam`,
        questionCount: questions,
        passMark: 0.5,
        cooldownHours: 24,
      })
    ).id;
  }

  /** Start an attempt, wait `ms`, answer every question with `choice` (the bank's gold is "a"). */
  async function sitExam(tutor: Person, examId: number, ms: number, choice: 'a' | 'b') {
    const { start } = await startAttempt(h.ctx, asActor(tutor), examId);
    h.clock.now += ms;
    return submitAttempt(h.ctx, asActor(tutor), start.attempt.id, { answers: start.questions.map(() => ({ choice })) });
  }

  it('prices verdicts and exams by hand-checked rules and shows them in the JSON and the report', async () => {
    const url = await freshUrl();
    h = await harness(url);
    const admin = await addUser(h, { email: 'admin@cost.test', role: 'admin' });
    // Tutor: $1.00 per task. Reviewers: 50¢ per review; $60/hour. Exam takers: $30/hour.
    const tutor = await addUser(h, { email: 'tutor@cost.test', name: 'Tess', payModel: 'per_task', payRate: 100 });
    const perTask = await addUser(h, {
      email: 'rev1@cost.test',
      name: 'Rita',
      role: 'reviewer',
      tier: 'specialist',
      domains: ['medicine'],
      payModel: 'per_task',
      payRate: 50,
    });
    const hourly = await addUser(h, {
      email: 'rev2@cost.test',
      name: 'Hal',
      role: 'reviewer',
      tier: 'generalist',
      domains: ['medicine'],
      payModel: 'hourly',
      payRate: 6000,
    });
    const takers = [0, 1, 2].map((i) => addUser(h, { email: `taker${i}@cost.test`, payModel: 'hourly', payRate: 3000 }));
    const [ann, ben, cat] = await Promise.all(takers);
    for (const r of [perTask, hourly]) await grantCertification(h.ctx, asActor(admin), r.user.id, { domain: 'medicine' });

    // One gold task and three production tasks, one judgment each (overlap 1).
    const p = await createProject(h.ctx, asActor(admin), {
      name: 'Costed',
      type: 'preference',
      domains: ['medicine'],
      overlap: 1,
      goldRate: 1,
      payPerTask: 10,
    });
    await importTasks(h.ctx, asActor(admin), p.id, [
      [pref('g1', 'medicine', 'a'), pref('t1', 'medicine'), pref('t2', 'medicine'), pref('t3', 'medicine')].join('\n') + '\n',
    ]);
    const ext = new Map(
      (await h.store.db.selectFrom('tasks').select(['id', 'external_id']).where('project_id', '=', p.id).execute()).map((r) => [
        r.external_id,
        r.id,
      ]),
    );
    const assignmentOf = new Map<string, number>();
    for (
      let n = await nextAssignment(h.ctx, asActor(tutor), p.id), i = 0;
      n && i < 10;
      n = await nextAssignment(h.ctx, asActor(tutor), p.id), i++
    ) {
      h.clock.now += MIN;
      await submitAnnotation(h.ctx, asActor(tutor), n.assignment.id, { response: { choice: 'a' }, durationMs: MIN });
      assignmentOf.set([...ext].find(([, id]) => id === n.task.id)![0], n.assignment.id);
    }
    expect([...assignmentOf.keys()].sort()).toEqual(['g1', 't1', 't2', 't3']);

    const before = (
      await h.app.inject({ method: 'GET', url: `/api/projects/${p.id}/economics`, cookies: { tl_session: await signIn(h, admin) } })
    ).json();
    expect(before.costCents).toBe(400);
    // Reached = production items whose STORED consensus confidence is at least the target (the number the
    // Quality page and the exports read, issue 15), not a second posterior formed by the Cost page.
    const storedConfidences = await h.store.db
      .selectFrom('task_consensus')
      .select('confidence')
      .where('project_id', '=', p.id)
      .where('task_id', 'in', [ext.get('t1')!, ext.get('t2')!, ext.get('t3')!])
      .execute();
    expect(storedConfidences).toHaveLength(3);
    const reachedBefore = storedConfidences.filter((c) => Number(c.confidence) >= 0.95).length;
    expect(before.qualityAdjusted).toMatchObject({
      items: 3,
      reached: reachedBefore,
      costPerQualityAdjustedLabel: reachedBefore > 0 ? 300 / reachedBefore : null,
      reachedByReview: 0,
    });
    expect(before.reviews).toMatchObject({ reviews: 0, costCents: 0 });

    // The tutor flags t1, t2 and t3; t1 also has a low-confidence review, so its verdict closes two reviews.
    const flag = async (id: string) => (await flagTask(h.ctx, asActor(tutor), assignmentOf.get(id)!, { note: `check ${id}` })).reviewId;
    const [r1, r2, r3] = [await flag('t1'), await flag('t2'), await flag('t3')];
    await openReview(h.store.db, {
      projectId: p.id,
      taskId: ext.get('t1')!,
      domain: 'medicine',
      reason: 'low_confidence',
      at: h.clock.now,
    });
    // Per-task reviewer: two verdicts × 50¢ = $1.00, whatever the time (one reports none).
    h.clock.now += MIN;
    const v1 = await decideReview(h.ctx, asActor(perTask), r1, { verdict: { choice: 'a' }, durationMs: 3 * MIN });
    expect(v1.closedReviewIds).toHaveLength(1);
    await decideReview(h.ctx, asActor(perTask), r2, { verdict: { choice: 'b' } });
    // Hourly reviewer over HTTP: 10 minutes at $60/hour = $10.00. More than a day is refused.
    const hal = await signIn(h, hourly);
    const tooLong = await h.app.inject({
      method: 'POST',
      url: `/api/reviews/${r3}/verdict`,
      cookies: { tl_session: hal },
      payload: { verdict: { choice: 'a' }, durationMs: 24 * 60 * MIN + 1 },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.problems[0].field).toBe('durationMs');
    const ok = await h.app.inject({
      method: 'POST',
      url: `/api/reviews/${r3}/verdict`,
      cookies: { tl_session: hal },
      payload: { verdict: { choice: 'a' }, durationMs: 10 * MIN },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const stored = await h.store.db
      .selectFrom('reviews')
      .select(['id', 'duration_ms'])
      .where('project_id', '=', p.id)
      .orderBy('id')
      .execute();
    expect(stored.map((r) => (r.duration_ms === null ? null : Number(r.duration_ms)))).toEqual([3 * MIN, null, 10 * MIN, 3 * MIN]);

    // Exams: medicine (2 questions, cap 2 × 15 min = 30 min) counts; law does not (not a project domain).
    const med = await exam(admin, 'medicine', 4, 2),
      law = await exam(admin, 'law', 2, 2);
    expect((await sitExam(ann, med, 20 * MIN, 'a')).passed).toBe(true); // 20 min at $30/h = $10.00
    expect((await sitExam(ben, med, 2 * 60 * MIN, 'b')).passed).toBe(false); // 2 h capped at 30 min = $15.00
    await startAttempt(h.ctx, asActor(cat), med); // never submitted: not counted
    await sitExam(cat, law, 20 * MIN, 'a'); // law: not counted

    const e = (
      await h.app.inject({ method: 'GET', url: `/api/projects/${p.id}/economics`, cookies: { tl_session: await signIn(h, admin) } })
    ).json();
    // Reviews: 50 + 50 + 1000 = 1100 ¢. Total = annotations 4 × 100 + 1100 = 1500 ¢.
    expect(e.reviews).toMatchObject({ reviews: 3, withoutDuration: 1, costCents: 1100, timeMs: 13 * MIN });
    expect(e.reviews.byTierDomain).toEqual([
      { tier: 'specialist', domain: 'medicine', reviews: 2, costCents: 100, timeMs: 3 * MIN, costPerReview: 50 },
      { tier: 'generalist', domain: 'medicine', reviews: 1, costCents: 1000, timeMs: 10 * MIN, costPerReview: 1000 },
    ]);
    expect(e).toMatchObject({ annotationCostCents: 400, costCents: 1500 });
    // QAL: every production item now has a verdict → 3 reached, all by review;
    // money = 3 × 100 (their annotations) + 1100 (verdicts) = 1400 → 1400 / 3 ¢.
    expect(e.qualityAdjusted).toMatchObject({
      items: 3,
      reached: 3,
      reachedByReview: 3,
      reviewCostCents: 1100,
      costPerQualityAdjustedLabelWithoutReviews: null,
    });
    expect(e.qualityAdjusted.costPerQualityAdjustedLabel).toBeCloseTo(1400 / 3, 10);
    // Certification: 1000 + 1500 = 2500 ¢ over 2 attempts, 1 pass; not in the total.
    expect(e.certification).toMatchObject({ attempts: 2, passed: 1, costCents: 2500, timeMs: 50 * MIN, costPerPass: 2500 });
    expect(e.certification.byDomainTier).toEqual([
      { domain: 'medicine', tier: 'generalist', attempts: 2, passed: 1, costCents: 2500, timeMs: 50 * MIN },
    ]);

    const out = mkdtempSync(join(tmpdir(), 'tutorloop-review-cost-'));
    await runReport({ project: 'Costed', db: url, out });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Reviews and certification');
    expect(md).toContain('| specialist | medicine | 2 | $1.00 |');
    expect(md).toContain('| generalist | medicine | 1 | $10.00 |');
    expect(md).toContain("Certification cost in this project's domains: $25.00");
  });
});
