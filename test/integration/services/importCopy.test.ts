/**
 * The staging write path (PostgreSQL stages with COPY in its text format): what a file says reaches
 * `tasks` byte for byte, whatever it holds (backslashes, escaped tabs and newlines, quotes, non-ASCII,
 * a literal "\N"), a repeated id within a batch or across batches is staged once, from its first line,
 * and task ids follow the file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks } from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, preferenceLine, type Harness } from '../../support/fixtures.js';

const AWKWARD = ['back\\slash', 'tab\there', 'new\nline\r\n', 'a literal \\N and \\t', '"quoted" é 漢字 🙂', '\\\\double'];

describe.each(testDatabases())('staging rows on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('stores every payload exactly as the file gave it, and a repeated id once', async () => {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, { name: 'copy', type: 'preference', domains: ['general'] });
    const awkward = AWKWARD.map((prompt, i) => preferenceLine(`awk${i}`, { prompt }));
    // 5,100 plain lines span several staging batches on either database (1,000 rows on SQLite, 5,000 on
    // PostgreSQL); the repeats sit in the first batch and across batches (p3 again at the very end).
    const plain = Array.from({ length: 5100 }, (_, i) => preferenceLine(`p${i}`));
    const input = [...awkward, preferenceLine('awk0', { prompt: AWKWARD[0] }), ...plain, preferenceLine('p3', {})].join('\n');
    const result = await importTasks(h.ctx, manager, project.id, [input]);
    expect(result.imported).toBe(AWKWARD.length + plain.length);
    const rows = await h.store.db
      .selectFrom('tasks')
      .select(['external_id', 'payload'])
      .where('project_id', '=', project.id)
      .where('external_id', 'like', 'awk%')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => JSON.parse(r.payload).prompt)).toEqual(AWKWARD);
    // Task ids follow the file, batch after batch.
    const order = await h.store.db.selectFrom('tasks').select('external_id').where('project_id', '=', project.id).orderBy('id').execute();
    expect(order.map((r) => r.external_id)).toEqual([...AWKWARD.map((_, i) => `awk${i}`), ...plain.map((_, i) => `p${i}`)]);
  });
});
