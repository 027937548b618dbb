/**
 * The cascade through the real services (issue 13 §4), on both databases: routing serves each tier only
 * the tasks at its level; a task moves up exactly when the rule names it (live after each submit, and
 * by the consensus batch); the budget stops it; gold still reaches every tier; no tutor sees the cascade.
 *
 * Reliabilities are set by hand so the rule's outcome is known: judge A is measured at 0.95 in
 * `general`, everyone else is unmeasured (0.7). Judgment alone: A's 0.95 ≥ 0.9 stays, B's 0.7 moves up.
 * B 'a' + two generalists 'a': 0.7³ / (0.7³ + 0.3³) = 0.927 stays; two generalists 'b' disagree with B.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createProject,
  importTasks,
  listProjectsForCaller,
  nextAssignment,
  recomputeProjectConsensus,
  submitAnnotation,
  updateProject,
} from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import type { CascadePolicyInput } from '../../../src/domain/projects.js';
import { saveReliability } from '../../../src/store/repositories/reliability.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, preferenceLine, type Harness } from '../../support/fixtures.js';

const CASCADE: CascadePolicyInput = {
  tiers: ['model', 'generalist', 'specialist'],
  targetConfidence: 0.9,
  expertOnly: ['medicine'],
  judgments: { model: 1, specialist: 1 },
};

describe.each(testDatabases())('the cascade on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(cascade: CascadePolicyInput | undefined, lines: string[], goldRate = 0) {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, {
      name: 'cascade',
      type: 'preference',
      domains: ['general', 'medicine'],
      overlap: 2,
      goldRate,
      eligibility: { tiers: ['model', 'generalist', 'specialist'] },
      ...(cascade ? { cascade } : {}),
    });
    await importTasks(h.ctx, manager, project.id, [lines.join('\n')]);
    const ids = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    return { manager, project, ids };
  }

  /** Each tutor in turn asks for work until a whole round finds none; `answer` decides by external id. */
  async function work(projectId: number, tutors: Actor[], ids: Map<number, string>, answer: (ext: string) => 'a' | 'b') {
    const got = new Map<number, string[]>(tutors.map((t) => [t.id, []]));
    for (let served = 1; served > 0; ) {
      served = 0;
      for (const tutor of tutors) {
        const next = await nextAssignment(h.ctx, tutor, projectId);
        if (!next) continue;
        served++;
        // Blind: the tutor gets the lease and the task as imported, nothing about tiers or levels.
        expect(Object.keys(next).sort()).toEqual(['assignment', 'task']);
        expect(JSON.stringify(next)).not.toMatch(/cascade|tier|model|specialist|generalist/i);
        const ext = ids.get(next.task.id)!;
        got.get(tutor.id)!.push(ext);
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, tutor, next.assignment.id, { response: { choice: answer(ext) }, durationMs: 20_000 });
      }
    }
    return got;
  }

  const tiersOf = async () =>
    new Map(
      (await h.store.db.selectFrom('tasks').select(['external_id', 'cascade_tier']).where('is_gold', '=', 0).execute()).map((r) => [
        r.external_id,
        r.cascade_tier,
      ]),
    );
  const regular = (list: string[]) => list.filter((e) => !e.startsWith('gold')).sort();

  it('serves each tier only the tasks at its level and moves up exactly the ones the rule names', async () => {
    const general = Array.from({ length: 8 }, (_, i) => `g${i}`);
    const lines = [
      ...general.map((id) => preferenceLine(id)),
      preferenceLine('m0', { domain: 'medicine' }),
      preferenceLine('m1', { domain: 'medicine' }),
      preferenceLine('gold0', { gold: 'a' }),
      preferenceLine('gold1', { gold: 'a' }),
    ];
    // Gold rate 0.5: each tutor's gold quota is about their real work (routing/goldMixing.ts), at least one.
    const { project, ids } = await setup(CASCADE, lines, 0.5);
    const judgeA = await addUser(h.store, { tier: 'model' });
    const judgeB = await addUser(h.store, { tier: 'model' });
    const gens = [await addUser(h.store, { tier: 'generalist' }), await addUser(h.store, { tier: 'generalist' })];
    const spec = await addUser(h.store, { tier: 'specialist' });
    const at = h.clock.now();
    await saveReliability(h.store.db, [
      {
        userId: judgeA.id,
        domain: 'general',
        goldTotal: 0,
        goldCorrect: 0,
        modelAccuracy: 0.95,
        modelLabels: 50,
        reliability: 0.95,
        updatedAt: at,
      },
    ]);
    const start = await tiersOf();
    expect([...start.values()].sort()).toEqual([...Array(8).fill('model'), 'specialist', 'specialist']);

    // The tutor's project view names no cascade.
    const seen = await listProjectsForCaller(h.ctx, judgeA);
    expect(seen.map((p) => p.id)).toEqual([project.id]);
    expect('cascade' in seen[0]).toBe(false);

    const models = await work(project.id, [judgeA, judgeB], ids, () => 'a');
    const byA = regular(models.get(judgeA.id)!),
      byB = regular(models.get(judgeB.id)!);
    // Level 0: every general task once, no medicine (expert-only starts at the specialists).
    expect([...byA, ...byB].sort()).toEqual(general);
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
    const afterModels = await tiersOf();
    for (const e of general) expect([e, afterModels.get(e)]).toEqual([e, byB.includes(e) ? 'generalist' : 'model']);

    const even = (e: string) => Number(e.slice(1)) % 2 === 0;
    const byGens = await work(project.id, gens, ids, (e) => (even(e) ? 'b' : 'a'));
    // Exactly the escalated tasks reach the generalists, each to both (two judgments at that tier).
    for (const g of gens) expect(regular(byGens.get(g.id)!)).toEqual(byB);
    const toSpecialists = [...byB.filter(even), 'm0', 'm1'].sort();
    const afterGens = await tiersOf();
    expect(
      [...afterGens]
        .filter(([, t]) => t === 'specialist')
        .map(([e]) => e)
        .sort(),
    ).toEqual(toSpecialists);

    const bySpec = await work(project.id, [spec], ids, () => 'a');
    expect(regular(bySpec.get(spec.id)!)).toEqual(toSpecialists);

    // Gold is outside the cascade: every tutor of every tier met gold. No tutor twice on a task.
    for (const t of [judgeA, judgeB, ...gens, spec]) {
      const all = [...models, ...byGens, ...bySpec].filter(([id]) => id === t.id).flatMap(([, list]) => list);
      expect(all.filter((e) => e.startsWith('gold')).length).toBeGreaterThan(0);
      expect(new Set(all).size).toBe(all.length);
    }
    // Overlap per tier: model 1, generalist 2 (the project's overlap), specialist 1.
    const counts = new Map(
      (await h.store.db.selectFrom('tasks').select(['external_id', 'submitted_count']).where('is_gold', '=', 0).execute()).map((r) => [
        r.external_id,
        Number(r.submitted_count),
      ]),
    );
    for (const e of general) {
      const expected = 1 + (byB.includes(e) ? 2 : 0) + (toSpecialists.includes(e) ? 1 : 0);
      expect([e, counts.get(e)]).toEqual([e, expected]);
    }
    expect([counts.get('m0'), counts.get('m1')]).toEqual([1, 1]);
  });

  it('the budget stops escalation once the project has spent it', async () => {
    // Tutors are paid 100 ¢ a judgment: after one judgment 100 < 250, after two 200 < 250, after three 300.
    const { project, ids } = await setup(
      { ...CASCADE, budgetCents: 250 },
      ['t0', 't1', 't2'].map((id) => preferenceLine(id)),
    );
    const judge = await addUser(h.store, { tier: 'model' });
    const order: string[] = [];
    for (let next = await nextAssignment(h.ctx, judge, project.id); next; next = await nextAssignment(h.ctx, judge, project.id)) {
      order.push(ids.get(next.task.id)!);
      await submitAnnotation(h.ctx, judge, next.assignment.id, { response: { choice: 'a' }, durationMs: 5000 });
    }
    expect(order).toHaveLength(3);
    const tiers = await tiersOf();
    expect(order.map((e) => tiers.get(e))).toEqual(['generalist', 'generalist', 'model']);
  });

  it('a cascade switched on by PATCH places judged tasks, and the consensus batch moves them up', async () => {
    const { manager, project, ids } = await setup(
      undefined,
      ['t0', 't1', 't2'].map((id) => preferenceLine(id)),
    );
    const judge = await addUser(h.store, { tier: 'model' });
    await updateProject(h.ctx, manager, project.id, { overlap: 1 });
    const judged = await work(project.id, [judge], ids, () => 'a');
    expect(regular(judged.get(judge.id)!)).toEqual(['t0', 't1', 't2']);
    expect([...(await tiersOf()).values()]).toEqual([null, null, null]);

    await updateProject(h.ctx, manager, project.id, {
      overlap: 2,
      cascade: { ...CASCADE, tiers: ['model', 'generalist'], judgments: { model: 1 } },
    });
    // Placed at the model tier, which has judged them: nothing is served until a decision moves them.
    expect([...(await tiersOf()).values()]).toEqual(['model', 'model', 'model']);
    const gen = await addUser(h.store, { tier: 'generalist' });
    expect(await nextAssignment(h.ctx, gen, project.id)).toBeNull();
    // The batch measures the judge (one label per task: reliability stays near the 0.7 prior) and moves every task up.
    await recomputeProjectConsensus(h.ctx, project.id);
    expect([...(await tiersOf()).values()]).toEqual(['generalist', 'generalist', 'generalist']);
    const byGen = await work(project.id, [gen], ids, () => 'a');
    expect(regular(byGen.get(gen.id)!)).toEqual(['t0', 't1', 't2']);

    // Switched off: every task back to the project's overlap and open to every tier.
    await updateProject(h.ctx, manager, project.id, { cascade: null });
    expect([...(await tiersOf()).values()]).toEqual([null, null, null]);
  });
});
