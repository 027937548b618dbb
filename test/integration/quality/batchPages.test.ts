/**
 * The consensus batch reads a project's judgments a page at a time and each task's facts once, asked for
 * as soon as the task's first page arrives, while an earlier page is still being counted (on PostgreSQL
 * the next page and its tasks are read meanwhile). Here every task's three judgments lie on different
 * pages (each tutor judged every task before the next began), so a page names tasks an earlier page
 * asked for: each task must be read once, registered once and given all three of its votes.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { recomputeProjectConsensus } from '../../../src/services/consensus/recomputeProjectConsensus.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

/** More judgments than the batch reads in one page (5,000). */
const TASKS = 2_400;
const TUTORS = 3;

describe.each(testDatabases())('the consensus batch over several pages on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('counts every judgment of every task once, whichever page it lies on', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'pages',
      type: 'preference',
      domains: ['general', 'math'],
      overlap: TUTORS,
      goldRate: 0,
      quality: { consensusMethod: 'mv' },
    });
    const taskLines = Array.from({ length: TASKS }, (_, i) => preferenceLine(`t${i}`, { domain: i % 2 === 0 ? 'general' : 'math' }));
    await importTasks(h.ctx, m, p.id, lines(...taskLines));
    const tutors = [];
    for (let k = 0; k < TUTORS; k++) tutors.push(await addUser(h.store, { domains: ['general', 'math'] }));
    // Tutor by tutor, every task in id order: a task's judgments are TASKS ids apart, on two or three pages.
    for (const [k, tutor] of tutors.entries()) {
      await sql`INSERT INTO assignments (task_id, project_id, user_id, state, leased_at, expires_at, finished_at)
        SELECT t.id, t.project_id, ${tutor.id}, 'submitted', 1, 2, 3 FROM tasks t WHERE t.project_id = ${p.id} ORDER BY t.id`.execute(
        h.store.db,
      );
      // "b" where (task id × 7 + k) mod 5 < 2: a task's majority is "a" or "b" by its id.
      await sql`INSERT INTO annotations (assignment_id, task_id, project_id, user_id, response, duration_ms, created_at)
        SELECT a.id, a.task_id, a.project_id, a.user_id,
          CASE WHEN (a.task_id * 7 + ${k}) % 5 < 2 THEN '{"choice":"b"}' ELSE '{"choice":"a"}' END, 1000, 3
        FROM assignments a WHERE a.project_id = ${p.id} AND a.user_id = ${tutor.id} ORDER BY a.id`.execute(h.store.db);
    }
    await h.store.db.updateTable('tasks').set({ submitted_count: TUTORS, is_open: 0 }).where('project_id', '=', p.id).execute();

    const summary = await recomputeProjectConsensus(h.ctx, p.id);
    expect(summary).toMatchObject({ annotations: TASKS * TUTORS, tasks: TASKS, tutorDomains: TUTORS * 2 });
    const rows = await h.store.db
      .selectFrom('task_consensus')
      .select(['task_id', 'label', 'annotator_count'])
      .where('project_id', '=', p.id)
      .orderBy('task_id')
      .execute();
    expect(rows).toHaveLength(TASKS);
    for (const r of rows) {
      const votesForB = [0, 1, 2].filter((k) => (r.task_id * 7 + k) % 5 < 2).length;
      expect({ task: r.task_id, count: Number(r.annotator_count), label: JSON.parse(r.label).choice }).toEqual({
        task: r.task_id,
        count: TUTORS,
        label: votesForB >= 2 ? 'b' : 'a',
      });
    }
  });
});
