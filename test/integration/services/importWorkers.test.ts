/**
 * Import with the parsing in worker threads (large inputs): the same tasks, problems, line numbers and
 * left-out lines as the in-thread path, all-or-nothing, idempotent re-import. Inputs arrive in small
 * chunks that split lines and multi-byte characters, and batches are small, so lines cross every seam.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, importTasks, listTasks } from '../../../src/services/index.js';
import type { ParallelOptions } from '../../../src/services/imports/readImportFile.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, inputFailure, preferenceLine, type Harness } from '../../support/fixtures.js';

const inThread: ParallelOptions = { workers: 0 };
const inWorkers: ParallelOptions = { workers: 1, minBytes: 0, batchBytes: 16 * 1024 };
const inTwoWorkers: ParallelOptions = { workers: 2, minBytes: 0, batchBytes: 8 * 1024 };

/** The text as Buffers of `size` bytes: chunk edges fall inside lines and inside UTF-8 characters. */
function* chunked(text: string, size = 5000): Generator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** A mixed file: gold, priorities, both domains, non-ASCII, blank lines and CRLF endings. */
function mixedFile(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 250 === 17) out.push('');
    out.push(
      preferenceLine(`m${i}`, {
        domain: i % 3 === 0 ? 'safety' : 'general',
        ...(i % 11 === 0 ? { gold: i % 2 ? 'a' : 'b' } : {}),
        ...(i % 7 === 0 ? { priority: (i % 5) - 2 } : {}),
        prompt: `Grüße ${i}, 你好 🙂 ${'x'.repeat(i % 40)}`,
      }),
    );
  }
  return out.map((l, i) => (i % 9 === 4 ? `${l}\r` : l)).join('\n') + '\n';
}

describe.each(testDatabases())('importTasks with parse workers on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup() {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    let n = 0;
    const project = () => createProject(h.ctx, manager, { name: `imp-${n++}`, type: 'preference', domains: ['general', 'safety'] });
    const count = async (id: number) => (await listTasks(h.ctx, id, { offset: 0, limit: 1 })).total;
    const rows = (id: number) =>
      h.store.db
        .selectFrom('tasks')
        .select(['external_id', 'domain', 'payload', 'gold', 'is_gold', 'content_hash', 'priority'])
        .where('project_id', '=', id)
        .orderBy('id')
        .execute();
    return { manager, project, count, rows };
  }

  it('stores the same tasks as the in-thread path, in the same order', async () => {
    const { manager, project, rows } = await setup();
    const text = mixedFile(3000);
    const a = await project();
    const b = await project();
    const c = await project();
    expect(await importTasks(h.ctx, manager, a.id, chunked(text), { parallel: inThread })).toEqual({ imported: 3000, skipped: 0 });
    expect(await importTasks(h.ctx, manager, b.id, chunked(text), { parallel: inWorkers })).toEqual({ imported: 3000, skipped: 0 });
    expect(await importTasks(h.ctx, manager, c.id, chunked(text, 777), { parallel: inTwoWorkers })).toEqual({ imported: 3000, skipped: 0 });
    const expected = await rows(a.id);
    expect(expected).toHaveLength(3000);
    expect(await rows(b.id)).toEqual(expected);
    expect(await rows(c.id)).toEqual(expected);
  });

  it('reports the same problems, with the same line numbers and cap, as the in-thread path', async () => {
    const { manager, project, count } = await setup();
    const ls = mixedFile(4000).split('\n');
    const bad = [
      '{not json',
      '[]',
      preferenceLine('x', { domain: 'medicine' }),
      preferenceLine('y', { gold: 'z' }),
      JSON.stringify({ id: 'r', type: 'rating', domain: 'general', prompt: 'p', response: { text: 'r' } }),
    ];
    for (let i = 150, k = 0; i < ls.length - 1; i += 61, k++) ls[i] = bad[k % bad.length];
    const text = ls.join('\n');
    const p = await project();
    const here = await inputFailure(
      importTasks(h.ctx, manager, p.id, chunked(text), { parallel: inThread, maxProblems: 40, fileName: 'f.jsonl' }),
    );
    const there = await inputFailure(
      importTasks(h.ctx, manager, p.id, chunked(text), { parallel: inWorkers, maxProblems: 40, fileName: 'f.jsonl' }),
    );
    const two = await inputFailure(
      importTasks(h.ctx, manager, p.id, chunked(text, 333), { parallel: inTwoWorkers, maxProblems: 40, fileName: 'f.jsonl' }),
    );
    expect(here.problems).toHaveLength(41);
    expect(here.problems[0].line).toBe(151);
    expect(here.problems.at(-1)!.message).toMatch(/^and \d+ more$/);
    expect(there.problems).toEqual(here.problems);
    expect(there.message).toBe(here.message);
    expect(two.problems).toEqual(here.problems);
    expect(await count(p.id)).toBe(0);
  });

  it('imports nothing when one line deep in a large file is bad, and names that line (default thresholds)', async () => {
    const { manager, project, count } = await setup();
    const p = await project();
    // ~6 MB: past the default 4 MB read-ahead, so the default options parse in a worker.
    const ls = Array.from({ length: 20_000 }, (_, i) => preferenceLine(`big-${i}`, { prompt: `Prompt ${i} ${'p'.repeat(200)}` }));
    ls[19_876] = JSON.stringify({
      id: 'bad',
      type: 'preference',
      domain: 'general',
      prompt: 'p',
      responses: [
        { id: 'a', text: 'A' },
        { id: 'b', text: '' },
      ],
    });
    const text = ls.join('\n') + '\n';
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 1024 * 1024);
    const e = await inputFailure(importTasks(h.ctx, manager, p.id, chunked(text, 64 * 1024), { fileName: 'big.jsonl' }));
    expect(e.problems).toEqual([{ file: 'big.jsonl', line: 19_877, field: 'responses.1.text', message: expect.any(String) }]);
    expect(await count(p.id)).toBe(0);
    ls[19_876] = preferenceLine('big-19876');
    expect(await importTasks(h.ctx, manager, p.id, chunked(ls.join('\n'), 64 * 1024))).toEqual({ imported: 20_000, skipped: 0 });
  });

  it('re-imports idempotently: same content skipped, changed content refused with its line, repeats within the file', async () => {
    const { manager, project, count } = await setup();
    const p = await project();
    const ls = Array.from({ length: 5000 }, (_, i) => preferenceLine(`r${i}`, i % 13 === 0 ? { gold: 'a' } : {}));
    const text = ls.join('\n') + '\n';
    expect(await importTasks(h.ctx, manager, p.id, chunked(text), { parallel: inWorkers })).toEqual({ imported: 5000, skipped: 0 });
    expect(await importTasks(h.ctx, manager, p.id, chunked(text), { parallel: inWorkers })).toEqual({ imported: 0, skipped: 5000 });
    const more = [...ls, preferenceLine('new-1'), preferenceLine('r17'), preferenceLine('new-1')].join('\n');
    expect(await importTasks(h.ctx, manager, p.id, chunked(more), { parallel: inWorkers })).toEqual({ imported: 1, skipped: 5002 });
    const changed = [...ls];
    changed[4320] = preferenceLine('r4320', { prompt: 'changed' });
    changed.push(preferenceLine('new-2'));
    const e = await inputFailure(importTasks(h.ctx, manager, p.id, chunked(changed.join('\n')), { parallel: inWorkers }));
    expect(e.problems).toEqual([
      expect.objectContaining({ line: 4321, field: 'id', message: expect.stringContaining('different content') }),
    ]);
    expect(await count(p.id)).toBe(5001);
  });

  it('gives HH-RLHF left-out lines as the in-thread path does', async () => {
    const { manager, project, rows } = await setup();
    const hh = Array.from({ length: 1500 }, (_, i) =>
      JSON.stringify({
        chosen: `\n\nHuman: q${i}?\n\nAssistant: ${i % 97 === 0 ? '' : `yes ${i}`}`,
        rejected: `\n\nHuman: q${i}?\n\nAssistant: no ${i}`,
      }),
    ).join('\n');
    const a = await project();
    const b = await project();
    const here = await importTasks(h.ctx, manager, a.id, chunked(hh), { format: 'hh-rlhf', parallel: inThread });
    const there = await importTasks(h.ctx, manager, b.id, chunked(hh), { format: 'hh-rlhf', parallel: inWorkers });
    expect(here.leftOut!.count).toBe(16);
    expect(there).toEqual(here);
    expect(await rows(b.id)).toEqual(await rows(a.id));
  });

  it('fails whole, and stops its workers, when the input stream fails part-way', async () => {
    const { manager, project, count } = await setup();
    const p = await project();
    const text = mixedFile(3000);
    async function* broken() {
      let sent = 0;
      for (const c of chunked(text)) {
        if ((sent += c.length) > text.length / 2) throw new Error('connection reset');
        yield c;
      }
    }
    await expect(importTasks(h.ctx, manager, p.id, broken(), { parallel: inWorkers })).rejects.toThrow('connection reset');
    expect(await count(p.id)).toBe(0);
  });
});
