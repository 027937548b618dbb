/**
 * GET /api/projects/:id/quality and /economics over a small hand-made project on both databases:
 * three tutors judge every task through the real routing and submit services, and the dashboards'
 * numbers are checked against values worked out by hand (α and κ, Wilson bounds, cost arithmetic).
 * Tutors are refused (403).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProject,
  importTasks,
  nextAssignment,
  projectQuality,
  skipAssignment,
  submitAnnotation,
} from '../../../src/services/index.js';
import { agreementPages, SAMPLE_MOD } from '../../../src/store/repositories/dashboards.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';

const pref = (id: string, domain: string, gold?: string) =>
  JSON.stringify({
    id,
    type: 'preference',
    domain,
    prompt: `Question ${id}?`,
    responses: [
      { id: 'a', text: `A for ${id}` },
      { id: 'b', text: `B for ${id}` },
    ],
    ...(gold ? { gold: { choice: gold } } : {}),
  });

// Medicine: everyone agrees, with both classes used → α = κ = 1.
// Law: every item 2–1 → α = 1 − 11·8/72 = −2/9, κ = (1/3 − 1/2)/(1/2) = −1/3.
// Project (both): α = 1 − 23·8/288 = 13/36, κ = (2/3 − 1/2)/(1/2) = 1/3.
const ANSWERS: Record<string, [string, string, string]> = {
  m1: ['a', 'a', 'a'],
  m2: ['a', 'a', 'a'],
  m3: ['b', 'b', 'b'],
  m4: ['b', 'b', 'b'],
  l1: ['a', 'a', 'b'],
  l2: ['b', 'b', 'a'],
  l3: ['a', 'b', 'a'],
  l4: ['b', 'a', 'b'],
};
const GOLD: Record<string, { domain: string; gold: string }> = {
  mg1: { domain: 'medicine', gold: 'a' },
  mg2: { domain: 'medicine', gold: 'b' },
  lg1: { domain: 'law', gold: 'a' },
  lg2: { domain: 'law', gold: 'b' },
};
/** Gold answers: the specialist always right (4/4), the first generalist right on the "a" items (2/4), the second never (0/4). */
const goldAnswer = (tutor: number, gold: string) => (tutor === 0 ? gold : tutor === 1 ? 'a' : gold === 'a' ? 'b' : 'a');

describe.each(testDatabases())('dashboards on $name', ({ freshUrl }) => {
  let h: Harness;
  let manager: Person, tutors: Person[];
  let cookie: string, tutorCookie: string;
  let projectId = 0;

  beforeAll(async () => {
    h = await harness(await freshUrl());
    manager = await addUser(h, { email: 'maya@dash.test', role: 'manager', name: 'Maya' });
    tutors = [
      // $3.00 per task; $60/hour × 60 s = $1.00; no own rate → the project's $0.50.
      await addUser(h, {
        email: 'spec@dash.test',
        name: 'Sofia Spec',
        tier: 'specialist',
        domains: ['medicine', 'law'],
        payModel: 'per_task',
        payRate: 300,
      }),
      await addUser(h, { email: 'gen1@dash.test', name: 'Gus Gen', tier: 'generalist', payModel: 'hourly', payRate: 6000 }),
      await addUser(h, { email: 'gen2@dash.test', name: 'Gail <b>Gen</b>', tier: 'generalist', payModel: 'per_task', payRate: 0 }),
    ];
    const p = await createProject(h.ctx, asActor(manager), {
      name: 'Hand-made',
      type: 'preference',
      domains: ['medicine', 'law'],
      overlap: 3,
      goldRate: 1,
      payPerTask: 50,
    });
    projectId = p.id;
    const lines = [
      ...Object.keys(ANSWERS).map((id) => pref(id, id.startsWith('m') ? 'medicine' : 'law')),
      ...Object.entries(GOLD).map(([id, g]) => pref(id, g.domain, g.gold)),
    ];
    await importTasks(h.ctx, asActor(manager), p.id, [lines.join('\n') + '\n']);
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    for (let t = 0; t < tutors.length; t++) {
      const actor = asActor(tutors[t]);
      for (let n = await nextAssignment(h.ctx, actor, p.id), i = 0; n && i < 20; n = await nextAssignment(h.ctx, actor, p.id), i++) {
        const id = ext.get(n.task.id)!;
        const choice = GOLD[id] ? goldAnswer(t, GOLD[id].gold) : ANSWERS[id][t];
        h.clock.now += 60_000;
        await submitAnnotation(h.ctx, actor, n.assignment.id, { response: { choice }, durationMs: 60_000 });
      }
    }
    const counts = await h.store.db.selectFrom('annotations').select(['user_id']).where('project_id', '=', p.id).execute();
    for (const t of tutors) expect(counts.filter((c) => c.user_id === t.user.id)).toHaveLength(12);
    cookie = await signIn(h, manager);
    tutorCookie = await signIn(h, tutors[0]);
  });
  afterAll(async () => h?.close());

  const get = (url: string, c = cookie) => h.app.inject({ method: 'GET', url, cookies: { tl_session: c } });

  it('measures agreement per project and domain, with seeded bootstrap intervals', async () => {
    const res = await get(`/api/projects/${projectId}/quality`);
    expect(res.statusCode).toBe(200);
    const q = res.json();
    expect(q.project).toMatchObject({ id: projectId, type: 'preference', domains: ['medicine', 'law'] });
    expect(q.agreement.annotations).toBe(24); // gold left out
    expect(q.agreement.sampledShare).toBeNull();
    const row = (domain: string | null) => q.agreement.rows.find((r: { domain: string | null }) => r.domain === domain);
    expect(row('medicine')).toMatchObject({
      scope: 'domain',
      field: 'choice',
      level: 'nominal',
      items: 4,
      ratings: 12,
      raters: 3,
      singleRated: 0,
    });
    expect(row('medicine').alpha.value).toBeCloseTo(1, 10);
    expect(row('medicine').fleiss.value).toBeCloseTo(1, 10);
    expect(row('medicine').alpha.lower).toBeCloseTo(1, 10);
    expect(row('law').alpha.value).toBeCloseTo(-2 / 9, 10);
    expect(row('law').fleiss.value).toBeCloseTo(-1 / 3, 10);
    expect(row(null)).toMatchObject({ scope: 'project', items: 8, ratings: 24 });
    expect(row(null).alpha.value).toBeCloseTo(13 / 36, 10);
    expect(row(null).fleiss.value).toBeCloseTo(1 / 3, 10);
    const a = row(null).alpha;
    expect(a.lower).toBeLessThanOrEqual(a.value);
    expect(a.upper).toBeGreaterThanOrEqual(a.value);
    expect(a.upper).toBeLessThanOrEqual(1);
    // Seeded: the same request gives the same interval.
    const again = (await get(`/api/projects/${projectId}/quality`)).json();
    expect(again.agreement.rows).toEqual(q.agreement.rows);
  });

  it('measures a large project on a fixed sample of whole items', async () => {
    const q = await projectQuality(h.ctx, projectId, { maxAnnotations: 12 });
    expect(q.agreement.sampledShare).toBe(0.5);
    const whole = q.agreement.rows.find((r) => r.domain === null)!;
    expect(whole.items).toBeGreaterThan(0);
    expect(whole.items).toBeLessThan(8);
    // Every rating of a sampled item is in: 3 per item, none single-rated.
    expect(whole.ratings).toBe(3 * whole.items);
    expect(whole.singleRated).toBe(0);
    expect(q.agreement.annotations).toBe(whole.ratings);
  });

  it('reads the sample a page at a time, the next page asked for early: the same rows in the same order at any page size', async () => {
    const rows = async (taskLimit: number) => {
      const out: unknown[] = [];
      for await (const page of agreementPages(h.store.db, projectId, taskLimit, SAMPLE_MOD / 2)) out.push(...page);
      return out;
    };
    const whole = await rows(1000);
    expect(whole.length).toBeGreaterThan(0);
    expect(await rows(1)).toEqual(whole);
    expect(await rows(2)).toEqual(whole);
  });

  it('gives gold accuracy per tutor with Wilson intervals, names and pseudonymous ids', async () => {
    const q = (await get(`/api/projects/${projectId}/quality`)).json();
    expect(['gold_results', 'annotations']).toContain(q.gold.source);
    const by = (name: string) => q.gold.tutors.find((t: { name: string }) => t.name === name);
    // Wilson 95 %: 4/4 → [0.5101, 1]; 2/4 → [0.1500, 0.8500]; 0/4 → [0, 0.4899].
    expect(by('Sofia Spec').overall).toMatchObject({ correct: 4, total: 4, value: 1, upper: 1 });
    expect(by('Sofia Spec').overall.lower).toBeCloseTo(0.5101, 4);
    expect(by('Gus Gen').overall).toMatchObject({ correct: 2, total: 4, value: 0.5 });
    expect(by('Gus Gen').overall.lower).toBeCloseTo(0.15, 4);
    expect(by('Gus Gen').overall.upper).toBeCloseTo(0.85, 4);
    expect(by('Gail <b>Gen</b>').overall).toMatchObject({ correct: 0, total: 4, lower: 0 });
    expect(by('Gail <b>Gen</b>').overall.upper).toBeCloseTo(0.4899, 4);
    expect(by('Gus Gen').byDomain.map((d: { domain: string; correct: number; total: number }) => [d.domain, d.correct, d.total])).toEqual([
      ['law', 1, 2],
      ['medicine', 1, 2],
    ]);
    for (const t of q.gold.tutors) expect(t.tutor).toMatch(/^t_[0-9a-f]{16}$/);
    // Weakest lower bound first.
    expect(q.gold.tutors.map((t: { name: string }) => t.name)).toEqual(['Gail <b>Gen</b>', 'Gus Gen', 'Sofia Spec']);
    expect(q.consensus.threshold).toBe(0.8);
    expect(q.consensus.project.tasks).toBe(8);
  });

  it('prices every judgment and compares the tiers', async () => {
    const res = await get(`/api/projects/${projectId}/economics`);
    expect(res.statusCode).toBe(200);
    const e = res.json();
    // 12 judgments each: 12 × 300 + 12 × 100 + 12 × 50 = 5400 cents.
    expect(e.costCents).toBe(5400);
    expect(e.project.payPerTask).toBe(50);
    const tier = (t: string) => e.byTier.find((r: { tier: string }) => r.tier === t);
    expect(tier('specialist')).toMatchObject({
      judgments: 12,
      costCents: 3600,
      timeMs: 720_000,
      costPerJudgment: 300,
      throughputPerHour: 60,
    });
    expect(tier('generalist')).toMatchObject({ judgments: 24, costCents: 1800, costPerJudgment: 75 });
    const td = (t: string, d: string) => e.byTierDomain.find((r: { tier: string; domain: string }) => r.tier === t && r.domain === d);
    expect(td('specialist', 'law')).toMatchObject({ judgments: 6, costCents: 1800, gold: { correct: 2, total: 2, value: 1 } });
    // Gold accuracy 1 → one judgment reaches any target: cost per QAL = 1 × $3.00.
    expect(td('specialist', 'law').costPerQAL).toBe(300);
    // Generalists at 1/4 on gold cannot reach 95 % by majority: unreachable.
    expect(td('generalist', 'law').gold).toMatchObject({ correct: 1, total: 4 });
    expect(td('generalist', 'law').costPerQAL).toBeNull();
    const gus = e.tutors.find((t: { name: string }) => t.name === 'Gus Gen');
    expect(gus).toMatchObject({ tier: 'generalist', judgments: 12, costCents: 1200, timeMs: 720_000, throughputPerHour: 60 });
    expect(gus.tutor).toMatch(/^t_[0-9a-f]{16}$/);
    expect(e.tierComparison.map((c: { domain: string }) => c.domain)).toEqual(['law', 'medicine']);
    for (const c of e.tierComparison) {
      // Two gold items per tier is far below the 30 a verdict needs.
      expect(c.verdict).toMatch(/^too little data/);
      expect(c.summary).toContain(c.domain);
      expect(c.specialist.values.goldAccuracy).toBe(1);
    }
    expect(e.qualityAdjusted.items).toBe(8);
  });

  it('uses interval α on rating axes, and says why Fleiss κ is n/a when items have different numbers of raters', async () => {
    const p = await createProject(h.ctx, asActor(manager), {
      name: 'Ratings',
      type: 'rating',
      domains: ['medicine'],
      overlap: 3,
      rubric: [{ name: 'accuracy', scale: 5 }],
    });
    const rate = (id: string) =>
      JSON.stringify({ id, type: 'rating', domain: 'medicine', prompt: `Q ${id}`, response: { text: `R ${id}` } });
    await importTasks(h.ctx, asActor(manager), p.id, [['r1', 'r2', 'r3'].map(rate).join('\n') + '\n']);
    const ext = new Map(
      (await h.store.db.selectFrom('tasks').select(['id', 'external_id']).where('project_id', '=', p.id).execute()).map((r) => [
        r.id,
        r.external_id,
      ]),
    );
    // Two tutors agree exactly (r1 5, r2 3, r3 1); a third rates only one task, r1, with a 4.
    const score: Record<string, number> = { r1: 5, r2: 3, r3: 1 };
    for (let t = 0; t < 3; t++) {
      const actor = asActor(tutors[t]);
      for (let n = await nextAssignment(h.ctx, actor, p.id), i = 0; n && i < 10; n = await nextAssignment(h.ctx, actor, p.id), i++) {
        const id = ext.get(n.task.id)!;
        if (t === 2 && id !== 'r1') {
          await skipAssignment(h.ctx, actor, n.assignment.id);
          continue;
        }
        h.clock.now += 30_000;
        await submitAnnotation(h.ctx, actor, n.assignment.id, {
          response: { scores: { accuracy: t === 2 ? 4 : score[id] } },
          durationMs: 30_000,
        });
        if (t === 2) break;
      }
    }
    const q = (await get(`/api/projects/${p.id}/quality`)).json();
    const row = q.agreement.rows.find((r: { domain: string | null }) => r.domain === null);
    expect(row).toMatchObject({ field: 'accuracy (axis)', level: 'interval', items: 3, ratings: 7, raters: 3 });
    // Values 5,5,4 | 3,3 | 1,1: D_o = 2, D_e = 2(7·86 − 22²) = 236, α = 1 − 6·2/236.
    expect(row.alpha.value).toBeCloseTo(1 - 12 / 236, 10);
    expect(row.fleiss.value).toBeNull();
    expect(row.fleiss.note).toMatch(/between 2 and 3 ratings/);
    expect(q.gold.source).toMatch(/none|gold_results/);
  });

  it('refuses tutors and answers 404 for a project that does not exist', async () => {
    for (const path of ['quality', 'economics']) {
      expect((await get(`/api/projects/${projectId}/${path}`, tutorCookie)).statusCode).toBe(403);
      expect((await h.app.inject({ method: 'GET', url: `/api/projects/${projectId}/${path}` })).statusCode).toBe(401);
      expect((await get(`/api/projects/999999/${path}`)).statusCode).toBe(404);
    }
  });

  it('samples a project whose task ids are those of a million-task database', async () => {
    // Past id 271,183, `id × 7919` overflowed PostgreSQL's integer and the sampled page failed outright.
    const p = await createProject(h.ctx, asActor(manager), { name: 'Late ids', type: 'preference', domains: ['law'], overlap: 3 });
    if (h.store.dialect === 'postgres') await sql`SELECT setval(pg_get_serial_sequence('tasks', 'id'), 400000)`.execute(h.store.db);
    else
      await h.store.db
        .insertInto('tasks')
        .values({
          id: 400000,
          project_id: p.id,
          external_id: 'placeholder',
          domain: 'law',
          payload: '{}',
          content_hash: 'x',
          created_at: 0,
          is_gold: 1,
        })
        .execute();
    await importTasks(h.ctx, asActor(manager), p.id, [['x1', 'x2', 'x3', 'x4'].map((id) => pref(id, 'law')).join('\n')]);
    for (const t of tutors) {
      const actor = asActor(t);
      for (let n = await nextAssignment(h.ctx, actor, p.id); n; n = await nextAssignment(h.ctx, actor, p.id)) {
        expect(n.task.id).toBeGreaterThan(400000);
        await submitAnnotation(h.ctx, actor, n.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
      }
    }
    const q = await projectQuality(h.ctx, p.id, { maxAnnotations: 6 });
    expect(q.agreement.sampledShare).toBe(0.5);
    const whole = q.agreement.rows.find((r) => r.domain === null)!;
    expect(whole.ratings).toBe(3 * whole.items);
    expect(q.agreement.annotations).toBe(whole.ratings);
  });
});
