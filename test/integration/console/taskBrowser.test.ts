/**
 * The managers' task browser (issue 15): filters by state, domain, gold and import-id prefix run in
 * SQL, states agree with the project's stats, and keyset pages cover every task once, in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { browseTasks } from '../../../src/services/tasks/browseTasks.js';
import { createProject, importTasks, nextAssignment, projectStats, submitAnnotation } from '../../../src/services/index.js';
import { TaskBrowseQuery } from '../../../src/domain/api/taskBrowser.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('task browser on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('filters in the database, agrees with the stats, and pages by id without repeats', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'browse', type: 'preference', domains: ['general', 'law'], overlap: 2, goldRate: 0 });
    const rows = [
      ...Array.from({ length: 7 }, (_, i) => preferenceLine(`g-${i}`)),
      ...Array.from({ length: 4 }, (_, i) => preferenceLine(`law-${i}`, { domain: 'law' })),
      preferenceLine('gold-1', { gold: 'a' }),
    ];
    await importTasks(h.ctx, m, p.id, lines(...rows));
    // Two tutors finish one task; a third holds a lease on another.
    const [a, b, c] = [await addUser(h.store, {}), await addUser(h.store, {}), await addUser(h.store, {})];
    const first = await nextAssignment(h.ctx, a, p.id);
    await submitAnnotation(h.ctx, a, first!.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
    const second = await nextAssignment(h.ctx, b, p.id);
    await submitAnnotation(h.ctx, b, second!.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
    await nextAssignment(h.ctx, c, p.id);

    const page = (q: Record<string, string>) => browseTasks(h.ctx, p.id, TaskBrowseQuery.parse(q));
    const stats = (await projectStats(h.ctx, p.id)).tasks;
    for (const state of ['done', 'in_progress', 'not_started'] as const) {
      const got = await page({ state, limit: '200' });
      expect(
        got.tasks.every((t) => t.state === state && !t.isGold),
        state,
      ).toBe(true);
      expect(got.tasks.length, state).toBe({ done: stats.done, in_progress: stats.inProgress, not_started: stats.left }[state]);
    }
    expect((await page({ domain: 'law' })).tasks.map((t) => t.externalId)).toEqual(['law-0', 'law-1', 'law-2', 'law-3']);
    expect((await page({ gold: 'true' })).tasks.map((t) => [t.externalId, t.state])).toEqual([['gold-1', 'gold']]);
    expect((await page({ q: 'g-' })).tasks).toHaveLength(7);
    expect((await page({ q: 'g-', domain: 'law' })).tasks).toHaveLength(0);

    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const got = await page({ limit: '5', after: String(after) });
      seen.push(...got.tasks.map((t) => t.id));
      if (got.nextAfter === null) break;
      after = got.nextAfter;
    }
    expect(seen).toHaveLength(rows.length);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    await expect(browseTasks(h.ctx, 99_999, TaskBrowseQuery.parse({}))).rejects.toThrow(/not found|project/i);
  });
});
