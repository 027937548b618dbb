/** `tutorloop report --project`: economics of a real project read from the database, and the Markdown + SVG written by the CLI. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { measureProjectEconomics } from '../../../src/services/economics/index.js';
import { runReport } from '../../../src/cli/commands/report.js';
import { UserInputError } from '../../../src/domain/errors.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('project report on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('prices, counts and scores judgments per tier from the database, and the CLI writes report.md + SVG', async () => {
    const url = await freshUrl();
    h = await harness(url);
    // Gold mixing is keyed by the database's secret, which the migration draws at random: fix it, so
    // which `next` calls draw gold is the same on every run (a random one left the generalist
    // without gold about once in 64 runs).
    await h.store.db.updateTable('settings').set({ value: 'project-report-test' }).where('key', '=', 'secret').execute();
    const m = await addUser(h.store, { role: 'manager' });
    const p = await createProject(h.ctx, m, { name: 'prefs', type: 'preference', domains: ['general'], overlap: 2, goldRate: 0.5 });
    await importTasks(
      h.ctx,
      m,
      p.id,
      lines(
        preferenceLine('g1', { gold: 'a' }),
        preferenceLine('g2', { gold: 'a' }),
        preferenceLine('g3', { gold: 'b' }),
        preferenceLine('t1'),
        preferenceLine('t2'),
        preferenceLine('t3'),
      ),
    );
    const spec = [await addUser(h.store, { tier: 'specialist', domains: ['general'], name: 'Spec' })];
    const gen = [await addUser(h.store, { tier: 'generalist', name: 'Gen' })];
    // Specialists: $3.00 per task. Generalists: $60/hour, 60 s per judgment → $1.00.
    await h.store.db.updateTable('users').set({ pay_model: 'per_task', pay_rate: 300 }).where('id', '=', spec[0].id).execute();
    await h.store.db.updateTable('users').set({ pay_model: 'hourly', pay_rate: 6000 }).where('id', '=', gen[0].id).execute();
    const goldOf: Record<string, string> = { g1: 'a', g2: 'a', g3: 'b' };
    const ext = new Map((await h.store.db.selectFrom('tasks').select(['id', 'external_id']).execute()).map((r) => [r.id, r.external_id]));
    const seen = { specialist: { n: 0, gold: 0, right: 0 }, generalist: { n: 0, gold: 0, right: 0 } };
    // Specialists right on gold; generalists right only on g1. Non-gold: everyone says "a".
    const judge = async (t: Actor, tier: 'specialist' | 'generalist') => {
      for (let i = 0, n = await nextAssignment(h.ctx, t, p.id); n && i < 6; i++, n = await nextAssignment(h.ctx, t, p.id)) {
        const id = ext.get(n.task.id)!;
        const gold = goldOf[id];
        const choice = gold === undefined ? 'a' : tier === 'specialist' || id === 'g1' ? gold : gold === 'a' ? 'b' : 'a';
        h.clock.advance(60_000);
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: { choice }, durationMs: 60_000 });
        seen[tier].n++;
        if (gold !== undefined) {
          seen[tier].gold++;
          if (choice === gold) seen[tier].right++;
        }
      }
    };
    await judge(spec[0], 'specialist');
    await judge(gen[0], 'generalist');
    expect(seen.specialist.n).toBeGreaterThan(0);
    expect(seen.generalist.n).toBeGreaterThan(0);
    expect(seen.generalist.gold).toBeGreaterThan(0);

    const data = await measureProjectEconomics(h.ctx, p.id);
    const e = data.economics;
    expect(e.costCents).toBe(300 * seen.specialist.n + 100 * seen.generalist.n);
    const tier = (t: string) => e.rollups.byTier.find((r) => r.key.tier === t)!;
    expect(tier('specialist')).toMatchObject({
      judgments: seen.specialist.n,
      costCents: 300 * seen.specialist.n,
      timeMs: 60_000 * seen.specialist.n,
    });
    expect(tier('generalist')).toMatchObject({
      judgments: seen.generalist.n,
      costCents: 100 * seen.generalist.n,
      timeMs: 60_000 * seen.generalist.n,
    });
    expect(data.goldByTier.specialist).toEqual({ judgments: seen.specialist.gold, correct: seen.specialist.gold });
    expect(data.goldByTier.generalist).toEqual({ judgments: seen.generalist.gold, correct: seen.generalist.right });
    // Gold tasks are clamped to gold, and every non-gold answer is "a": accepted = all but the generalist's wrong gold answers.
    expect(tier('specialist').accepted).toBe(seen.specialist.n);
    expect(tier('generalist').accepted).toBe(seen.generalist.n - (seen.generalist.gold - seen.generalist.right));
    expect(e.rollups.byTutor.map((r) => data.tutorNames[r.key.tutor!]).sort()).toEqual(['Gen', 'Spec']);
    expect(e.tierComparison.map((c) => c.domain)).toEqual(['general']);
    expect(e.tierComparison[0].verdict).toMatch(/too little data|better per dollar|no clear difference/);

    const out = mkdtempSync(join(tmpdir(), 'tutorloop-report-'));
    await runReport({ project: 'prefs', db: url, out });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('# Project report: prefs');
    expect(md).toContain(`$${((300 * seen.specialist.n + 100 * seen.generalist.n) / 100).toFixed(2)}`);
    expect(md).toContain(`| specialist | ${seen.specialist.gold} | ${seen.specialist.gold} | 100.0% |`);
    expect(md).toContain(`| generalist | ${seen.generalist.gold} | ${seen.generalist.right} |`);
    expect(md).toContain(e.tierComparison[0].verdict);
    const svgs = readdirSync(out).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, svgs[0]), 'utf8')).toContain('<svg');

    await expect(runReport({ project: 'no-such-project', db: url, out })).rejects.toThrow(/no-such-project/);
    await expect(runReport({ db: url, out })).rejects.toBeInstanceOf(UserInputError);
    await expect(runReport({ project: 'prefs', simulation: ['x.json'], db: url, out })).rejects.toBeInstanceOf(UserInputError);
  });
});
