/** Exports: dpo (majority, ties out, gold out), sft, rm, annotations (pseudonymous), read back line by line. */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, exportProject, importTasks, nextAssignment, projectStats, submitAnnotation } from '../../../src/services/index.js';
import { UserInputError } from '../../../src/domain/errors.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l);
  return out;
}

describe.each(testDatabases())('exportProject on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  /** Each tutor judges every task they are given, answering with `answer(externalId, tutorIndex)`. */
  async function judgeAll(projectId: number, tutors: Actor[], answer: (externalId: string, i: number) => unknown) {
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    for (const [i, t] of tutors.entries()) {
      for (let n = await nextAssignment(h.ctx, t, projectId); n; n = await nextAssignment(h.ctx, t, projectId)) {
        h.clock.advance(1000);
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: answer(ext.get(n.task.id)!, i), durationMs: 1000 * (i + 1) });
      }
    }
  }

  it('dpo: majority vote, ties left out, gold left out, every line with prompt, chosen, rejected', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'd', type: 'preference', domains: ['general'], overlap: 3, goldRate: 0.3 });
    const ctxTurns = JSON.stringify({
      id: 'ctx',
      type: 'preference',
      domain: 'general',
      context: [
        { role: 'user', content: 'earlier' },
        { role: 'assistant', content: 'reply' },
      ],
      prompt: 'and now?',
      responses: [
        { id: 'x', text: 'X' },
        { id: 'y', text: 'Y' },
      ],
    });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(preferenceLine('a-wins'), preferenceLine('b-wins'), preferenceLine('tied'), preferenceLine('gold', { gold: 'a' }), ctxTurns),
    );
    const tutors = [await addUser(h.store), await addUser(h.store), await addUser(h.store)];
    await judgeAll(p.id, tutors, (id, i) => {
      if (id === 'a-wins') return { choice: i < 2 ? 'a' : 'b' };
      if (id === 'b-wins') return { choice: 'b', strength: 3 };
      if (id === 'tied') return { choice: ['a', 'b', 'tie'][i] };
      if (id === 'ctx') return { choice: 'y' };
      return { choice: 'a' };
    });
    const out = await collect(await exportProject(h.ctx, p.id, 'dpo'));
    expect(out.every((l) => l.endsWith('\n'))).toBe(true);
    const rows = out.map(
      (l) =>
        JSON.parse(l) as {
          prompt: { role: string; content: string }[];
          chosen: { content: string }[];
          rejected: { content: string }[];
          meta: Record<string, unknown>;
        },
    );
    for (const r of rows) {
      expect(r.prompt.length).toBeGreaterThan(0);
      expect(r.prompt.at(-1)!.content.length).toBeGreaterThan(0);
      expect(r.chosen[0].content.length).toBeGreaterThan(0);
      expect(r.rejected[0].content.length).toBeGreaterThan(0);
    }
    expect(rows.map((r) => r.meta.taskId).sort()).toEqual(['a-wins', 'b-wins', 'ctx']);
    const aWins = rows.find((r) => r.meta.taskId === 'a-wins')!;
    expect(aWins.meta).toMatchObject({
      votes: [
        { response: 'a', count: 2 },
        { response: 'b', count: 1 },
        { response: 'tie', count: 0 },
      ],
      annotators: 3,
      agreement: 2 / 3,
      margin: 1 / 3,
    });
    expect(aWins.chosen[0].content).toBe('Answer A to a-wins');
    const ctx = rows.find((r) => r.meta.taskId === 'ctx')!;
    expect(ctx.prompt.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(ctx.chosen[0].content).toBe('Y');
  });

  it('sft: one conversation per rewrite with the tutor text as the assistant turn', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 's', type: 'rewrite', domains: ['code'], overlap: 2 });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(JSON.stringify({ id: 'r1', type: 'rewrite', domain: 'code', prompt: 'Sort a list', response: { text: 'use bubble sort' } })),
    );
    await judgeAll(p.id, [await addUser(h.store), await addUser(h.store)], (_id, i) => ({ text: `use sorted() (${i})` }));
    const rows = (await collect(await exportProject(h.ctx, p.id, 'sft'))).map(
      (l) => JSON.parse(l) as { messages: { role: string; content: string }[] },
    );
    expect(rows.map((r) => r.messages)).toEqual([
      [
        { role: 'user', content: 'Sort a list' },
        { role: 'assistant', content: 'use sorted() (0)' },
      ],
      [
        { role: 'user', content: 'Sort a list' },
        { role: 'assistant', content: 'use sorted() (1)' },
      ],
    ]);
    await expect(exportProject(h.ctx, p.id, 'dpo')).rejects.toBeInstanceOf(UserInputError);
  });

  it('ratings (and its deprecated alias rm): mean score per axis, as a list of records, with annotator count and standard error', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, {
      name: 'r',
      type: 'rating',
      domains: ['general'],
      overlap: 3,
      rubric: [
        { name: 'helpful', scale: 5 },
        { name: 'safe', scale: 3 },
      ],
    });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(JSON.stringify({ id: 'q', type: 'rating', domain: 'general', prompt: 'hi', response: { text: 'hello' } })),
    );
    await judgeAll(p.id, [await addUser(h.store), await addUser(h.store), await addUser(h.store)], (_id, i) => ({
      scores: { helpful: [2, 4, 3][i], safe: 3 },
    }));
    const ratings = await collect(await exportProject(h.ctx, p.id, 'ratings'));
    expect(await collect(await exportProject(h.ctx, p.id, 'rm'))).toEqual(ratings);
    const [row] = ratings.map(
      (l) => JSON.parse(l) as { response: string; scores: { axis: string; mean: number; annotators: number; stderr: number }[] },
    );
    expect(row.response).toBe('hello');
    const helpful = row.scores.find((s) => s.axis === 'helpful')!;
    expect(helpful.mean).toBe(3);
    expect(helpful.annotators).toBe(3);
    expect(helpful.stderr).toBeCloseTo(1 / Math.sqrt(3), 10);
    expect(row.scores.find((s) => s.axis === 'safe')).toEqual({ axis: 'safe', mean: 3, annotators: 3, stderr: 0 });
    // floats stay floats in the text: a mean of 3 is written 3.0
    expect(ratings[0]).toContain('"mean":3.0');
  });

  it('ratings: with one annotator, stderr is the float (scale − 1) / 2, never null (a null column breaks load_dataset)', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const rubric = [
      { name: 'helpful', scale: 5 },
      { name: 'safe', scale: 2 },
    ];
    const p = await createProject(h.ctx, m, { name: 'r1', type: 'rating', domains: ['general'], overlap: 1, rubric });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(JSON.stringify({ id: 'q', type: 'rating', domain: 'general', prompt: 'hi', response: { text: 'hello' } })),
    );
    await judgeAll(p.id, [await addUser(h.store)], () => ({ scores: { helpful: 4, safe: 1 } }));
    const [line] = await collect(await exportProject(h.ctx, p.id, 'ratings'));
    expect(line).toContain('"stderr":2.0');
    expect(line).toContain('"stderr":0.5');
    expect(line).not.toContain('null,');
    expect((JSON.parse(line) as { scores: unknown[] }).scores).toEqual([
      { axis: 'helpful', mean: 4, annotators: 1, stderr: 2 },
      { axis: 'safe', mean: 1, annotators: 1, stderr: 0.5 },
    ]);
  });

  it('annotations: every judgment on non-gold tasks, pseudonymous tutor, tier, domain, time; stats agree', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'a', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0.5 });
    await importTasks(h.ctx, m, p.id, lines(preferenceLine('t1'), preferenceLine('t2'), preferenceLine('g', { gold: 'a' })));
    const tutors = [await addUser(h.store, { tier: 'specialist' }), await addUser(h.store)];
    await judgeAll(p.id, tutors, () => ({ choice: 'a' }));
    const rows = (await collect(await exportProject(h.ctx, p.id, 'annotations'))).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.taskId !== 'g')).toBe(true);
    const pseudonyms = new Set(rows.map((r) => r.tutor));
    expect(pseudonyms.size).toBe(2);
    const emails = (await h.store.db.selectFrom('users').select('email').execute()).map((u) => u.email);
    const text = JSON.stringify(rows);
    for (const e of emails) expect(text).not.toContain(e);
    for (const t of tutors) expect([...pseudonyms]).not.toContain(String(t.id));
    expect(rows.filter((r) => r.tier === 'specialist')).toHaveLength(2);
    expect(rows.every((r) => r.domain === 'general' && typeof r.durationMs === 'number')).toBe(true);

    const stats = await projectStats(h.ctx, p.id);
    expect(stats.tasks).toEqual({ total: 3, gold: 1, done: 2, inProgress: 0, left: 0 });
    // Whether each tutor met the gold task depends on the per-database secret: count from the rows.
    const stored = (await h.store.db.selectFrom('annotations').select('id').execute()).length;
    expect(stored).toBeGreaterThanOrEqual(4);
    expect(stats.perTutor.map((t) => t.judgments).reduce((a, b) => a + b, 0)).toBe(stored);
    expect(stats.judgmentsPerDay).toEqual([{ day: '2026-11-23', count: stored }]);
  });
});
