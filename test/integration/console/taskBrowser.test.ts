/**
 * The managers' task browser (issue 15): filters by state, domain, gold and import-id prefix run in
 * SQL, states agree with the project's stats, and keyset pages cover every task once, in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { browseTasks } from '../../../src/services/tasks/browseTasks.js';
import { countTasks } from '../../../src/services/tasks/taskActions.js';
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

  it('searches import ids by prefix in code-point order: case, accents, emoji, % and _ taken literally, and counts alike', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'search', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
    const ids = ['g-1', 'g-10', 'g-2', 'gx', 'G-1', 'é-1', 'e-1', '😀-1', '😀-2', '😁', 'a%b', 'a_b', 'ab', 'z\u{10FFFF}', 'z\u{10FFFF}x'];
    await importTasks(h.ctx, m, p.id, lines(...ids.map((id) => preferenceLine(id))));
    const found = async (q: string) => {
      const got = (await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse({ q, limit: '200' }))).tasks.map((t) => t.externalId);
      expect((await countTasks(h.ctx, p.id, { q })).count, q).toBe(got.length);
      return got.sort();
    };
    expect(await found('g-1')).toEqual(['g-1', 'g-10']);
    expect(await found('g')).toEqual(['g-1', 'g-10', 'g-2', 'gx']);
    expect(await found('G')).toEqual(['G-1']);
    expect(await found('é')).toEqual(['é-1']);
    expect(await found('😀')).toEqual(['😀-1', '😀-2']);
    expect(await found('a_')).toEqual(['a_b']);
    expect(await found('a%')).toEqual(['a%b']);
    expect(await found('z\u{10FFFF}')).toEqual(['z\u{10FFFF}', 'z\u{10FFFF}x']);
    expect(await found('q')).toEqual([]);
  });

  it('filters by the tutor who judged and by consensus confidence, in SQL, and counts alike', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'filters', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(...Array.from({ length: 6 }, (_, i) => preferenceLine(`f-${i}`))));
    const [a, b, c] = [await addUser(h.store, {}), await addUser(h.store, {}), await addUser(h.store, {})];
    const judge = async (who: typeof a, choice: string) => {
      const lease = await nextAssignment(h.ctx, who, p.id);
      await submitAnnotation(h.ctx, who, lease!.assignment.id, { response: { choice }, durationMs: 1000 });
      return lease!.task.id;
    };
    // Agreement on one task, a split on another; c alone judges a third.
    const agreed = await judge(a, 'a');
    expect(await judge(b, 'a')).toBe(agreed);
    const split = await judge(a, 'a');
    expect(await judge(b, 'b')).toBe(split);
    const third = await judge(c, 'b');
    // The stored consensus the quality job writes (this project runs no quality policy of its own).
    const confidence = new Map([
      [agreed, 0.95],
      [split, 0.5],
    ]);
    for (const [taskId, conf] of confidence)
      await h.store.db
        .insertInto('task_consensus')
        .values({
          task_id: taskId,
          project_id: p.id,
          method: 'majority_vote',
          method_version: '1',
          label: '{"choice":"a"}',
          confidence: conf,
          annotator_count: 2,
          source: 'model',
          review_id: null,
          computed_at: 0,
        })
        .execute();

    const ids = async (q: Record<string, string>) => (await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse(q))).tasks.map((t) => t.id);
    expect(await ids({ tutor: String(c.id) })).toEqual([third]);
    expect(await ids({ tutor: String(a.id) })).toEqual([agreed, split].sort((x, y) => x - y));
    const between = String((confidence.get(split)! + confidence.get(agreed)!) / 2);
    expect(await ids({ confidenceBelow: between, tutor: String(a.id) })).toEqual([split]);
    expect(await ids({ confidenceAtLeast: between })).toEqual([agreed]);
    // Paged one by one, the tutor filter still covers each task once.
    const first = await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse({ tutor: String(a.id), limit: '1' }));
    const second = await browseTasks(
      h.ctx,
      p.id,
      TaskBrowseQuery.parse({ tutor: String(a.id), limit: '1', after: String(first.nextAfter) }),
    );
    expect([...first.tasks, ...second.tasks].map((t) => t.id)).toEqual([agreed, split].sort((x, y) => x - y));
    expect(await countTasks(h.ctx, p.id, { tutor: a.id, confidenceBelow: Number(between) })).toEqual({ count: 1 });
  });
});
