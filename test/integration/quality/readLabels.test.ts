/**
 * The consensus batch's reading in a worker thread (services/consensus/readLabels.ts, SQLite files only)
 * gives exactly what reading on the batch's thread gives: every domain's tasks (in first-seen order, gold
 * and gold class, classes), labels (in annotation order, corrections replacing what they supersede,
 * answers without a class left out), a label project's label sets and the cascade's per-task judgments,
 * whether the worker reads the pages' tasks, the batch's thread does, or whichever is ahead. Each
 * project spans two pages of judgments and two domains.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { readBatchLabels } from '../../../src/services/consensus/readLabels.js';
import { findProject } from '../../../src/store/repositories/projects.js';
import { maxAnnotationId } from '../../../src/store/repositories/consensus.js';
import { freshSqlitePath } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

const TASKS = 2_000;
const TUTORS = 3;

/** Every domain's tasks and encoded labels, the label sets, the count and the per-task judgments, comparable. */
async function read(h: Harness, projectId: number, options: { inWorker: boolean; workerReadsTasks?: boolean }) {
  const project = (await findProject(h.store.db, projectId))!;
  const upTo = await maxAnnotationId(h.store.db, projectId);
  const r = await readBatchLabels(h.store, projectId, project.config, upTo, { ...options, judged: true });
  return {
    domains: [...r.labels.domains].map(([domain, d]) => ({
      domain,
      tasks: [...d.tasks()],
      encoded: d.encode(),
      classes: [...d.extraClasses],
    })),
    labelsSeen: [...r.labelsSeen],
    annotations: r.annotations,
    judged: [...r.judged!],
  };
}

/** Judgments tutor by tutor (a task's on different pages); `answer(taskId, k)` is tutor k's response JSON. */
async function judge(h: Harness, projectId: number, answer: (task: string, k: number) => string) {
  for (let k = 0; k < TUTORS; k++) {
    const tutor = await addUser(h.store, { domains: ['general', 'math'] });
    await sql`INSERT INTO assignments (task_id, project_id, user_id, state, leased_at, expires_at, finished_at)
      SELECT t.id, t.project_id, ${tutor.id}, 'submitted', 1, 2, 3 FROM tasks t WHERE t.project_id = ${projectId} ORDER BY t.id`.execute(
      h.store.db,
    );
    await sql`INSERT INTO annotations (assignment_id, task_id, project_id, user_id, response, duration_ms, created_at)
      SELECT a.id, a.task_id, a.project_id, a.user_id, ${sql.raw(answer('a.task_id', k))}, 1000, 3
      FROM assignments a WHERE a.project_id = ${projectId} AND a.user_id = ${tutor.id} ORDER BY a.id`.execute(h.store.db);
  }
  // A correction of every tenth task's first judgment: it replaces the original, whose class must not count.
  await sql`INSERT INTO annotations (assignment_id, task_id, project_id, user_id, response, duration_ms, created_at, supersedes_id)
    SELECT n.assignment_id, n.task_id, n.project_id, n.user_id, ${sql.raw(answer('n.task_id + 1', 0))}, 500, 4, n.id
    FROM annotations n WHERE n.project_id = ${projectId} AND n.task_id % 10 = 0 AND n.user_id = (SELECT min(user_id) FROM annotations WHERE project_id = ${projectId})`.execute(
    h.store.db,
  );
}

describe('the consensus batch read in a worker thread on SQLite', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('reads a preference project with gold and answers without a class as the batch thread does', async () => {
    h = await harness(`sqlite:${freshSqlitePath()}`);
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'pref',
      type: 'preference',
      domains: ['general', 'math'],
      overlap: TUTORS,
      goldRate: 0,
    });
    const taskLines = Array.from({ length: TASKS }, (_, i) =>
      preferenceLine(`t${i}`, { domain: i % 3 === 0 ? 'math' : 'general', ...(i % 50 === 0 ? { gold: i % 100 === 0 ? 'a' : 'b' } : {}) }),
    );
    await importTasks(h.ctx, m, p.id, lines(...taskLines));
    // Mostly "a" or "b" by the task; every 17th judgment an answer without a class (a number for a choice).
    await judge(
      h,
      p.id,
      (task, k) =>
        `CASE WHEN (${task} * 3 + ${k}) % 17 = 0 THEN '{"choice":3}' WHEN (${task} * 7 + ${k}) % 5 < 2 THEN '{"choice":"b"}' ELSE '{"choice":"a","note":"x"}' END`,
    );
    const here = await read(h, p.id, { inWorker: false });
    expect(here.annotations).toBe(TASKS * TUTORS);
    expect(here.domains.map((d) => d.domain).sort()).toEqual(['general', 'math']);
    expect(here.domains.flatMap((d) => d.tasks).filter((t) => t.isGold)).toHaveLength(TASKS / 50);
    for (const workerReadsTasks of [true, false, undefined])
      expect(await read(h, p.id, { inWorker: true, workerReadsTasks })).toEqual(here);
  });

  it('reads a multi-label project, its label sets as first given, as the batch thread does', async () => {
    h = await harness(`sqlite:${freshSqlitePath()}`);
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'labels',
      type: 'label',
      domains: ['general', 'math'],
      labels: ['x', 'y', 'z'],
      overlap: TUTORS,
      goldRate: 0,
    });
    const taskLines = Array.from({ length: TASKS }, (_, i) =>
      JSON.stringify({
        id: `c${i}`,
        type: 'label',
        domain: i % 2 ? 'math' : 'general',
        text: `Clause ${i}.`,
        ...(i % 40 === 0 ? { gold: { labels: ['z'] } } : {}),
      }),
    );
    await importTasks(h.ctx, m, p.id, lines(...taskLines));
    // Label sets in either order: one class, first given as the first response had it.
    await judge(
      h,
      p.id,
      (task, k) =>
        `CASE (${task} + ${k}) % 4 WHEN 0 THEN '{"labels":["y","x"]}' WHEN 1 THEN '{"labels":["x","y"]}' WHEN 2 THEN '{"labels":["z"]}' ELSE '{"labels":[]}' END`,
    );
    const here = await read(h, p.id, { inWorker: false });
    expect(here.annotations).toBe(TASKS * TUTORS);
    expect(new Map(here.labelsSeen).get('x+y')).toHaveLength(2);
    for (const workerReadsTasks of [true, false, undefined])
      expect(await read(h, p.id, { inWorker: true, workerReadsTasks })).toEqual(here);
  });
});
