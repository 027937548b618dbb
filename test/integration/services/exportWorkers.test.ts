/**
 * A large export formed by worker threads, a slice of ids each (services/export/parallelLines.ts,
 * services/offload/exportWorkers.ts), writes exactly the lines one thread writes, in the same order, and
 * the same summary (split and tie counts, the split tasks in order) — here with slices of three items, so
 * a few dozen tasks make many slices, and with two projects' ids interleaved. A reader that stops early
 * frees the workers for the next export; a failure in a worker fails the export with its reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/domain/errors.js';
import type { ExportFormat, ExportOptions } from '../../../src/domain/api/export.js';
import { applyTaskAction } from '../../../src/services/tasks/taskActions.js';
import { createProject, exportProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import { startExportWorkers } from '../../../src/services/offload/exportWorkers.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

const decoder = new TextDecoder();

/** The export's lines as one thread forms them, and its summary. */
async function inline(h: Harness, projectId: number, format: ExportFormat, options: ExportOptions = {}) {
  const stream = await exportProject({ ...h.ctx, exportWorkers: undefined }, projectId, format, options);
  let text = '';
  for await (const line of stream) text += line;
  return { text, summary: await stream.summary() };
}

/** The same export read as the HTTP route reads it (stream.chunks()), and how many runs came from workers. */
async function chunked(h: Harness, projectId: number, format: ExportFormat, options: ExportOptions = {}) {
  const stream = await exportProject(h.ctx, projectId, format, options);
  let text = '';
  let fromWorkers = 0;
  for await (const piece of stream.chunks()) {
    if (typeof piece === 'string') text += piece;
    else {
      fromWorkers++;
      text += decoder.decode(piece);
    }
  }
  return { text, summary: await stream.summary(), fromWorkers };
}

describe.each(testDatabases())('exports formed by worker threads on $name', ({ freshUrl }) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.ctx.exportWorkers?.close();
    await h?.close();
    h = undefined;
  });

  async function judge(projectId: number, tutors: Actor[], response: (taskId: number, k: number) => unknown) {
    for (const [k, t] of tutors.entries())
      for (let n = await nextAssignment(h!.ctx, t, projectId); n; n = await nextAssignment(h!.ctx, t, projectId))
        await submitAnnotation(h!.ctx, t, n.assignment.id, { response: response(n.task.id, k), durationMs: 1000 + k });
  }

  /** A preference project and a label project whose task ids interleave, and a rating project; all judged. */
  async function projects(url: string) {
    h = await harness(url);
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store, { tier: 'specialist' })];
    const pref = await createProject(h.ctx, m, { name: 'pairs', type: 'preference', domains: ['general', 'code'], overlap: 3 });
    const label = await createProject(h.ctx, m, {
      name: 'labels',
      type: 'label',
      domains: ['general'],
      labels: ['yes', 'no', 'maybe'],
      overlap: 3,
    });
    for (let i = 0; i < 8; i++) {
      const batch = Array.from({ length: 4 }, (_, k) => 4 * i + k);
      await importTasks(
        h.ctx,
        m,
        pref.id,
        lines(...batch.map((n) => preferenceLine(`p${n}`, { domain: n % 3 ? 'general' : 'code', ...(n % 11 === 5 ? { gold: 'a' } : {}) }))),
      );
      await importTasks(
        h.ctx,
        m,
        label.id,
        lines(...batch.map((n) => JSON.stringify({ id: `l${n}`, type: 'label', domain: 'general', text: `Item ${n}` }))),
      );
    }
    // A line longer than a worker's run buffer (its own buffer), in characters UTF-8 writes in 2 and 4 bytes.
    const long = (what: string) => `${what} ${'x'.repeat(200_000)} é🙂 ${'é🙂x'.repeat(8)}`;
    const longTask = { id: 'p-long', type: 'preference', domain: 'general', prompt: long('Q') };
    const responses = [
      { id: 'a', text: long('A') },
      { id: 'b', text: long('B') },
    ];
    await importTasks(h.ctx, m, pref.id, lines(JSON.stringify({ ...longTask, responses })));
    const rating = await createProject(h.ctx, m, {
      name: 'ratings',
      type: 'rating',
      domains: ['general'],
      overlap: 2,
      rubric: [{ name: 'helpful', scale: 5 }],
    });
    await importTasks(
      h.ctx,
      m,
      rating.id,
      lines(
        ...Array.from({ length: 20 }, (_, n) =>
          JSON.stringify({ id: `r${n}`, type: 'rating', domain: 'general', prompt: `q${n}`, response: { text: `a${n}` } }),
        ),
      ),
    );
    // Votes that leave splits (a, b, tie), ties and clear majorities across the tasks.
    await judge(pref.id, tutors, (id, k) => {
      if (id % 5 === 0) return { choice: ['a', 'b', 'tie'][k] };
      if (id % 5 === 1) return { choice: 'tie' };
      const [major, minor] = id % 2 ? ['a', 'b'] : ['b', 'a'];
      return { choice: k === 2 && id % 3 === 0 ? minor : major };
    });
    await judge(label.id, tutors, (id, k) => ({ labels: [['yes', 'no', 'maybe'][(id + k * (id % 2)) % 3]] }));
    await judge(rating.id, tutors.slice(0, 2), (id, k) => ({ scores: { helpful: 1 + ((id + k) % 5) } }));
    // A task removed from the exports is left out by the workers' slices too.
    const [excluded] = await h.store.db
      .selectFrom('tasks')
      .select('id')
      .where('project_id', '=', pref.id)
      .where('is_gold', '=', 0)
      .limit(1)
      .execute();
    await applyTaskAction(h.ctx, m, pref.id, { action: 'exclude_from_export', taskIds: [excluded.id], by: 0 });
    return { pref: pref.id, label: label.id, rating: rating.id };
  }

  it('writes the lines and the summary one thread writes, in slices of three', async () => {
    const url = await freshUrl();
    const p = await projects(url);
    h!.ctx.exportWorkers = startExportWorkers(url, { workers: 2, sliceItems: 3, minItems: 0 });
    const cases: [number, ExportFormat, ExportOptions?][] = [
      [p.pref, 'dpo'],
      [p.pref, 'dpo', { style: 'trl-standard', includeTies: true }],
      [p.pref, 'annotations'],
      [p.label, 'classification'],
      [p.label, 'classification', { includeTies: true }],
      [p.label, 'annotations'],
      [p.rating, 'ratings'],
    ];
    for (const [projectId, format, options] of cases) {
      const one = await inline(h!, projectId, format, options);
      const many = await chunked(h!, projectId, format, options);
      expect(one.text.length).toBeGreaterThan(0);
      expect(many.fromWorkers, `${format} ${JSON.stringify(options)} came from workers`).toBeGreaterThan(1);
      expect(many.text).toBe(one.text);
      expect(many.summary).toEqual(one.summary);
    }
    // The fixtures reach the counts that must merge across slices: splits (with their ids, in order) and ties.
    const dpo = await inline(h!, p.pref, 'dpo');
    expect(dpo.summary.leftOut.split).toBeGreaterThan(1);
    expect(dpo.summary.leftOut.tie).toBeGreaterThan(0);
    expect(dpo.summary.leftOut.excluded).toBe(1);
    expect(dpo.summary.leftOut.gold).toBeGreaterThan(0);
    expect((await inline(h!, p.pref, 'annotations')).text).toContain('p-long');
    expect(dpo.text + (await inline(h!, p.pref, 'dpo', { includeTies: true })).text).toContain('é🙂xé🙂x');
  });

  it('forms small exports, and formats not cut in slices, inline', async () => {
    const url = await freshUrl();
    const p = await projects(url);
    h!.ctx.exportWorkers = startExportWorkers(url, { workers: 2, sliceItems: 3, minItems: 1000 });
    const small = await chunked(h!, p.pref, 'dpo');
    expect(small.fromWorkers).toBe(0);
    expect(small.text).toBe((await inline(h!, p.pref, 'dpo')).text);
  });

  it('frees the workers of a reader that stops early, and runs two exports at once', async () => {
    const url = await freshUrl();
    const p = await projects(url);
    h!.ctx.exportWorkers = startExportWorkers(url, { workers: 2, sliceItems: 2, minItems: 0 });
    const expected = (await inline(h!, p.pref, 'annotations')).text;
    for (let round = 0; round < 3; round++) {
      const stream = await exportProject(h!.ctx, p.pref, 'annotations');
      const it = stream.chunks()[Symbol.asyncIterator]();
      expect((await it.next()).done).toBe(false);
      await it.return?.(undefined);
    }
    const [a, b] = await Promise.all([chunked(h!, p.pref, 'annotations'), chunked(h!, p.pref, 'annotations')]);
    expect(a.fromWorkers).toBeGreaterThan(1);
    expect(b.fromWorkers).toBeGreaterThan(1);
    expect(a.text).toBe(expected);
    expect(b.text).toBe(expected);
  });

  it("fails the export with the worker's reason", async () => {
    const url = await freshUrl();
    const p = await projects(url);
    const pool = startExportWorkers(url, { workers: 2, sliceItems: 3, minItems: 0 });
    h!.ctx.exportWorkers = pool;
    // A format the project cannot export: the worker's exportProject refuses it (a 400 at the route).
    const pieces = pool.slices({ projectId: p.label, format: 'dpo', options: {} }, [
      { afterId: 0, throughId: 10 },
      { afterId: 10, throughId: Number.MAX_SAFE_INTEGER },
    ])!;
    const read = async () => {
      for await (const _ of pieces);
    };
    await expect(read()).rejects.toBeInstanceOf(UserInputError);
    // The workers are free again and answer the next export.
    const again = await chunked(h!, p.pref, 'dpo');
    expect(again.fromWorkers).toBeGreaterThan(1);
    expect(again.text).toBe((await inline(h!, p.pref, 'dpo')).text);
  });
});
