/**
 * The managers' bulk task actions (issue 15), on both databases: re-open serves a done task again,
 * raise priority, send to review (once per manager and task), remove from the exports and restore;
 * a filter-wide action needs the confirmed count; a task of another project is refused by field;
 * every changed task gets its audit event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TaskActionBody } from '../../../src/domain/api/taskActions.js';
import { ConflictError } from '../../../src/domain/errors.js';
import { listAudit } from '../../../src/services/audit.js';
import { createProject, exportProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { applyTaskAction, countTasks } from '../../../src/services/tasks/taskActions.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, inputFailure, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('bulk task actions on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('re-opens, raises priority, sends to review, removes from and restores to the export, audited', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'bulk', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
    const other = await createProject(h.ctx, m, { name: 'other', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(...[0, 1, 2, 3].map((i) => preferenceLine(`g-${i}`)), preferenceLine('gold-1', { gold: 'a' })));
    await importTasks(h.ctx, m, other.id, lines(preferenceLine('elsewhere')));
    const ids = Object.fromEntries(
      (await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((t) => [t.external_id, t.id]),
    );
    const act = (body: object) => applyTaskAction(h.ctx, m, p.id, TaskActionBody.parse(body));

    // Tutor a finishes g-0 (overlap 1): done, closed to routing.
    const [a, b] = [await addUser(h.store, {}), await addUser(h.store, {})];
    const first = await nextAssignment(h.ctx, a, p.id);
    expect(first!.task.id).toBe(ids['g-0']);
    await submitAnnotation(h.ctx, a, first!.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
    expect(await act({ action: 'reopen', taskIds: [ids['g-0'], ids['gold-1']] })).toEqual({ action: 'reopen', matched: 2, changed: 1 });
    const reopened = await h.store.db.selectFrom('tasks').selectAll().where('id', '=', ids['g-0']).executeTakeFirstOrThrow();
    expect({ target: reopened.target_judgments, open: reopened.is_open }).toEqual({ target: 2, open: 1 });
    // Routing serves it again (a judged task first).
    expect((await nextAssignment(h.ctx, b, p.id))!.task.id).toBe(ids['g-0']);

    await act({ action: 'raise_priority', taskIds: [ids['g-2'], ids['g-3']], by: 3 });
    const priorities = await h.store.db
      .selectFrom('tasks')
      .select(['external_id', 'priority'])
      .where('project_id', '=', p.id)
      .orderBy('id')
      .execute();
    expect(priorities.map((t) => Number(t.priority))).toEqual([0, 0, 3, 3, 0]);

    // A filter-wide action: the count first, then the action with it; a stale count is refused.
    const filter = { q: 'g-' };
    expect(await countTasks(h.ctx, p.id, filter)).toEqual({ count: 4 });
    await expect(act({ action: 'send_to_review', filter, expectedCount: 3 })).rejects.toThrow(ConflictError);
    expect(await act({ action: 'send_to_review', filter, expectedCount: 4 })).toEqual({ action: 'send_to_review', matched: 4, changed: 4 });
    expect(await act({ action: 'send_to_review', filter, expectedCount: 4 })).toMatchObject({ changed: 0 });
    const reviews = await h.store.db.selectFrom('reviews').selectAll().where('project_id', '=', p.id).execute();
    expect(reviews.map((r) => [r.reason, r.state, r.flagged_by, r.note])).toEqual(
      Array(4).fill(['flagged', 'open', m.id, 'Sent to review by a manager']),
    );

    const rowsOf = async () => {
      const out = await exportProject(h.ctx, p.id, 'annotations');
      const taskIds: string[] = [];
      for await (const line of out) taskIds.push(JSON.parse(String(line)).taskId);
      return { taskIds, summary: await out.summary() };
    };
    expect((await rowsOf()).taskIds).toContain('g-0');
    expect(await act({ action: 'exclude_from_export', taskIds: [ids['g-0']] })).toMatchObject({ changed: 1 });
    const without = await rowsOf();
    expect(without.taskIds).not.toContain('g-0');
    expect(without.summary.leftOut.excluded).toBe(1);
    await act({ action: 'include_in_export', taskIds: [ids['g-0']] });
    expect((await rowsOf()).taskIds).toContain('g-0');

    const wrong = await inputFailure(act({ action: 'raise_priority', taskIds: [ids['g-1'], ids.elsewhere] }));
    expect(wrong.location.field).toBe('taskIds.1');
    expect(() => TaskActionBody.parse({ action: 'reopen', filter })).toThrow(/expectedCount/);

    const audit = await listAudit(h.ctx, { targetType: 'task', targetId: String(ids['g-0']) });
    expect(audit.events.map((e) => e.action).reverse()).toEqual([
      'task.reopen',
      'task.send_to_review',
      'task.exclude_from_export',
      'task.include_in_export',
    ]);
    expect(audit.events.every((e) => e.actorId === m.id)).toBe(true);
  });
});
