/**
 * The training formats on both databases: one type per field on every line (all fields present, floats
 * written as floats, votes as records, source_meta a JSON string), dpo styles, ranking pairs, classification,
 * stepwise, what each export left out (split, tie, unjudged, gold, superseded) and --include-ties, and the
 * Parquet dataset folder with its card.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, exportProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { writeDatasetFolder, PARQUET_FILE } from '../../../src/services/export/datasetFolder.js';
import type { ExportOptions } from '../../../src/domain/api/export.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('export formats on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function judgeAll(projectId: number, tutors: Actor[], answer: (externalId: string, i: number) => Record<string, unknown>) {
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    for (const [i, t] of tutors.entries()) {
      for (let n = await nextAssignment(h.ctx, t, projectId); n; n = await nextAssignment(h.ctx, t, projectId)) {
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: answer(ext.get(n.task.id)!, i), durationMs: 1000 });
      }
    }
  }
  async function run(projectId: number, format: Parameters<typeof exportProject>[2], opts: ExportOptions = {}) {
    const stream = await exportProject(h.ctx, projectId, format, opts);
    const text: string[] = [];
    for await (const l of stream) text.push(l);
    return { text, rows: text.map((l) => JSON.parse(l) as Record<string, any>), summary: await stream.summary() };
  }
  const sameKeys = (rows: Record<string, any>[]) =>
    new Set(rows.map((r) => JSON.stringify(Object.keys(r)) + JSON.stringify(Object.keys(r.meta ?? {})))).size;

  it('dpo: every field on every line, floats as floats, votes as records, meta as a string; split and gold counted; include-ties keeps the split', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'd', type: 'preference', domains: ['general'], overlap: 3, goldRate: 0.3 });
    const withMeta = JSON.stringify({
      id: 'meta',
      type: 'preference',
      domain: 'general',
      prompt: 'p',
      responses: [
        { id: 'x', text: 'X' },
        { id: 'y', text: 'Y' },
      ],
      meta: { score: 1, nested: { a: [1, 'b'] } },
    });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(
        preferenceLine('unanimous'),
        preferenceLine('split'),
        preferenceLine('gold', { gold: 'a' }),
        preferenceLine('unjudged'),
        withMeta,
      ),
    );
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, (id, i) =>
      id === 'unjudged' ? { choice: 'a' } : { choice: id === 'split' ? ['a', 'b', 'tie'][i] : id === 'meta' ? 'x' : 'a' },
    );
    // 'unjudged' was judged too (routing serves every task); add one more that nobody sees
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('late')));

    const { text, rows, summary } = await run(p.id, 'dpo');
    expect(rows.map((r) => r.meta.taskId).sort()).toEqual(['meta', 'unanimous', 'unjudged']);
    expect(sameKeys(rows)).toBe(1);
    const unanimous = text.find((l) => l.includes('"taskId":"unanimous"'))!;
    expect(unanimous).toContain('"agreement":1.0');
    expect(unanimous).toContain('"margin":1.0');
    expect(unanimous).toContain('"votes":[{"response":"a","count":3},{"response":"b","count":0},{"response":"tie","count":0}]');
    expect(unanimous).toContain('"source_meta":""');
    const meta = rows.find((r) => r.meta.taskId === 'meta')!;
    expect(JSON.parse(meta.source_meta)).toEqual({ score: 1, nested: { a: [1, 'b'] } });
    expect(summary).toMatchObject({
      format: 'dpo',
      style: 'conversational',
      rows: 3,
      includeTies: false,
      leftOut: { split: 1, tie: 0, unresolved: 1, superseded: 0 },
      review: '/review',
      deprecated: null,
    });
    expect(summary.leftOut.gold).toBe(1);

    const ties = await run(p.id, 'dpo', { includeTies: true });
    expect(ties.rows.find((r) => r.meta.taskId === 'split')?.meta.split).toBe(true);
    expect(ties.summary.leftOut.split).toBe(0);
  });

  it('dpo styles: trl-standard strings, llamafactory single messages', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'styles', type: 'preference', domains: ['general'], overlap: 1 });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(
        JSON.stringify({
          id: 'c',
          type: 'preference',
          domain: 'general',
          context: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 'hello' },
          ],
          prompt: 'sky?',
          responses: [
            { id: 'a', text: 'blue' },
            { id: 'b', text: 'green' },
          ],
        }),
      ),
    );
    await judgeAll(p.id, [await addUser(h.store)], () => ({ choice: 'a' }));
    const [std] = (await run(p.id, 'dpo', { style: 'trl-standard' })).rows;
    expect([std.prompt, std.chosen, std.rejected]).toEqual(['user: hi\n\nassistant: hello\n\nuser: sky?', 'blue', 'green']);
    const [lf] = (await run(p.id, 'dpo', { style: 'llamafactory' })).rows;
    expect(lf.messages.map((x: { role: string }) => x.role)).toEqual(['user', 'assistant', 'user']);
    expect(lf.chosen).toEqual({ role: 'assistant', content: 'blue' });
    expect(lf.rejected).toEqual({ role: 'assistant', content: 'green' });
    await expect(exportProject(h.ctx, p.id, 'annotations', { style: 'trl-standard' })).rejects.toThrow(/dpo export only/);
  });

  it("dpo and classification count a correction's vote in place of the judgment it supersedes", async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    const pref = await createProject(h.ctx, m, { name: 'corrected', type: 'preference', domains: ['general'], overlap: 3 });
    await importTasks(h.ctx, m, pref.id, lines(preferenceLine('kept'), preferenceLine('fixed')));
    await judgeAll(pref.id, tutors, (_id, i) => ({ choice: i === 2 ? 'b' : 'a' }));
    const label = await createProject(h.ctx, m, { name: 'labels', type: 'label', domains: ['general'], labels: ['yes', 'no'], overlap: 3 });
    await importTasks(h.ctx, m, label.id, lines(JSON.stringify({ id: 'l', type: 'label', domain: 'general', text: 'x' })));
    await judgeAll(label.id, tutors, (_id, i) => ({ labels: [i === 2 ? 'no' : 'yes'] }));
    // A correction turns one "a" of task "fixed" into "b", and one "yes" into "no": the majority flips.
    const correct = async (externalId: string, from: string, to: string) => {
      const original = await h.store.db
        .selectFrom('annotations as n')
        .innerJoin('tasks as t', 't.id', 'n.task_id')
        .selectAll('n')
        .where('t.external_id', '=', externalId)
        .where('n.response', 'like', `%${from}%`)
        .orderBy('n.id')
        .executeTakeFirstOrThrow();
      await h.store.db
        .insertInto('annotations')
        .values({ ...original, id: undefined, supersedes_id: original.id, response: original.response.replace(from, to) })
        .execute();
    };
    await correct('fixed', '"a"', '"b"');
    await correct('l', '"yes"', '"no"');
    const byTask = new Map((await run(pref.id, 'dpo')).rows.map((r) => [r.meta.taskId, r]));
    const votes = (taskId: string) => {
      const { chosenId, annotators, votes } = byTask.get(taskId)!.meta;
      return [chosenId, annotators, votes.map((v: { response: string; count: number }) => `${v.response}:${v.count}`).join(' ')];
    };
    expect(votes('kept')).toEqual(['a', 3, 'a:2 b:1 tie:0']);
    expect(votes('fixed')).toEqual(['b', 3, 'a:1 b:2 tie:0']);
    const [row] = (await run(label.id, 'classification')).rows;
    expect([row.label, row.meta.annotators, row.meta.agreement]).toEqual(['no', 3, 2 / 3]);
  });

  it('ranking: one pair per consecutive consensus place, split pairs counted', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'rank', type: 'ranking', domains: ['general'], overlap: 2 });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(
        JSON.stringify({
          id: 'r',
          type: 'ranking',
          domain: 'general',
          prompt: 'rank',
          responses: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
            { id: 'c', text: 'C' },
          ],
        }),
      ),
    );
    await judgeAll(p.id, [await addUser(h.store), await addUser(h.store)], (_id, i) => ({
      order: i === 0 ? ['a', 'b', 'c'] : ['b', 'a', 'c'],
    }));
    const { rows, summary } = await run(p.id, 'dpo');
    // a and b tie on mean place (order a, b, c by id): a>b is split 1:1 and left out; b>c is unanimous.
    expect(rows.map((r) => [r.meta.chosenId, r.meta.rejectedId, r.meta.agreement])).toEqual([['b', 'c', 1]]);
    expect(rows[0].meta.votes).toEqual([
      { response: 'b', count: 2 },
      { response: 'c', count: 0 },
    ]);
    expect(summary.leftOut.split).toBe(1);
    expect((await run(p.id, 'dpo', { includeTies: true })).rows).toHaveLength(2);
  });

  it('classification: text or messages, label, confidence; stepwise: prompt, completions, labels', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    const lab = await createProject(h.ctx, m, { name: 'lab', type: 'label', domains: ['general'], overlap: 3, labels: ['safe', 'unsafe'] });
    await importTasks(
      h.ctx,
      m,
      lab.id,
      lines(
        JSON.stringify({ id: 't', type: 'label', domain: 'general', text: 'hello' }),
        JSON.stringify({ id: 'c', type: 'label', domain: 'general', messages: [{ role: 'user', content: 'lockpicking?' }] }),
      ),
    );
    await judgeAll(lab.id, tutors, (id, i) => ({ labels: [id === 't' ? 'safe' : i < 2 ? 'unsafe' : 'safe'] }));
    const cls = await run(lab.id, 'classification');
    expect(sameKeys(cls.rows)).toBe(1);
    const byId = Object.fromEntries(cls.rows.map((r) => [r.meta.taskId, r]));
    expect(byId.t).toMatchObject({ text: 'hello', messages: [], label: 'safe', labels: ['safe'] });
    expect(byId.c).toMatchObject({ text: '', messages: [{ role: 'user', content: 'lockpicking?' }], label: 'unsafe' });
    expect(byId.c.confidence).toBeGreaterThan(0);
    expect(cls.text.find((l) => l.includes('"taskId":"t"'))).toContain('"agreement":1.0');

    const steps = await createProject(h.ctx, m, { name: 'steps', type: 'steps', domains: ['math'], overlap: 3 });
    await importTasks(
      h.ctx,
      m,
      steps.id,
      lines(JSON.stringify({ id: 's', type: 'steps', domain: 'math', prompt: '2+2*2', steps: ['2*2=4', '2+4=6', 'so 8'] })),
    );
    await judgeAll(steps.id, tutors, (_id, i) => ({ verdicts: ['correct', i < 2 ? 'neutral' : 'incorrect', 'incorrect'] }));
    const [step] = (await run(steps.id, 'stepwise')).rows;
    expect(step).toMatchObject({ prompt: '2+2*2', completions: ['2*2=4', '2+4=6', 'so 8'], labels: [true, true, false] });
    expect(step.meta.verdicts).toEqual(['correct', 'neutral', 'incorrect']);
    await expect(exportProject(h.ctx, steps.id, 'dpo')).rejects.toThrow(/preference or ranking/);
  });

  it('--dir: a Parquet file a row group at a time and a dataset card with configs, features and what was left out', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'Card project', type: 'preference', domains: ['safety'], overlap: 3 });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('one', { domain: 'safety' }), preferenceLine('split', { domain: 'safety' })));
    await judgeAll(p.id, [await addUser(h.store, { tier: 'specialist' }), await addUser(h.store), await addUser(h.store)], (id, i) => ({
      choice: id === 'split' ? ['a', 'b', 'tie'][i] : 'a',
    }));
    const dir = mkdtempSync(join(tmpdir(), 'tl-card-'));
    try {
      const summary = await writeDatasetFolder(h.store.db, dir, await exportProject(h.ctx, p.id, 'dpo'), {
        license: 'cc-by-4.0',
        version: 'test',
        now: new Date(0),
      });
      expect(summary.rows).toBe(1);
      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, PARQUET_FILE)) });
      expect(rows).toHaveLength(1);
      expect(rows[0].meta.agreement).toBe(1);
      expect(rows[0].chosen).toEqual([{ role: 'assistant', content: 'Answer A to one' }]);
      const card = readFileSync(join(dir, 'README.md'), 'utf8');
      const front = parse(card.split('---\n')[1]) as Record<string, any>;
      expect(front.license).toBe('cc-by-4.0');
      expect(front.configs).toEqual([{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*.parquet' }] }]);
      expect(front.dataset_info.splits).toEqual([{ name: 'train', num_examples: 1 }]);
      expect(front.dataset_info.features.map((f: { name: string }) => f.name)).toEqual([
        'prompt',
        'chosen',
        'rejected',
        'meta',
        'source_meta',
      ]);
      expect(card).toContain('1 split vote(s)');
      expect(card).toContain('| specialist | 1 | 2 |');
      expect(card).toContain('`hds`');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
