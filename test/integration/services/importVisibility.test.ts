/**
 * An import is invisible until the whole file is read and found good, then visible all at once, on
 * either database (SQLite stages its rows; PostgreSQL writes them into `tasks` in one transaction,
 * store/repositories/importDirect.ts). On PostgreSQL, another import adding one of the same ids while
 * the first runs is refused with a clear error and nothing of it kept; imported again, it skips that id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, listTasks } from '../../../src/services/index.js';
import type { Store } from '../../../src/store/database.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, inputFailure, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

/** Lines `from`..`to - 1` as one chunk of the input. */
const chunk = (prefix: string, from: number, to: number) =>
  `${Array.from({ length: to - from }, (_, i) => preferenceLine(`${prefix}${from + i}`)).join('\n')}\n`;

/** An input that yields `before`, then waits for `open()` before yielding `after`. */
function gatedInput(before: string[], after: string[]) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  async function* input() {
    yield* before;
    await gate;
    yield* after;
  }
  return { input: input(), open };
}

/** Whether an import has written rows that nobody else can see yet: staged ones (SQLite) or uncommitted pages of `tasks` (PostgreSQL). */
async function hasWrittenUnseen(store: Store, emptyTasksBytes: number): Promise<boolean> {
  if (store.dialect === 'sqlite') return (await store.db.selectFrom('import_rows').select('id').limit(1).execute()).length > 0;
  const r = await store.pgPool.query<{ bytes: string }>(`SELECT pg_relation_size('tasks') AS bytes`);
  return Number(r.rows[0].bytes) > emptyTasksBytes;
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600 && !(await condition()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await condition()).toBe(true);
}

describe.each(testDatabases())('import visibility on $name', ({ name, freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup() {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, { name: 'vis', type: 'preference', domains: ['general'] });
    const count = async () => (await listTasks(h.ctx, project.id, { offset: 0, limit: 1 })).total;
    await importTasks(h.ctx, manager, project.id, lines(preferenceLine('before')));
    const tasksBytes =
      h.store.dialect === 'postgres'
        ? Number((await h.store.pgPool.query<{ b: string }>(`SELECT pg_relation_size('tasks') AS b`)).rows[0].b)
        : 0;
    return { manager, project, count, tasksBytes };
  }

  it('shows none of a file while it is read, though batches were written, then all of it at once', async () => {
    const { manager, project, count, tasksBytes } = await setup();
    // 12,000 lines before the gate: more than two batches on either database (1,000 rows on SQLite, 5,000 on PostgreSQL).
    const { input, open } = gatedInput([chunk('t', 0, 6000), chunk('t', 6000, 12000)], [chunk('t', 12000, 13000)]);
    // Parsed in this thread: the read-ahead that decides on a worker would wait at the gate for 4 MB.
    const running = importTasks(h.ctx, manager, project.id, input, { parallel: { workers: 0 } });
    await until(() => hasWrittenUnseen(h.store, tasksBytes));
    expect(await count()).toBe(1);
    open();
    expect(await running).toEqual({ imported: 13000, skipped: 0 });
    expect(await count()).toBe(13001);
    const order = await h.store.db.selectFrom('tasks').select('external_id').where('project_id', '=', project.id).orderBy('id').execute();
    expect(order.map((r) => r.external_id)).toEqual(['before', ...Array.from({ length: 13000 }, (_, i) => `t${i}`)]);
    expect((await h.store.db.selectFrom('imports').select('id').execute()).length).toBe(0);
  });

  it.runIf(name === 'postgres')(
    'refuses an import that adds an id another running import has written, whole; imported again it skips that id',
    async () => {
      const { manager, project, count, tasksBytes } = await setup();
      const { input, open } = gatedInput([chunk('t', 0, 6000)], [chunk('t', 6000, 7000)]);
      const first = importTasks(h.ctx, manager, project.id, input, { parallel: { workers: 0 } });
      await until(() => hasWrittenUnseen(h.store, tasksBytes));
      // t5 is written (not yet committed) by the first import: the second waits for it, then finds it taken.
      const secondInput = lines(preferenceLine('other'), preferenceLine('t5'));
      const second = importTasks(h.ctx, manager, project.id, secondInput, { fileName: 'second.jsonl' });
      second.catch(() => undefined); // awaited below
      const pool = h.store.dialect === 'postgres' ? h.store.pgPool : null;
      await until(async () => {
        const waiting = await pool!.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'COPY tasks%'`,
        );
        return waiting.rows.length > 0;
      });
      open();
      expect(await first).toEqual({ imported: 7000, skipped: 0 });
      const e = await inputFailure(second);
      expect(e.message).toContain('added to the project by another import');
      expect(e.location).toMatchObject({ file: 'second.jsonl' });
      expect(await count()).toBe(7001);
      expect(await importTasks(h.ctx, manager, project.id, lines(preferenceLine('other'), preferenceLine('t5')))).toEqual({
        imported: 1,
        skipped: 1,
      });
      expect((await h.store.db.selectFrom('imports').select('id').execute()).length).toBe(0);
    },
  );
});
