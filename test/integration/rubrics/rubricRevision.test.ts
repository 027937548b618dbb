/**
 * A manager revises an approved rubric (both databases): the authoring task of version N+1 is added
 * (audited; opening it again adds nothing; a version not yet approved cannot be revised), gradings
 * of version N keep it, and grading tasks for N+1 appear only once N+1 is approved, carrying its
 * criteria; the list shows the newest version of each item. (Route × role: routeRoles.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/domain/errors.js';
import { exportProject, nextAssignment } from '../../../src/services/index.js';
import { listRubrics, reviseRubric } from '../../../src/services/rubrics/reviseRubric.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness } from '../../support/fixtures.js';
import { CRITERIA, gradeResponse, rubricFlow, work } from '../../support/rubricFlow.js';

describe.each(testDatabases())('revising an approved rubric on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('opens version N+1 for authoring; gradings keep N; new grading tasks use N+1 once approved', async () => {
    h = await harness(await freshUrl());
    const f = await rubricFlow(h);
    const [alice, bob] = f.authors;
    const manager = await addUser(h.store, { role: 'manager' });
    await work(h, alice, f.authoring, () => ({ stage: 'author', criteria: CRITERIA.slice(0, 2) }));
    await work(h, bob, f.authoring, () => ({ stage: 'review', decision: 'approve' }));
    const gradedV1 = await work(h, f.graders[0], f.grading, gradeResponse({ a: ['c1', 'c2'], b: [] }));
    expect(gradedV1.rubric).toEqual({ item: 'med-1', version: 1 });

    await expect(reviseRubric(h.ctx, f.graders[0], f.authoring, { item: 'med-1', reason: 'x' })).rejects.toThrow(/only a manager/);
    const opened = await reviseRubric(h.ctx, manager, f.authoring, { item: 'med-1', reason: 'add: ask a clinician' });
    expect(opened).toEqual({ item: 'med-1', version: 2, authoringTask: 'med-1#v2', created: true });
    expect(await reviseRubric(h.ctx, manager, f.authoring, { item: 'med-1', reason: 'add: ask a clinician' })).toMatchObject({
      created: false,
    });
    const audit = await h.store.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('action', '=', 'rubric.revise').execute();
    expect(audit.map((a) => [a.actor_id, JSON.parse(a.detail)])).toEqual([
      [manager.id, { item: 'med-1', fromVersion: 1, version: 2, reason: 'add: ask a clinician' }],
    ]);

    // The specialist sees version 1's criteria and the manager's reason, and writes version 2.
    const authoring = await work(h, alice, f.authoring, (p) => {
      expect(p.revises).toMatchObject({ version: 1, comment: 'add: ask a clinician', criteria: [{ id: 'c1' }, { id: 'c2' }] });
      return { stage: 'author', criteria: CRITERIA };
    });
    expect(authoring.rubric).toEqual({ item: 'med-1', version: 2 });
    // Pending: not revisable, and no grading task for it yet; the second grader still grades version 1.
    await expect(reviseRubric(h.ctx, manager, f.authoring, { item: 'med-1', reason: 'again' })).rejects.toBeInstanceOf(ConflictError);
    const stillV1 = await nextAssignment(h.ctx, f.graders[1], f.grading);
    expect((stillV1!.task.payload as { rubric: unknown }).rubric).toEqual({ item: 'med-1', version: 1 });

    await work(h, bob, f.authoring, () => ({ stage: 'review', decision: 'approve' }));
    const grading = await h.store.db
      .selectFrom('tasks')
      .select(['external_id', 'payload'])
      .where('project_id', '=', f.grading)
      .orderBy('id')
      .execute();
    expect(grading.map((t) => [t.external_id, JSON.parse(t.payload).rubric.version, JSON.parse(t.payload).criteria.length])).toEqual([
      ['med-1#v1', 1, 2],
      ['med-1#v2', 2, 3],
    ]);
    const list = await listRubrics(h.ctx, manager, f.authoring);
    expect(list.rubrics.map((r) => [r.item, r.version, r.status, r.criteria.length])).toEqual([['med-1', 2, 'approved', 3]]);

    // The grading of version 1 keeps its version and criteria in the export.
    const rows: Record<string, unknown>[] = [];
    for await (const line of await exportProject(h.ctx, f.grading, 'rubric-grades')) rows.push(JSON.parse(line));
    expect(rows.map((r) => [r.response_id, r.rubric, (r.verdicts as unknown[]).length])).toEqual([
      ['a', { item: 'med-1', version: 1 }, 2],
      ['b', { item: 'med-1', version: 1 }, 2],
    ]);
  });
});
