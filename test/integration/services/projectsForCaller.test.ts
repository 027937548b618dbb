/**
 * Which projects a caller sees: managers get every project with the same stats `projectStats` gives
 * one project (read for all projects in a fixed number of grouped queries), tutors the projects open
 * to them without stats, and a project that does not admit them is "not found".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/domain/errors.js';
import {
  createProject,
  importTasks,
  listProjectsForCaller,
  nextAssignment,
  projectForCaller,
  projectStats,
  submitAnnotation,
  updateProject,
} from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

const DAY = 86_400_000;

describe.each(testDatabases())('projects for a caller on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('managers: every project, each with exactly the stats projectStats gives it', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const pair = await createProject(h.ctx, m, { name: 'pair', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0 });
    const adaptive = await createProject(h.ctx, m, {
      name: 'adaptive',
      type: 'preference',
      domains: ['general'],
      overlap: 3,
      goldRate: 0.2,
      quality: { adaptiveOverlap: { targetConfidence: 0.99, minJudgments: 1, maxJudgments: 3 } },
    });
    const empty = await createProject(h.ctx, m, { name: 'empty', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
    await importTasks(h.ctx, m, pair.id, lines(preferenceLine('p1'), preferenceLine('p2'), preferenceLine('p3')));
    await importTasks(h.ctx, m, adaptive.id, lines(preferenceLine('a1'), preferenceLine('a2'), preferenceLine('g', { gold: 'a' })));
    const tutors = [await addUser(h.store, { name: 'Ada' }), await addUser(h.store, { tier: 'specialist', name: 'Bo' })];
    // Judgments on two days in both projects, and one lease left open (in progress).
    for (const [day, projectId] of [
      [0, pair.id],
      [1, adaptive.id],
      [1, pair.id],
    ] as const) {
      h.clock.advance(day * DAY);
      for (const [i, t] of tutors.entries()) {
        const n = await nextAssignment(h.ctx, t, projectId);
        if (!n) continue;
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: { choice: 'a' }, durationMs: 1000 * (i + 2) });
      }
    }
    expect(await nextAssignment(h.ctx, tutors[0], adaptive.id)).not.toBeNull();

    const listed = await listProjectsForCaller(h.ctx, m);
    expect(listed.map((p) => p.name).sort()).toEqual(['adaptive', 'empty', 'pair']);
    for (const p of listed) expect(p.stats, p.name).toEqual(await projectStats(h.ctx, p.id));
    const byName = new Map(listed.map((p) => [p.name, p]));
    expect(byName.get('empty')!.stats).toEqual({
      tasks: { total: 0, gold: 0, done: 0, inProgress: 0, left: 0 },
      judgmentsPerDay: [],
      perTutor: [],
    });
    expect(byName.get('pair')!.stats!.judgmentsPerDay.length).toBe(2);
    expect(byName.get('adaptive')!.stats!.tasks.total).toBe(3);
    expect(byName.get('adaptive')!.stats!.tasks.inProgress).toBeGreaterThan(0);
    // Every task is in exactly one state: an in-progress task is not also counted as left.
    for (const p of listed) {
      const t = p.stats!.tasks;
      expect(t.gold + t.done + t.inProgress + t.left, p.name).toBe(t.total);
    }
    expect(await projectForCaller(h.ctx, m, empty.id)).toMatchObject({ id: empty.id, name: 'empty' });
  });

  it('tutors: the active projects open to them, without stats; any other project is not found', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const open = await createProject(h.ctx, m, { name: 'open', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
    const closed = await createProject(h.ctx, m, { name: 'closed', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
    await updateProject(h.ctx, m, closed.id, { status: 'paused' });
    await importTasks(h.ctx, m, open.id, lines(preferenceLine('t1'), preferenceLine('t2')));
    const tutor = await addUser(h.store);

    const listed = await listProjectsForCaller(h.ctx, tutor);
    expect(listed.map((p) => [p.name, p.available])).toEqual([['open', 2]]);
    expect(listed[0]).not.toHaveProperty('stats');
    expect(await projectForCaller(h.ctx, tutor, open.id)).toMatchObject({ id: open.id, name: 'open' });
    await expect(projectForCaller(h.ctx, tutor, closed.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(projectForCaller(h.ctx, tutor, 999_999)).rejects.toBeInstanceOf(NotFoundError);
  });
});
