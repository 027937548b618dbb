/** Import: all-or-nothing, every bad line with its number and reason, idempotent re-import, streaming edges. */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, listTasks } from '../../../src/services/index.js';
import { testDatabases } from '../../support/databases.js';
import { hasSharedData, sharedDataDir, sharedDataSkipReason } from '../../support/sharedData.js';
import { addUser, harness, inputFailure, lines, preferenceLine, type Harness } from '../../support/fixtures.js';

describe.each(testDatabases())('importTasks on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(extra: Record<string, unknown> = {}) {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, { name: 'imp', type: 'preference', domains: ['general', 'safety'], ...extra });
    const count = async () => (await listTasks(h.ctx, project.id, { offset: 0, limit: 1000 })).total;
    return { manager, project, count };
  }

  it('reports every bad line with line number and field, and imports nothing', async () => {
    const { manager, project, count } = await setup();
    const input = lines(
      preferenceLine('ok1'),
      '{not json',
      JSON.stringify({
        id: 'x2',
        type: 'preference',
        domain: 'general',
        prompt: 'p',
        responses: [
          { id: 'a', text: 'A' },
          { id: 'b', text: '' },
        ],
      }),
      '',
      JSON.stringify({ id: 'x3', type: 'rating', domain: 'general', prompt: 'p', response: { text: 'r' } }),
      preferenceLine('x4', { domain: 'medicine' }),
      preferenceLine('x5', { gold: 'z' }),
      preferenceLine('ok2'),
    );
    const e = await inputFailure(importTasks(h.ctx, manager, project.id, input, { fileName: 'tasks.jsonl' }));
    expect(e.problems.map((p) => [p.line, p.field])).toEqual([
      [2, undefined],
      [3, 'responses.1.text'],
      [5, 'type'],
      [6, 'domain'],
      [7, 'gold.choice'],
    ]);
    expect(e.problems.every((p) => p.file === 'tasks.jsonl' && p.message.length > 0)).toBe(true);
    expect(await count()).toBe(0);
  });

  it('caps the list of problems and says how many more there were', async () => {
    const { manager, project } = await setup();
    const bad = Array.from({ length: 250 }, () => '[]');
    const e = await inputFailure(importTasks(h.ctx, manager, project.id, lines(...bad), { maxProblems: 100 }));
    expect(e.problems).toHaveLength(101);
    expect(e.problems[100].message).toBe('and 150 more');
    expect(e.problems[99].line).toBe(100);
  });

  it('rolls back batches already written when a late line is bad', async () => {
    const { manager, project, count } = await setup();
    // More than one staging batch on either database (1,000 rows on SQLite, 5,000 on PostgreSQL).
    const good = Array.from({ length: 5100 }, (_, i) => preferenceLine(`t${i}`));
    const e = await inputFailure(importTasks(h.ctx, manager, project.id, lines(...good, '{"id": "late"}')));
    expect(e.problems[0].line).toBe(5101);
    expect(await count()).toBe(0);
  });

  it('is idempotent by external id: same content skipped, changed content refused with its line', async () => {
    const { manager, project, count } = await setup();
    const first = [preferenceLine('a'), preferenceLine('b'), preferenceLine('c', { gold: 'a' })];
    expect(await importTasks(h.ctx, manager, project.id, lines(...first))).toEqual({ imported: 3, skipped: 0 });
    expect(await importTasks(h.ctx, manager, project.id, lines(...first, preferenceLine('d')))).toEqual({ imported: 1, skipped: 3 });
    const e = await inputFailure(
      importTasks(h.ctx, manager, project.id, lines(preferenceLine('e'), preferenceLine('b', { prompt: 'changed' }))),
    );
    expect(e.problems).toEqual([expect.objectContaining({ line: 2, field: 'id', message: expect.stringContaining('different content') })]);
    expect(await count()).toBe(4);
    // A repeated id inside one file follows the same rule.
    expect(await importTasks(h.ctx, manager, project.id, lines(preferenceLine('f'), preferenceLine('f')))).toEqual({
      imported: 1,
      skipped: 1,
    });
    const e2 = await inputFailure(
      importTasks(h.ctx, manager, project.id, lines(preferenceLine('g'), preferenceLine('g', { priority: 3 }))),
    );
    expect(e2.problems[0].line).toBe(2);
    const page = await listTasks(h.ctx, project.id, { offset: 0, limit: 10 });
    expect(page.tasks.filter((t) => t.gold !== null).map((t) => t.externalId)).toEqual(['c']);
  });

  it('reads lines split anywhere across chunks, CRLF endings and multi-byte characters', async () => {
    const { manager, project } = await setup();
    const text = [preferenceLine('ü-1', { prompt: 'Grüße, 你好 🙂' }), preferenceLine('2')].join('\r\n');
    const bytes = Buffer.from(text, 'utf8');
    async function* oneByteAtATime() {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    }
    expect(await importTasks(h.ctx, manager, project.id, oneByteAtATime())).toEqual({ imported: 2, skipped: 0 });
    const page = await listTasks(h.ctx, project.id, { offset: 0, limit: 10 });
    expect(page.tasks[0].payload.prompt).toBe('Grüße, 你好 🙂');
    expect(page.tasks[0].externalId).toBe('ü-1');
  });

  it('reports progress in lines and bytes', async () => {
    const { manager, project } = await setup();
    const input = lines(preferenceLine('p1'), preferenceLine('p2'), preferenceLine('p3'));
    const seen: { lines: number; bytes: number }[] = [];
    await importTasks(h.ctx, manager, project.id, input, { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ lines: 3, bytes: Buffer.byteLength(input[0]) });
  });

  it.skipIf(!hasSharedData)(`imports HH-RLHF pairs with a hidden, balanced A/B position ${sharedDataSkipReason ?? ''}`, async () => {
    const { manager, project } = await setup();
    const file = join(sharedDataDir, 'tasks/hh-rlhf-harmless-test.jsonl.gz');
    const result = await importTasks(h.ctx, manager, project.id, createReadStream(file).pipe(createGunzip()), {
      format: 'hh-rlhf',
      fileName: 'hh.jsonl',
    });
    // Some published pairs are identical dialogues (same id, imported once); a few have an empty reply (left out).
    expect(result.imported + result.skipped + (result.leftOut?.count ?? 0)).toBe(2312);
    expect(result.leftOut!.lines).toContain(87);
    expect(result.imported).toBeGreaterThan(2200);
    const page = await listTasks(h.ctx, project.id, { offset: 0, limit: 1000 });
    const chosenA = page.tasks.filter((t) => (t.payload.meta as { hhRlhf: { chosen: string } }).hhRlhf.chosen === 'a').length;
    expect(chosenA / page.tasks.length).toBeGreaterThan(0.4);
    expect(chosenA / page.tasks.length).toBeLessThan(0.6);
    expect(page.tasks.every((t) => t.gold === null && t.domain === 'safety')).toBe(true);
    const multi = page.tasks.find((t) => Array.isArray(t.payload.context));
    expect((multi!.payload.context as { role: string }[])[0].role).toBe('user');
    const again = await importTasks(h.ctx, manager, project.id, createReadStream(file).pipe(createGunzip()), { format: 'hh-rlhf' });
    expect(again.imported).toBe(0);
  });

  it('turns a malformed HH-RLHF line into a located problem', async () => {
    const { manager, project } = await setup();
    const ok = JSON.stringify({ chosen: '\n\nHuman: hi\n\nAssistant: hello', rejected: '\n\nHuman: hi\n\nAssistant: go away' });
    const noTurns = JSON.stringify({ chosen: 'hello', rejected: '\n\nHuman: bye\n\nAssistant: go away' });
    const e = await inputFailure(
      importTasks(h.ctx, manager, project.id, lines(ok, noTurns, '{"chosen": 1}', '{"chosen": "x"}'), { format: 'hh-rlhf' }),
    );
    expect(e.problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'chosen'],
      [3, 'chosen'],
      [4, 'rejected'],
    ]);
    const diverged = JSON.stringify({ chosen: '\n\nHuman: hi\n\nAssistant: hello', rejected: '\n\nHuman: bye\n\nAssistant: go away' });
    const result = await importTasks(h.ctx, manager, project.id, lines(ok, diverged), { format: 'hh-rlhf' });
    expect(result).toEqual({ imported: 1, skipped: 0, leftOut: { count: 1, lines: [2] } });
  });
});
