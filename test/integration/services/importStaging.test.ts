/**
 * Imports never hold the writer for long (issue 12 items 3, 14), refuse oversized and deeply nested
 * content naming line and field (items 4, 9), and stay all-or-nothing through failures and crashes:
 * staged rows are invisible until published, an abandoned staging import is discarded, an abandoned
 * publishing one is finished.
 */
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, listTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { beginImport, markPublishing, publishSlice, rowStager } from '../../../src/store/repositories/imports.js';
import { recoverImports } from '../../../src/services/imports/stagedImports.js';
import { writeTransaction } from '../../../src/store/transaction.js';
import type { NewTask } from '../../../src/store/repositories/tasks.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, inputFailure, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('staged imports on $name', ({ name, freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup() {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, { name: 'imp', type: 'preference', domains: ['general'] });
    const count = async () => (await listTasks(h.ctx, project.id, { offset: 0, limit: 1 })).total;
    const leftovers = async () => ({
      imports: (await h.store.db.selectFrom('imports').select('id').execute()).length,
      rows: (await h.store.db.selectFrom('import_rows').select('id').execute()).length,
    });
    return { manager, project, count, leftovers };
  }

  it('refuses an over-long line, an over-long field and deep nesting, naming line and field', async () => {
    const { manager, project, count, leftovers } = await setup();
    const deep = `{"id":"d","type":"preference","domain":"general","meta":${'['.repeat(500)}${']'.repeat(500)}}`;
    const input = lines(
      preferenceLine('ok1'),
      preferenceLine('long-line', { prompt: 'x'.repeat(3000) }),
      preferenceLine('long-field', { prompt: 'é'.repeat(700) }),
      deep,
      preferenceLine('ok2'),
    );
    const e = await inputFailure(
      importTasks(h.ctx, manager, project.id, input, { fileName: 'caps.jsonl', limits: { maxLineBytes: 2000, maxFieldBytes: 1000 } }),
    );
    expect(e.problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [2, undefined, 'line longer than 2000 bytes (the per-line limit)'],
      [3, 'prompt', 'text longer than 1000 bytes (the per-field limit)'],
      [4, `meta${'.0'.repeat(31)}`, 'nested deeper than 32 levels'],
    ]);
    expect(await count()).toBe(0);
    expect(await leftovers()).toEqual({ imports: 0, rows: 0 });
  });

  it('applies a per-field limit to every text under that field, and the defaults to a 2 MB line', async () => {
    const { manager, project } = await setup();
    const withMeta = JSON.stringify({ ...JSON.parse(preferenceLine('m')), meta: { note: 'n'.repeat(200) } });
    const e = await inputFailure(importTasks(h.ctx, manager, project.id, lines(withMeta), { limits: { fieldBytes: { meta: 100 } } }));
    expect(e.problems[0]).toMatchObject({ line: 1, field: 'meta.note' });
    const huge = await inputFailure(
      importTasks(h.ctx, manager, project.id, lines(preferenceLine('ok'), preferenceLine('big', { prompt: 'y'.repeat(2 << 20) }))),
    );
    expect(huge.problems.map((p) => [p.line, p.message])).toEqual([[2, 'line longer than 1048576 bytes (the per-line limit)']]);
  });

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const { manager, project, count } = await setup();
    const good = Buffer.from(`${preferenceLine('a')}\n`);
    const bad = Buffer.concat([
      Buffer.from('{"id":"b","type":"preference","domain":"general","prompt":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n'),
    ]);
    const e = await inputFailure(importTasks(h.ctx, manager, project.id, [good, bad, good]));
    expect(e.problems.map((p) => [p.line, p.message])).toEqual([[2, 'not valid UTF-8']]);
    expect(await count()).toBe(0);
  });

  it('leaves the project unchanged and nothing staged when the input fails after batches were staged', async () => {
    const { manager, project, count, leftovers } = await setup();
    await importTasks(h.ctx, manager, project.id, lines(preferenceLine('before')));
    async function* failing() {
      for (let b = 0; b < 6; b++) yield `${Array.from({ length: 1000 }, (_, i) => preferenceLine(`t${b}-${i}`)).join('\n')}\n`;
      throw new Error('connection reset');
    }
    await expect(importTasks(h.ctx, manager, project.id, failing())).rejects.toThrow('connection reset');
    expect(await count()).toBe(1);
    expect(await leftovers()).toEqual({ imports: 0, rows: 0 });
  });

  const rowsOf = (ids: string[]): NewTask[] =>
    ids.map((id) => ({
      externalId: id,
      domain: 'general',
      payload: JSON.stringify({
        prompt: id,
        responses: [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
        ],
      }),
      gold: null,
      contentHash: `h-${id}`,
      priority: 0,
    }));
  // A process on this host that no longer exists: its imports are abandoned.
  const deadOwner = `${hostname()}:2147483646:1`;

  it('discards an abandoned import that was still staging; its rows were never visible', async () => {
    const { manager, project, count, leftovers } = await setup();
    const id = await beginImport(h.store.db, {
      projectId: project.id,
      actorId: manager.id,
      file: 'crashed.jsonl',
      format: 'tutorloop',
      owner: deadOwner,
      at: h.clock.now(),
    });
    await rowStager(h.store, id).stage(rowsOf(['s1', 's2', 's3']));
    expect(await count()).toBe(0);
    expect(await recoverImports(h.ctx)).toEqual({ discarded: 1, published: 0 });
    expect(await count()).toBe(0);
    expect(await leftovers()).toEqual({ imports: 0, rows: 0 });
  });

  it('finishes an abandoned import that was publishing, once, and audits it', async () => {
    const { manager, project, count, leftovers } = await setup();
    const id = await beginImport(h.store.db, {
      projectId: project.id,
      actorId: manager.id,
      file: 'crashed.jsonl',
      format: 'tutorloop',
      owner: deadOwner,
      at: h.clock.now(),
    });
    await rowStager(h.store, id).stage(rowsOf(['p1', 'p2', 'p3', 'p4', 'p5']));
    await markPublishing(h.store.db, id, { skipped: 0, leftOut: 0 }, h.clock.now());
    // The crash came after the first slice was published.
    await writeTransaction(h.store, (db) => publishSlice(db, id, project.id, h.clock.now(), 2));
    expect(await count()).toBe(2);
    expect(await recoverImports(h.ctx)).toEqual({ discarded: 0, published: 1 });
    expect(await recoverImports(h.ctx)).toEqual({ discarded: 0, published: 0 });
    const tasks = await listTasks(h.ctx, project.id, { offset: 0, limit: 10 });
    expect(tasks.tasks.map((t) => t.externalId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(await leftovers()).toEqual({ imports: 0, rows: 0 });
    const audit = await h.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'tasks.import').execute();
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
      expect.objectContaining({ file: 'crashed.jsonl', imported: 5, recovered: true }),
    ]);
    expect(await count()).toBe(5);
  });

  it('leaves a live import of another running process alone', async () => {
    const { manager, project, leftovers } = await setup();
    const live = `${hostname()}:${process.ppid}:1`;
    await beginImport(h.store.db, {
      projectId: project.id,
      actorId: manager.id,
      file: 'live.jsonl',
      format: 'tutorloop',
      owner: live,
      at: h.clock.now(),
    });
    expect(await recoverImports(h.ctx)).toEqual({ discarded: 0, published: 0 });
    expect(await leftovers()).toEqual({ imports: 1, rows: 0 });
    await h.store.db.deleteFrom('imports').execute();
  });

  it('keeps tutors working, with short waits, while a large import runs in the same process', async () => {
    const { manager, project, count } = await setup();
    const work = await createProject(h.ctx, manager, { name: 'work', type: 'preference', domains: ['general'], overlap: 1 });
    await importTasks(h.ctx, manager, work.id, lines(...Array.from({ length: 400 }, (_, i) => preferenceLine(`w${i}`))));
    const tutor = await addUser(h.store, { role: 'tutor' });
    const size = name === 'sqlite' ? 150_000 : 40_000;
    const big = Array.from(
      { length: size / 1000 },
      (_, b) => `${Array.from({ length: 1000 }, (_, i) => preferenceLine(`big-${b}-${i}`)).join('\n')}\n`,
    );
    let importing = true;
    const running = importTasks(h.ctx, manager, project.id, big).finally(() => (importing = false));
    const waits: number[] = [];
    let duringImport = 0;
    while (importing) {
      const started = performance.now();
      const n = await nextAssignment(h.ctx, tutor, work.id);
      if (!n) break;
      await submitAnnotation(h.ctx, tutor, n.assignment.id, { response: { choice: 'a' }, durationMs: 1000 });
      waits.push(performance.now() - started);
      if (importing) duringImport++;
    }
    expect(await running).toEqual({ imported: size, skipped: 0 });
    expect(await count()).toBe(size);
    // Held in one transaction, the import made every next/submit wait for all of it: none finished while it ran.
    expect(duringImport).toBeGreaterThanOrEqual(5);
    expect(Math.max(...waits)).toBeLessThan(1500);
  });
});
