/**
 * A cascade project measured in the server, on both databases: a judge (stand-in model, priced per
 * token), a generalist and a specialist (paid per task) work it through the routing. Then
 * - the Cost page's economics price the judge's judgments at their recorded model cost (the sum of its
 *   verdicts' `cost_usd`), not at the project's per-task rate, and the people at their pay;
 * - `GET /tier-measures` carries the cascade against each tier: on gold, the same items (those every
 *   tier judged) with each row's cost summed from the stored judgments; in production, each tier on the
 *   items it judged and the cascade on every item, its cost the sum of every judgment's;
 * - `tutorloop report --project` prints the table; a project without a cascade has none.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../../src/cli/commands/report.js';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import { addJudge } from '../../../src/services/judges/admin.js';
import { createJudgeRun, runJudgeRun } from '../../../src/services/judges/runner.js';
import { addModelEndpoint, ModelGateway, setModelGateway } from '../../../src/services/models/index.js';
import { addUser, asActor, harness, signIn, type Harness, type Person } from '../../support/appHarness.js';
import { testDatabases } from '../../support/databases.js';
import { seededJudgeReplies } from '../../support/models/judgeReplies.js';
import { startOpenAiStandIn, type StandIn } from '../../support/models/openaiStandIn.js';

process.env.TUTORLOOP_SECRET_KEY ??= randomBytes(32).toString('hex');
const API_KEY = 'sk-cascade-measure-0013';
const PAY = { generalist: 40, specialist: 250 };

/** Pairs whose right answer says GOOD (A in even items, B in odd); gold ones carry it. */
function pairs(prefix: string, n: number, gold: boolean) {
  return Array.from({ length: n }, (_, i) => {
    const good = { id: i % 2 ? 'b' : 'a', text: `GOOD answer ${prefix} ${i}` };
    const bad = { id: i % 2 ? 'a' : 'b', text: `weak answer ${prefix} ${i}` };
    return JSON.stringify({
      id: `${prefix}-${i}`,
      type: 'preference',
      domain: 'math',
      prompt: `${prefix} question ${i}`,
      responses: i % 2 ? [bad, good] : [good, bad],
      ...(gold ? { gold: { choice: good.id } } : {}),
    });
  });
}

describe.each(testDatabases())('the cascade measured against each tier on $name', ({ freshUrl, name }) => {
  let h: Harness;
  let standIn: StandIn;
  let manager: Person;
  let cookie: string;
  let projectId: number;
  let url: string;

  /** A person works until the routing has nothing for them; right unless `wrong` names the item. */
  async function work(tutor: Actor, wrong: (ext: string) => boolean) {
    for (;;) {
      const next = await nextAssignment(h.ctx, tutor, projectId);
      if (!next) return;
      const p = next.task.payload as { prompt: string; responses: { id: string; text: string }[] };
      const good = p.responses.find((r) => r.text.includes('GOOD'))!.id;
      const bad = p.responses.find((r) => r.id !== good)!.id;
      const ext = p.prompt.replace(' question ', '-');
      h.clock.now += 1000;
      await submitAnnotation(h.ctx, tutor, next.assignment.id, { response: { choice: wrong(ext) ? bad : good }, durationMs: 30_000 });
    }
  }

  beforeAll(async () => {
    standIn = await startOpenAiStandIn({
      apiKey: API_KEY,
      respond: seededJudgeReplies({ sharp: { accuracy: 0.75, positionBias: 0, confidence: 0.9 } }, () => 'ready'),
    });
    url = await freshUrl();
    h = await harness(url);
    setModelGateway(h.store, new ModelGateway(h.store, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 100 } }));
    const admin = await addUser(h, { email: 'admin@example.org', role: 'admin' });
    manager = await addUser(h, { email: 'manager@example.org', role: 'manager' });
    cookie = await signIn(h, manager);
    await addModelEndpoint(h.ctx, asActor(admin), {
      name: 'sharp',
      baseUrl: standIn.baseUrl,
      model: 'sharp',
      apiKey: API_KEY,
      priceInputPerMillion: 2,
      priceOutputPerMillion: 4,
      maxConcurrency: 2,
    });
    await addJudge(h.ctx, asActor(admin), { name: 'Sharp judge', endpoint: 'sharp' });
    const project = await createProject(h.ctx, asActor(manager), {
      name: 'cascade measured',
      type: 'preference',
      domains: ['math'],
      overlap: 1,
      goldRate: 0.5,
      payPerTask: 75,
      eligibility: { tiers: ['model', 'generalist', 'specialist'] },
      cascade: {
        tiers: ['model', 'generalist', 'specialist'],
        targetConfidence: 0.9,
        judgments: { model: 1, generalist: 1, specialist: 1 },
      },
    });
    projectId = project.id;
    await importTasks(h.ctx, asActor(manager), projectId, [[...pairs('p', 8, false), ...pairs('g', 3, true)].join('\n')]);
    const run = await runJudgeRun(h.ctx, (await createJudgeRun(h.ctx, asActor(manager), projectId, { judge: 'Sharp judge' })).runId);
    expect(run.state).toBe('done');
    const gen = await addUser(h, { email: 'gen@example.org', tier: 'generalist', payRate: PAY.generalist });
    const spec = await addUser(h, { email: 'spec@example.org', tier: 'specialist', payRate: PAY.specialist });
    await work(asActor(gen), (ext) => ext === 'p-0' || ext === 'p-3' || ext === 'g-1');
    await work(asActor(spec), () => false);
  });
  afterAll(async () => {
    await h.close();
    await standIn.close();
  });

  const get = async (path: string) => {
    const res = await h.app.inject({ method: 'GET', url: path, cookies: { tl_session: cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  /** Every current judgment of the project with its tier, task, gold mark and priced cost (cents). */
  async function judgments() {
    const rows = await h.store.db
      .selectFrom('annotations as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .innerJoin('tasks as t', 't.id', 'n.task_id')
      .leftJoin('judge_verdicts as v', 'v.annotation_id', 'n.id')
      .select(['u.tier', 'u.pay_rate', 't.external_id', 't.is_gold', 'v.cost_usd'])
      .where('n.project_id', '=', projectId)
      .execute();
    return rows.map((r) => ({
      tier: r.tier,
      task: r.external_id,
      gold: r.is_gold === 1,
      cents: r.cost_usd === null ? Number(r.pay_rate) : Number(r.cost_usd) * 100,
      judge: r.cost_usd !== null,
    }));
  }
  const total = (xs: { cents: number }[]) => xs.reduce((s, x) => s + x.cents, 0);

  it('the Cost page prices the judge at its model calls and people at their pay', async () => {
    const all = await judgments();
    const model = all.filter((j) => j.tier === 'model');
    expect(model.length).toBeGreaterThan(0);
    expect(model.every((j) => j.judge)).toBe(true);
    const e = await get(`/api/projects/${projectId}/economics`);
    const row = (tier: string) => e.byTier.find((r: { tier: string }) => r.tier === tier);
    expect(row('model').costCents).toBeCloseTo(total(model), 9);
    expect(row('model').costCents).toBeGreaterThan(0);
    // Not the project's per-task rate (75 ¢ a judgment): a judgment costs a fraction of a cent here.
    expect(row('model').costCents).toBeLessThan(model.length);
    expect(row('generalist').costCents).toBe(total(all.filter((j) => j.tier === 'generalist')));
    expect(row('specialist').costCents).toBe(total(all.filter((j) => j.tier === 'specialist')));
  });

  it('tier-measures compares the cascade with each tier: on the same gold items, and in production as it ran', async () => {
    const all = await judgments();
    const m = await get(`/api/projects/${projectId}/tier-measures`);
    const c = m.cascade;
    expect(c).not.toBeNull();
    const goldTasks = [...new Set(all.filter((j) => j.gold).map((j) => j.task))];
    const common = goldTasks.filter((t) =>
      ['model', 'generalist', 'specialist'].every((tier) => all.some((j) => j.task === t && j.tier === tier)),
    );
    expect(common.length, `${name}: gold judged by every tier`).toBeGreaterThan(0);
    expect(c.gold.items).toBe(common.length);
    expect(c.gold.rows.map((r: { who: string }) => r.who)).toEqual(['cascade', 'model', 'generalist', 'specialist']);
    for (const r of c.gold.rows) expect(r.items).toBe(common.length);
    for (const tier of ['model', 'generalist', 'specialist']) {
      const row = c.gold.rows.find((r: { who: string }) => r.who === tier);
      expect(row.costCents).toBeCloseTo(total(all.filter((j) => j.tier === tier && common.includes(j.task))), 9);
    }
    // Specialists are always right; the cascade replayed costs at least the model's and at most all three.
    expect(c.gold.rows.find((r: { who: string }) => r.who === 'specialist').correct).toBe(common.length);
    const cascadeGold = c.gold.rows[0];
    expect(cascadeGold.costCents).toBeGreaterThanOrEqual(c.gold.rows[1].costCents);
    expect(cascadeGold.costCents).toBeLessThanOrEqual(total(all.filter((j) => common.includes(j.task))) + 1e-9);
    expect(cascadeGold.accuracy.lower).toBeLessThanOrEqual(cascadeGold.accuracy.value);

    const production = all.filter((j) => !j.gold);
    const items = new Set(production.map((j) => j.task));
    const cascadeRow = c.production.rows.find((r: { who: string }) => r.who === 'cascade');
    expect(cascadeRow.items).toBe(items.size);
    expect(cascadeRow.costCents).toBeCloseTo(total(production), 9);
    for (const tier of ['model', 'generalist', 'specialist']) {
      const own = production.filter((j) => j.tier === tier);
      const row = c.production.rows.find((r: { who: string }) => r.who === tier);
      expect(row.items).toBe(new Set(own.map((j) => j.task)).size);
      expect(row.costCents).toBeCloseTo(total(own), 9);
    }
    // The generalist was wrong on p-0 and p-3, which went on to the specialist, who is right: its consensus wins there.
    expect(c.production.rows.find((r: { who: string }) => r.who === 'specialist').items).toBeGreaterThanOrEqual(2);
  });

  it('the report prints the table; a project without a cascade has none', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tutorloop-cascade-report-'));
    await runReport({ project: 'cascade measured', db: url, out });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Cascade against each tier');
    expect(md).toMatch(/\| cascade \| \d+ \|/);
    const plain = await createProject(h.ctx, asActor(manager), { name: 'no cascade', type: 'preference', domains: ['math'] });
    expect((await get(`/api/projects/${plain.id}/tier-measures`)).cascade).toBeNull();
  });
});
