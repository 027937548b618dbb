/**
 * Reliability-aware routing on both databases: a tutor trusted in a domain is sent that domain's
 * uncertain items before the normal order would send them elsewhere; a tutor below the floor in a
 * domain gets no new work there but still gets it in other domains, and a 403 naming the domains
 * when none is left; too little evidence never triggers either. Reliability rows are seeded through
 * the repository (routing's input); uncertainty comes from real submissions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/domain/errors.js';
import { createProject, importTasks, listProjectsForTutor, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import { saveReliability } from '../../../src/store/repositories/reliability.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('reliability-aware routing on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function seed(userId: number, domain: string, reliability: number, goldTotal: number, modelLabels = 0) {
    await saveReliability(h.store.db, [
      {
        userId,
        domain,
        goldTotal,
        goldCorrect: Math.round(goldTotal * reliability),
        modelAccuracy: null,
        modelLabels,
        reliability,
        updatedAt: h.clock.now(),
      },
    ]);
  }

  async function setup(quality: object) {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, {
      name: 'two domains',
      type: 'preference',
      domains: ['law', 'medicine'],
      overlap: 2,
      quality,
    });
    await importTasks(
      h.ctx,
      manager,
      project.id,
      lines(
        preferenceLine('law1', { domain: 'law' }),
        preferenceLine('med1', { domain: 'medicine' }),
        preferenceLine('law2', { domain: 'law' }),
        preferenceLine('med2', { domain: 'medicine' }),
      ),
    );
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    const take = async (t: Actor) => {
      const n = await nextAssignment(h.ctx, t, project.id);
      return n ? { id: n.assignment.id, task: ext.get(n.task.id)! } : null;
    };
    const judge = async (t: Actor, choice = 'a') => {
      const n = (await take(t))!;
      await submitAnnotation(h.ctx, t, n.id, { response: { choice }, durationMs: 1000 });
      return n.task;
    };
    return { project, take, judge };
  }

  it('uncertain items in a domain go first to the tutor trusted there', async () => {
    const { take, judge } = await setup({
      adaptiveOverlap: { targetConfidence: 0.95, minJudgments: 2, maxJudgments: 4 },
      trustedReliability: 0.85,
    });
    const [u1, u2, u3, trusted] = [await addUser(h.store), await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await seed(trusted.id, 'medicine', 0.95, 10);
    await seed(trusted.id, 'law', 0.7, 10);
    // law1 gets two agreeing judgments (0.92 < 0.95: still uncertain, target 3); med1 gets one (uncertain, target 2).
    expect(await judge(u1)).toBe('law1');
    expect(await judge(u1)).toBe('med1');
    expect(await judge(u2)).toBe('law1');
    const uncertain = await h.store.db
      .selectFrom('tasks')
      .select(['external_id', 'uncertain', 'target_judgments'])
      .where('uncertain', '=', 1)
      .orderBy('id')
      .execute();
    expect(uncertain).toEqual([
      { external_id: 'law1', uncertain: 1, target_judgments: 3 },
      { external_id: 'med1', uncertain: 1, target_judgments: 2 },
    ]);
    // The normal order (most judgments first) would give law1; the tutor trusted in medicine gets med1.
    expect((await take(trusted))!.task).toBe('med1');
    // Control: a tutor without that trust, asking right after, gets the normal order's pick.
    expect((await take(u3))!.task).toBe('law1');
  });

  it('a tutor below the floor gets no new work in that domain, still in others; 403 naming the domains when none is left', async () => {
    const { project, take } = await setup({ reliabilityFloor: 0.6 });
    const [weakInLaw, weakEverywhere, newcomer] = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await seed(weakInLaw.id, 'law', 0.4, 10);
    await seed(weakInLaw.id, 'medicine', 0.9, 10);
    await seed(weakEverywhere.id, 'law', 0.3, 0, 40);
    await seed(weakEverywhere.id, 'medicine', 0.5, 8);
    // Low, but on two gold answers and three labels: not enough evidence to act on.
    await seed(newcomer.id, 'law', 0.2, 2, 3);

    const drain = async (t: Actor) => {
      const served: string[] = [];
      for (let n = await take(t); n; n = await take(t)) {
        served.push(n.task);
        await submitAnnotation(h.ctx, t, n.id, { response: { choice: 'a' }, durationMs: 1000 });
      }
      return served.sort();
    };
    expect(await drain(weakInLaw)).toEqual(['med1', 'med2']);

    // The project list agrees with `next`: nothing is left for a tutor below the floor everywhere.
    const listed = async (t: Actor) => (await listProjectsForTutor(h.ctx, t)).find((p) => p.id === project.id)?.available;
    expect(await listed(weakEverywhere)).toBe(0);
    expect(await listed(newcomer)).toBe(4);
    const refused = nextAssignment(h.ctx, weakEverywhere, project.id);
    await expect(refused).rejects.toBeInstanceOf(ForbiddenError);
    await expect(nextAssignment(h.ctx, weakEverywhere, project.id)).rejects.toThrow(/law, medicine/);

    expect(await drain(newcomer)).toEqual(['law1', 'law2', 'med1', 'med2']);
  });
});
