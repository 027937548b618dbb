/**
 * The task browser's "confidence below x" filter and the Cost page's count of tasks at the target run on
 * each database's confidence index (store/consensusBands.ts: SQLite's bands, migration 048; PostgreSQL's
 * plain index, 049): they must find exactly the rows whose confidence is below (at least) x, at the
 * bands' edges too (0.57 × 100 is 56.99999999999999 in binary floating point), and the database must
 * answer them from that index (a query whose expression differs from the index's would read every row).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { browseTasks } from '../../../src/services/tasks/browseTasks.js';
import { countTasks } from '../../../src/services/tasks/taskActions.js';
import { createProject, importTasks } from '../../../src/services/index.js';
import { TaskBrowseQuery } from '../../../src/domain/api/taskBrowser.js';
import { countAtLeast, taskIdsBelow } from '../../../src/store/consensusBands.js';
import { storedItemCounts } from '../../../src/store/repositories/economics.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, modelConsensusRow, preferenceLine, type Harness } from '../../support/fixtures.js';
import { saveModelConsensus } from '../../../src/store/repositories/consensus.js';

const CONFIDENCES = [0, 0.005, 0.0099999, 0.01, 0.1, 0.29, 0.3, 0.5, 0.57, 0.58, 0.7999999, 0.8, 0.8000001, 0.955, 0.99, 0.995, 1];

describe.each(testDatabases())('confidence bands on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it("finds exactly the tasks below, and counts those at least, each bound, at and around every band edge, from each database's confidence index", async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'bands', type: 'preference', domains: ['general'], overlap: 1, goldRate: 0 });
    await importTasks(h.ctx, m, p.id, lines(...CONFIDENCES.map((_, i) => preferenceLine(`b-${i}`))));
    const tasks = await h.store.db.selectFrom('tasks').select('id').where('project_id', '=', p.id).orderBy('id').execute();
    const confidenceOf = new Map(tasks.map((t, i) => [t.id, CONFIDENCES[i]]));
    await saveModelConsensus(
      h.store.db,
      [...confidenceOf].map(([taskId, confidence]) => modelConsensusRow(h, p.id, taskId, 'a', confidence, 3)),
    );

    const bounds = [...new Set(CONFIDENCES.flatMap((c) => [c, c + 1e-9, c - 1e-9, c + 0.004, c - 0.004]))].filter((b) => b >= 0 && b <= 1);
    for (const below of bounds) {
      const expected = [...confidenceOf].filter(([, c]) => c < below).map(([id]) => id);
      const page = await browseTasks(h.ctx, p.id, TaskBrowseQuery.parse({ confidenceBelow: String(below), limit: '100' }));
      expect(
        page.tasks.map((t) => t.id),
        `below ${below}`,
      ).toEqual(expected);
      expect(await countTasks(h.ctx, p.id, { confidenceBelow: below })).toEqual({ count: expected.length });
      const atLeast = [...confidenceOf.values()].filter((c) => c >= below).length;
      const [counted] = (await countAtLeast(h.store.dialect, p.id, below).execute(h.store.db)).rows;
      expect(Number(counted.n), `at least ${below}`).toBe(atLeast);
      // The Cost page's count of tasks at the target (no gold, no reviewer's verdict here: every row at it).
      expect((await storedItemCounts(h.store.db, h.store.dialect, p.id, below)).reached).toBe(atLeast);
    }

    // Each part of each query is a range of its database's index; the counts never read a row outside the bound's band.
    const dialect = h.store.dialect;
    for (const query of [taskIdsBelow(dialect, p.id, 0.5).compile(h.store.db), countAtLeast(dialect, p.id, 0.5).compile(h.store.db)]) {
      if (h.store.dialect === 'sqlite') {
        const plan = (h.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.parameters) as { detail: string }[]).map(
          (r) => r.detail,
        );
        const searches = plan.filter((d) => d.startsWith('SEARCH task_consensus'));
        expect(searches, plan.join('\n')).toHaveLength(2);
        for (const d of searches)
          expect(d).toMatch(/USING (COVERING )?INDEX task_consensus_confidence_band \(project_id=\? AND <expr>[<>=]\?\)/);
        if (query.sql.includes('count(*)')) expect(searches[0]).toContain('COVERING INDEX');
      } else {
        // A table this small is read whole unless told not to: the plan shows whether the index can serve.
        const plan = await h.store.db.transaction().execute(async (trx) => {
          await sql`SET LOCAL enable_seqscan = off`.execute(trx);
          return trx.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `EXPLAIN ${query.sql}` });
        });
        const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(text.match(/using task_consensus_confidence on task_consensus/gi), text).toHaveLength(1);
        if (query.sql.includes('count(*)')) expect(text).toMatch(/Index Only Scan using task_consensus_confidence /);
        // 049 dropped the bands here: their expression cost each consensus upsert.
        const indexes = await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE tablename = 'task_consensus'`.execute(
          h.store.db,
        );
        expect(indexes.rows.map((r) => r.indexname)).not.toContain('task_consensus_confidence_band');
      }
    }
  });
});
