/**
 * Exports byte for byte, and their summaries, on both databases. One fixture with every case the
 * training formats decide on (unanimous, majority, a 2:2 split, a 2:1:1 majority, ties, a reviewer's
 * verdict on a split, gold, unjudged, context turns and imported meta, ranking, labels, ratings): every
 * export's bytes must equal the recorded golden file (`golden/exports.txt`, written by the code before
 * the exports were made faster), so a faster encoder or reader cannot change a byte; and the summary a
 * manager sees before downloading (`count()`, counted without forming the export) must equal the one
 * the streamed export reports at its end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportFormat, ExportOptions } from '../../../src/domain/api/export.js';
import type { Actor } from '../../../src/services/context.js';
import { createProject, decideReview, exportProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, type Harness, lines, preferenceLine } from '../../support/fixtures.js';

const pick = (i: number, answers: string[]) => answers[i % answers.length];

/** Preference answers per task by tutor (4 tutors, overlap 4). */
const CHOICES: Record<string, string[]> = {
  unanimous: ['a', 'a', 'a', 'a'],
  majority: ['a', 'a', 'a', 'b'],
  even: ['a', 'a', 'b', 'b'],
  plurality: ['b', 'b', 'a', 'tie'],
  tied: ['tie', 'tie', 'tie', 'a'],
  'tie-split': ['tie', 'tie', 'b', 'b'],
  reviewed: ['a', 'b', 'tie', 'a'],
  context: ['b', 'b', 'b', 'a'],
};
const LABELS: Record<string, string[][]> = {
  l1: [['safe'], ['safe'], ['safe'], ['safe']],
  l2: [['safe'], ['safe'], ['unsafe'], ['unsafe']],
  l3: [['safe'], ['safe'], ['unsafe'], ['other']],
  l4: [['unsafe'], ['unsafe'], ['unsafe'], ['safe']],
  l5: [['safe', 'other'], ['safe', 'other'], ['safe'], ['safe', 'other']],
};

describe.each(testDatabases())('export bytes and summaries on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function judgeAll(projectId: number, tutors: Actor[], answer: (externalId: string, i: number) => Record<string, unknown>) {
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    for (const [i, t] of tutors.entries()) {
      for (let n = await nextAssignment(h.ctx, t, projectId); n; n = await nextAssignment(h.ctx, t, projectId)) {
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: answer(ext.get(n.task.id)!, i), durationMs: 1000 + i });
      }
    }
  }

  async function fixture() {
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [];
    for (let i = 0; i < 4; i++)
      tutors.push(await addUser(h.store, { tier: i < 2 ? 'specialist' : 'generalist', domains: ['general', 'code'] }));
    const pref = await createProject(h.ctx, m, {
      name: 'pref',
      type: 'preference',
      domains: ['general', 'code'],
      overlap: 4,
      quality: { reviewBelowConfidence: 0.5 },
    });
    const context = JSON.stringify({
      id: 'context',
      type: 'preference',
      domain: 'code',
      context: [
        { role: 'user', content: 'hi "there"' },
        { role: 'assistant', content: 'hello\nworld' },
      ],
      prompt: 'p \u00e9 \u2028 \\ ',
      responses: [
        { id: 'a', text: 'A\ttab' },
        { id: 'b', text: 'B 😀' },
      ],
      meta: { score: 1, nested: { a: [1, 'b', null] } },
    });
    const prefTasks = Object.keys(CHOICES).filter((k) => k !== 'context');
    await importTasks(
      h.ctx,
      m,
      pref.id,
      lines(...prefTasks.map((id) => preferenceLine(id)), context, preferenceLine('gold', { gold: 'a' })),
    );
    await judgeAll(pref.id, tutors, (id, i) => ({ choice: id === 'gold' ? 'a' : CHOICES[id][i] }));
    await importTasks(h.ctx, m, pref.id, lines(preferenceLine('unjudged')));
    const review = await h.store.db
      .selectFrom('reviews as r')
      .innerJoin('tasks as t', 't.id', 'r.task_id')
      .select('r.id')
      .where('t.external_id', '=', 'reviewed')
      .orderBy('r.id')
      .executeTakeFirstOrThrow();
    await decideReview(h.ctx, m, review.id, { verdict: { choice: 'b' }, comment: 'B' });

    const lab = await createProject(h.ctx, m, {
      name: 'lab',
      type: 'label',
      domains: ['general'],
      overlap: 4,
      labels: ['safe', 'unsafe', 'other'],
      multiLabel: true,
    });
    await importTasks(
      h.ctx,
      m,
      lab.id,
      lines(
        ...Object.keys(LABELS).map((id) =>
          JSON.stringify(
            id === 'l4'
              ? { id, type: 'label', domain: 'general', messages: [{ role: 'user', content: 'lockpicking?' }] }
              : { id, type: 'label', domain: 'general', text: `text ${id}`, meta: { n: id } },
          ),
        ),
      ),
    );
    await judgeAll(lab.id, tutors, (id, i) => ({ labels: LABELS[id][i] }));

    const rank = await createProject(h.ctx, m, { name: 'rank', type: 'ranking', domains: ['general'], overlap: 2 });
    const ranking = (id: string) =>
      JSON.stringify({
        id,
        type: 'ranking',
        domain: 'general',
        prompt: `rank ${id}`,
        responses: ['a', 'b', 'c'].map((r) => ({ id: r, text: r.toUpperCase() })),
      });
    await importTasks(h.ctx, m, rank.id, lines(ranking('r1'), ranking('r2')));
    await judgeAll(rank.id, tutors.slice(0, 2), (id, i) => ({ order: id === 'r1' && i === 1 ? ['b', 'a', 'c'] : ['a', 'b', 'c'] }));

    const rate = await createProject(h.ctx, m, {
      name: 'rate',
      type: 'rating',
      domains: ['general'],
      overlap: 2,
      rubric: [
        { name: 'helpfulness', scale: 5 },
        { name: 'safety', scale: 3 },
      ],
    });
    await importTasks(
      h.ctx,
      m,
      rate.id,
      lines(
        ...['g1', 'g2'].map((id) =>
          JSON.stringify({ id, type: 'rating', domain: 'general', prompt: `rate ${id}`, response: { text: `answer ${id}` } }),
        ),
      ),
    );
    await judgeAll(rate.id, tutors.slice(0, 2), (id, i) => ({ scores: { helpfulness: id === 'g1' ? 4 : 2 + i, safety: 3 - i } }));
    return { pref: pref.id, lab: lab.id, rank: rank.id, rate: rate.id };
  }

  const cases = (p: Awaited<ReturnType<typeof fixture>>): [string, number, ExportFormat, ExportOptions][] => [
    ['dpo conversational', p.pref, 'dpo', {}],
    ['dpo conversational with ties', p.pref, 'dpo', { includeTies: true }],
    ['dpo trl-standard', p.pref, 'dpo', { style: 'trl-standard' }],
    ['dpo llamafactory', p.pref, 'dpo', { style: 'llamafactory', includeTies: true }],
    ['annotations', p.pref, 'annotations', {}],
    ['ranking dpo', p.rank, 'dpo', {}],
    ['ranking dpo with ties', p.rank, 'dpo', { includeTies: true }],
    ['classification', p.lab, 'classification', {}],
    ['classification with ties', p.lab, 'classification', { includeTies: true }],
    ['annotations of labels', p.lab, 'annotations', {}],
    ['ratings', p.rate, 'ratings', {}],
  ];

  it('every export writes the recorded bytes, and the summary counted beforehand equals the one it ends with', async () => {
    h = await harness(await freshUrl());
    const p = await fixture();
    let golden = '';
    for (const [name, projectId, format, options] of cases(p)) {
      const before = await (await exportProject(h.ctx, projectId, format, options)).count();
      const stream = await exportProject(h.ctx, projectId, format, options);
      let text = '';
      let lines = 0;
      for await (const line of stream) {
        text += line;
        lines++;
      }
      const after = await stream.summary();
      expect(before, name).toEqual(after);
      expect(after.rows, name).toBe(lines);
      // Tutors' pseudonyms use the database's own secret: the rest of each line is fixed.
      golden += `## ${name}\n${text.replace(/"tutor":"t_[0-9a-f]{16}"/g, '"tutor":"t_…"')}## summary ${JSON.stringify(after)}\n`;
    }
    await expect(golden).toMatchFileSnapshot('golden/exports.txt');

    // Tasks the stored consensus cannot decide in SQL are decided from their votes: a row without its
    // agreement (written before migration 025) and tasks with no consensus row at all.
    const idOf = async (externalId: string) =>
      (await h.store.db.selectFrom('tasks').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
    await h.store.db
      .updateTable('task_consensus')
      .set({ agreement: null })
      .where('task_id', '=', await idOf('majority'))
      .execute();
    const unknown = await Promise.all(['tied', 'tie-split', 'l2', 'l4'].map(idOf));
    await h.store.db.deleteFrom('task_consensus').where('task_id', 'in', unknown).execute();
    // A rating task nobody judged yet, and one leased but not submitted: counted in SQL, neither is a line.
    const manager = await addUser(h.store, { role: 'manager' });
    const rating = (id: string) =>
      JSON.stringify({ id, type: 'rating', domain: 'general', prompt: `rate ${id}`, response: { text: `answer ${id}` } });
    await importTasks(h.ctx, manager, p.rate, lines(rating('unjudged'), rating('leased')));
    expect(await nextAssignment(h.ctx, await addUser(h.store), p.rate)).not.toBeNull();
    for (const [name, projectId, format, options] of cases(p)) {
      const before = await (await exportProject(h.ctx, projectId, format, options)).count();
      const stream = await exportProject(h.ctx, projectId, format, options);
      let lines = 0;
      for await (const _ of stream) lines++;
      expect(before, `${name}, partly without consensus`).toEqual(await stream.summary());
      expect(before.rows).toBe(lines);
    }
  });
});
