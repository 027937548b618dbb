/**
 * The real consumers read every export of every task type (docs/exports.md): Hugging Face `datasets`
 * (`load_dataset("json")` at default settings, and `load_dataset(folder)` on the Parquet dataset folder),
 * pyarrow and pandas; TRL's DPOTrainer, SFTTrainer and RewardTrainer train 2 steps on them. One export is
 * over 20 MB and built to hit each trap that broke `load_dataset` before: unanimous votes for the first
 * 10 MB then fractional agreement, response ids that change, optional fields (reviewId, source_meta) that
 * appear only late, and imported meta of mixed types; and a `ratings` export whose first 10 MB has one
 * annotator per item (no standard error to give) before items with two.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DpoStyle, ExportFormat } from '../../src/domain/api/export.js';
import { createProject, decideReview, exportProject, importTasks, nextAssignment, submitAnnotation } from '../../src/services/index.js';
import { writeDatasetFolder } from '../../src/services/export/datasetFolder.js';
import type { Actor } from '../../src/services/context.js';
import { CHAT } from '../support/conversation.js';
import { addUser, harness, lines, type Harness } from '../support/fixtures.js';
import { freshSqlitePath } from '../support/databases.js';
import { ensurePython, runPython } from './pythonEnv.js';

const python = ensurePython();
if (!python.ok && process.env.CI === 'true')
  throw new Error(`the consumer suite needs Python's datasets, pyarrow and trl: ${python.reason}`);
if (!python.ok) console.warn(`consumer suite skipped: ${python.reason}`);

interface Export {
  name: string;
  kind: 'jsonl' | 'folder';
  path: string;
  rows: number;
  format: ExportFormat;
}

describe.skipIf(!python.ok)('exports read by datasets, pyarrow, pandas and TRL', () => {
  let h: Harness;
  const dir = mkdtempSync(join(tmpdir(), 'tutorloop-consumers-'));
  const exports: Export[] = [];
  let loaded: Record<string, any>;

  async function judgeAll(projectId: number, tutors: Actor[], answer: (externalId: string, i: number) => Record<string, unknown>) {
    const ext = new Map(
      (await h.store.db.selectFrom('tasks').select(['id', 'external_id']).where('project_id', '=', projectId).execute()).map((r) => [
        r.id,
        r.external_id,
      ]),
    );
    for (const [i, t] of tutors.entries()) {
      for (let n = await nextAssignment(h.ctx, t, projectId); n; n = await nextAssignment(h.ctx, t, projectId)) {
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: answer(ext.get(n.task.id)!, i), durationMs: 1000 });
      }
    }
  }

  async function exportBoth(name: string, projectId: number, format: ExportFormat, style?: DpoStyle) {
    const file = join(dir, `${name}.jsonl`);
    const out = createWriteStream(file);
    const stream = await exportProject(h.ctx, projectId, format, { style });
    for await (const line of stream) if (!out.write(line)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    const rows = (await stream.summary()).rows;
    exports.push({ name, kind: 'jsonl', path: file, rows, format });
    const folder = join(dir, `${name}-dataset`);
    await writeDatasetFolder(h.store.db, folder, await exportProject(h.ctx, projectId, format, { style }), {
      license: 'cc-by-4.0',
      version: 'test',
      now: new Date(),
    });
    exports.push({ name: `${name} (folder)`, kind: 'folder', path: folder, rows, format });
  }

  const project = async (m: Actor, name: string, type: string, extra: Record<string, unknown> = {}) =>
    createProject(h.ctx, m, { name, type, domains: ['general'], overlap: 3, ...extra } as never);
  const task = (id: string, type: string, payload: Record<string, unknown>) => JSON.stringify({ id, type, domain: 'general', ...payload });

  beforeAll(async () => {
    h = await harness(`sqlite:${freshSqlitePath()}`);
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store, { tier: 'specialist' }), await addUser(h.store), await addUser(h.store)];

    // preference: a majority, a split, context turns, imported meta
    const pref = await project(m, 'pref', 'preference');
    await importTasks(
      h.ctx,
      m,
      pref.id,
      lines(
        ...['one', 'two', 'three', 'four'].map((w, i) =>
          task(`p${i}`, 'preference', {
            prompt: `Question ${w} about the sky?`,
            responses: [
              { id: 'a', text: `The sky is blue ${w}.` },
              { id: 'b', text: `The sky is green ${w}.` },
            ],
            meta: i % 2 ? { source: 'hh', n: i } : undefined,
          }),
        ),
        task('ctx', 'preference', {
          context: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 'hello' },
          ],
          prompt: 'and the sky?',
          responses: [
            { id: 'x', text: 'blue' },
            { id: 'y', text: 'green' },
          ],
        }),
        task('split', 'preference', {
          prompt: 'split?',
          responses: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
          ],
        }),
      ),
    );
    await judgeAll(pref.id, tutors, (id, i) => ({
      choice: id === 'split' ? ['a', 'b', 'tie'][i] : id === 'ctx' ? 'x' : i < 2 ? 'a' : 'b',
    }));
    for (const style of ['conversational', 'trl-standard', 'llamafactory'] as const)
      await exportBoth(`preference dpo ${style}`, pref.id, 'dpo', style);
    await exportBoth('preference annotations', pref.id, 'annotations');

    const rank = await project(m, 'rank', 'ranking');
    await importTasks(
      h.ctx,
      m,
      rank.id,
      lines(
        ...[1, 2, 3].map((n) =>
          task(`r${n}`, 'ranking', {
            prompt: `rank ${n}`,
            responses: [
              { id: 'a', text: 'first' },
              { id: 'b', text: 'second' },
              { id: 'c', text: 'third' },
            ],
          }),
        ),
      ),
    );
    await judgeAll(rank.id, tutors, (_id, i) => ({ order: i < 2 ? ['a', 'b', 'c'] : ['b', 'a', 'c'] }));
    await exportBoth('ranking dpo', rank.id, 'dpo');
    await exportBoth('ranking annotations', rank.id, 'annotations');

    const rate = await project(m, 'rate', 'rating', {
      overlap: 2,
      rubric: [
        { name: 'helpful', scale: 5 },
        { name: 'safe', scale: 3 },
      ],
    });
    await importTasks(
      h.ctx,
      m,
      rate.id,
      lines(
        task('q1', 'rating', { prompt: 'hi', response: { text: 'hello' } }),
        task('q2', 'rating', { prompt: 'bye', response: { text: 'ciao' }, meta: { k: 'v' } }),
      ),
    );
    await judgeAll(rate.id, tutors.slice(0, 2), (_id, i) => ({ scores: { helpful: 3 + i, safe: 3 } }));
    await exportBoth('rating ratings', rate.id, 'ratings');
    await exportBoth('rating annotations', rate.id, 'annotations');

    const label = await project(m, 'label', 'label', { labels: ['safe', 'unsafe'] });
    await importTasks(
      h.ctx,
      m,
      label.id,
      lines(
        task('l1', 'label', { text: 'a kind reply' }),
        task('l2', 'label', { messages: [{ role: 'user', content: 'how do I pick a lock' }] }),
        task('l3', 'label', { text: 'borderline' }),
      ),
    );
    await judgeAll(label.id, tutors, (id, i) => ({ labels: [id === 'l1' || (id === 'l3' && i > 0) ? 'safe' : 'unsafe'] }));
    await exportBoth('label classification', label.id, 'classification');
    await exportBoth('label annotations', label.id, 'annotations');

    const rewrite = await project(m, 'rewrite', 'rewrite', { overlap: 2 });
    await importTasks(
      h.ctx,
      m,
      rewrite.id,
      lines(...[1, 2, 3].map((n) => task(`w${n}`, 'rewrite', { prompt: `Sort list ${n}`, response: { text: 'bubble sort' } }))),
    );
    await judgeAll(rewrite.id, tutors.slice(0, 2), (id, i) => ({ text: `use sorted() for ${id}, tutor ${i}` }));
    await exportBoth('rewrite sft', rewrite.id, 'sft');
    await exportBoth('rewrite annotations', rewrite.id, 'annotations');

    const demo = await project(m, 'demo', 'demonstration', { overlap: 1 });
    await importTasks(h.ctx, m, demo.id, lines(task('d1', 'demonstration', { prompt: 'Explain the sky' })));
    await judgeAll(demo.id, tutors.slice(0, 1), () => ({ text: 'Rayleigh scattering makes it blue.' }));
    await exportBoth('demonstration sft', demo.id, 'sft');

    const steps = await project(m, 'steps', 'steps');
    await importTasks(h.ctx, m, steps.id, lines(task('s1', 'steps', { prompt: '2+2*2?', steps: ['2*2 = 4', '2+4 = 6', 'so 8'] })));
    await judgeAll(steps.id, tutors, () => ({ verdicts: ['correct', 'neutral', 'incorrect'] }));
    await exportBoth('steps stepwise', steps.id, 'stepwise');
    await exportBoth('steps annotations', steps.id, 'annotations');

    // Conversations (docs/conversations.md): the chosen path, turn-level pairs and per-turn ratings.
    const chat = await project(m, 'chat', 'conversation', { rubric: [{ name: 'helpful', scale: 5 }], labels: ['ok', 'wrong'] });
    await importTasks(h.ctx, m, chat.id, lines(JSON.stringify(CHAT)));
    await judgeAll(chat.id, tutors, (_id, i) => ({
      turns: [
        { turn: 2, scores: { helpful: 5 }, labels: ['ok'] },
        { turn: 4, scores: { helpful: 2 + i }, labels: ['wrong'], order: ['a', 'b'], ...(i === 0 ? { rewrite: '12.' } : {}) },
        { turn: 6, scores: { helpful: 4 } },
      ],
      firstBadTurn: i === 2 ? null : 4,
    }));
    for (const format of ['sft', 'dpo', 'turn-ratings', 'annotations'] as const)
      await exportBoth(`conversation ${format}`, chat.id, format);

    // The trap export, over 20 MB (see the header).
    const big = await project(m, 'big', 'preference', { quality: { reviewBelowConfidence: 0.5 } });
    const N = 2000;
    const filler = (seed: string) => `${seed} `.repeat(900);
    const bigLines = Array.from({ length: N }, (_, i) => {
      const late = i >= N / 2;
      const ids = late ? [`model-${i % 7}`, `model-${(i % 7) + 7}`] : ['a', 'b'];
      const meta = late ? { score: i % 2 ? i : `grade ${i}`, tags: i % 3 ? ['x'] : { nested: true } } : undefined;
      return task(`b${i}`, 'preference', {
        prompt: `prompt ${i}`,
        responses: ids.map((id) => ({ id, text: filler(`${id}-answer`) })),
        meta,
      });
    });
    for (let i = 0; i < N; i += 500) await importTasks(h.ctx, m, big.id, lines(...bigLines.slice(i, i + 500)));
    await judgeAll(big.id, tutors, (id, i) => {
      const n = Number(id.slice(1));
      const ids = n >= N / 2 ? [`model-${n % 7}`, `model-${(n % 7) + 7}`] : ['a', 'b'];
      if (n >= N - 3) return { choice: [ids[0], ids[1], 'tie'][i] }; // split, to the review queue
      return { choice: n < N / 2 || i < 2 ? ids[0] : ids[1] };
    });
    const review = await h.store.db
      .selectFrom('reviews as r')
      .innerJoin('tasks as t', 't.id', 'r.task_id')
      .select(['r.id', 't.external_id'])
      .where('t.external_id', '=', `b${N - 1}`)
      .executeTakeFirstOrThrow();
    await decideReview(h.ctx, m, review.id, { verdict: { choice: `model-${(N - 1) % 7}` }, comment: 'first is better' });
    await exportBoth('trap dpo', big.id, 'dpo');

    // The ratings trap: over 10 MB of items one tutor rated (stderr unknown), then items two rated (a number).
    const rateBig = await project(m, 'rate big', 'rating', { overlap: 2, rubric: [{ name: 'helpful', scale: 5 }] });
    const RN = 1200;
    const LATE = 20;
    await importTasks(
      h.ctx,
      m,
      rateBig.id,
      lines(
        ...Array.from({ length: RN }, (_, i) =>
          // Priority puts the last items first in the second tutor's queue: only they get a second rating.
          task(`rb${i}`, 'rating', { prompt: `rate ${i}`, response: { text: filler(`answer-${i}`) }, priority: i >= RN - LATE ? 10 : 0 }),
        ),
      ),
    );
    await judgeAll(rateBig.id, tutors.slice(0, 1), (_id, i) => ({ scores: { helpful: 3 + i } }));
    for (let k = 0; k < LATE; k++) {
      const n = await nextAssignment(h.ctx, tutors[1], rateBig.id);
      await submitAnnotation(h.ctx, tutors[1], n!.assignment.id, { response: { scores: { helpful: 4 } }, durationMs: 1000 });
    }
    await exportBoth('ratings trap', rateBig.id, 'ratings');

    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(exports));
    loaded = runPython('load_exports.py', [join(dir, 'manifest.json'), join(dir, 'hf-cache')], 600_000);
  }, 1_200_000);

  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the trap export is over 20 MB and its rows are what the project holds', () => {
    const trap = exports.find((e) => e.name === 'trap dpo')!;
    expect(statSync(trap.path).size).toBeGreaterThan(20 * 1024 * 1024);
    expect(trap.rows).toBe(2000 - 2); // two split items left out; the third was decided by a reviewer
  });

  it('every NDJSON export loads in datasets (default settings), pyarrow and pandas with every row', () => {
    for (const e of exports.filter((x) => x.kind === 'jsonl')) {
      const r = loaded[e.name];
      for (const consumer of ['datasets', 'pyarrow', 'pandas']) {
        expect(r[consumer].error, `${consumer} on ${e.name}`).toBeUndefined();
        expect(r[consumer].rows, `${consumer} rows of ${e.name}`).toBe(e.rows);
      }
    }
  });

  it('every dataset folder loads with load_dataset(folder), typed by its card', () => {
    for (const e of exports.filter((x) => x.kind === 'folder')) {
      const r = loaded[e.name].datasets_folder;
      expect(r.error, e.name).toBeUndefined();
      expect(r.rows, e.name).toBe(e.rows);
    }
  });

  it('fractional fields are floats, votes a list of records, source_meta a string, whatever the data', () => {
    const f = loaded['trap dpo'].datasets.features;
    expect(f.meta).toContain("'agreement': Value('float64')");
    expect(f.meta).toContain("'votes': List({'response': Value('string'), 'count': Value('int64')})");
    expect(f.meta).toContain("'reviewId': Value('string')");
    expect(f.source_meta).toBe("Value('string')");
    const last = loaded['trap dpo'].datasets.last;
    expect(last.meta.reviewId).not.toBe('');
    expect(JSON.parse(last.source_meta)).toHaveProperty('score');
    expect(loaded['steps stepwise'].datasets.features.labels).toBe("List(Value('bool'))");
    expect(loaded['rating ratings'].datasets.features.scores).toContain("'stderr': Value('float64')");
  });

  it('ratings: one annotator for the first 10 MB, then two, still loads with stderr a float throughout', () => {
    const trap = exports.find((e) => e.name === 'ratings trap')!;
    expect(statSync(trap.path).size).toBeGreaterThan(11 * 1024 * 1024);
    expect(trap.rows).toBe(1200);
    const { features, last } = loaded['ratings trap'].datasets;
    expect(features.scores).toContain("'stderr': Value('float64')");
    expect(last.scores[0]).toMatchObject({ axis: 'helpful', annotators: 2, stderr: 0.5 });
  });

  it('TRL trains DPOTrainer and RewardTrainer on dpo, SFTTrainer on sft, 2 steps each', () => {
    const dpo = exports.find((e) => e.name === 'preference dpo conversational')!;
    const sft = exports.find((e) => e.name === 'rewrite sft')!;
    const trained = runPython('train.py', [dpo.path, sft.path, join(dir, 'train')], 600_000);
    for (const trainer of ['DPOTrainer', 'SFTTrainer', 'RewardTrainer']) {
      expect(trained[trainer].steps, trainer).toBe(2);
      expect(Number.isFinite(trained[trainer].loss), trainer).toBe(true);
    }
  }, 600_000);
});
