/**
 * Imports from the formats people already hold (docs/imports.md), each from a fixture in its documented
 * shape (test/fixtures/imports): detected with `auto` and said, converted to the project's task type,
 * gzip read directly, bad records named by file, line and field with nothing imported, ambiguity
 * refused, and tutorloop's own dpo/sft exports round-tripped (export → import → export).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, exportProject, importTasks, listTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import type { Actor } from '../../../src/services/context.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, inputFailure, lines, type Harness } from '../../support/fixtures.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'imports');
const fixture = (name: string) => createReadStream(join(FIXTURES, name));

// biome-ignore lint/suspicious/noExplicitAny: payloads of several task types, read field by field in the assertions
type Task = { externalId: string; domain: string; payload: Record<string, any>; gold: Record<string, unknown> | null };

describe.each(testDatabases())('imports from other formats on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(type: string, extra: Record<string, unknown> = {}) {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, { name: `p-${type}`, type, domains: ['general', 'safety'], ...extra } as never);
    const tasks = async () => (await listTasks(h.ctx, project.id, { offset: 0, limit: 1000 })).tasks as unknown as Task[];
    const run = async (name: string, options: Parameters<typeof importTasks>[4] = {}) => {
      let chosen: { format: string; detected: boolean } | undefined;
      const result = await importTasks(h.ctx, manager, project.id, fixture(name), {
        fileName: name,
        ...options,
        onFormat: (c) => (chosen = c),
      });
      return { ...result, chosen };
    };
    return { manager, project, tasks, run };
  }

  /** The chosen reply's text, by meta.chosen. */
  const chosenText = (t: Task) => t.payload.responses.find((r: { id: string }) => r.id === t.payload.meta.chosen).text;

  it('TRL preference, standard and conversational, explicit or implicit prompt; gzip read directly', async () => {
    const { tasks, run } = await setup('preference');
    expect(await run('trl-standard.jsonl')).toMatchObject({ imported: 2, chosen: { format: 'trl', detected: true } });
    expect(await run('trl-conversational.jsonl')).toMatchObject({ imported: 2, chosen: { format: 'trl', detected: true } });
    const all = await tasks();
    const byPrompt = new Map(all.map((t) => [t.payload.prompt, t]));
    expect(chosenText(byPrompt.get('The sky is')!)).toBe(' blue.');
    const implicit = all.filter((t) => t.payload.prompt === 'The sky is' && t !== byPrompt.get('The sky is'));
    expect(implicit.map((t) => [chosenText(t), t.payload.responses.length])).toEqual([[' blue.', 2]]);
    const multi = byPrompt.get('And at night?')!;
    expect(multi.payload.context).toEqual([
      { role: 'user', content: 'What color is the sky?' },
      { role: 'assistant', content: 'It is blue.' },
    ]);
    expect(chosenText(multi)).toBe('Dark, nearly black.');
    // The same records gzipped: the same tasks, so all present already.
    expect(await run('trl-standard.jsonl.gz')).toMatchObject({ imported: 0, skipped: 2, chosen: { format: 'trl' } });
  });

  it('balanced A/B placement: the chosen reply lands on a or b by a hash of the pair, recorded in meta', async () => {
    const { manager, project, tasks } = await setup('preference');
    const pairs = Array.from({ length: 40 }, (_, i) => JSON.stringify({ prompt: `q${i}`, chosen: `good ${i}`, rejected: `bad ${i}` }));
    await importTasks(h.ctx, manager, project.id, lines(...pairs), { format: 'trl', asGold: true });
    const all = await tasks();
    const onA = all.filter((t) => t.payload.meta.chosen === 'a').length;
    expect(onA).toBeGreaterThan(10);
    expect(onA).toBeLessThan(30);
    for (const t of all) {
      expect(chosenText(t)).toMatch(/^good/);
      expect(t.gold).toEqual({ choice: t.payload.meta.chosen });
    }
  });

  it('OpenAI messages into a rating project: system and earlier turns as context, the last reply to rate', async () => {
    const { tasks, run } = await setup('rating', { rubric: [{ name: 'helpful', scale: 5 }] });
    expect(await run('openai-messages.jsonl')).toMatchObject({ imported: 2, chosen: { format: 'openai-messages', detected: true } });
    const t = (await tasks()).find((x) => x.payload.prompt === "What's the capital of France?")!;
    expect(t.payload.context).toEqual([{ role: 'system', content: 'Marv is a factual chatbot that is also sarcastic.' }]);
    expect(t.payload.response.text).toBe("Paris, as if everyone doesn't know that already.");
  });

  it('UltraFeedback binarized into preference, raw into ranking with its ratings in meta and, asked, the order as gold', async () => {
    const pref = await setup('preference');
    expect(await pref.run('ultrafeedback-binarized.jsonl')).toMatchObject({
      imported: 1,
      chosen: { format: 'ultrafeedback', detected: true },
    });
    const [p] = await pref.tasks();
    expect(chosenText(p)).toMatch(/^The cheetah/);
    expect(p.payload.meta.ultrafeedback).toEqual({ promptId: '3f6c2b0e9a', scoreChosen: 9, scoreRejected: 3.5 });
    await h.close();
    const rank = await setup('ranking');
    expect(await rank.run('ultrafeedback-raw.jsonl', { asGold: true })).toMatchObject({ imported: 1, chosen: { format: 'ultrafeedback' } });
    const [r] = await rank.tasks();
    expect(r.payload.responses).toHaveLength(4);
    expect(r.gold).toEqual({ order: ['a', 'd', 'b', 'c'] });
    expect(r.payload.meta.ultrafeedback.completions[0]).toMatchObject({ model: 'gpt-4', fineGrainedScore: 4.75 });
  });

  it('HelpSteer2 into a rating project: multi-turn prompts become context, the five scores stay in meta', async () => {
    const { tasks, run } = await setup('rating', { rubric: [{ name: 'helpful', scale: 5 }] });
    expect(await run('helpsteer2.jsonl')).toMatchObject({ imported: 2, chosen: { format: 'helpsteer2', detected: true } });
    const t = (await tasks()).find((x) => x.payload.prompt === 'And a stock?')!;
    expect(t.payload.context).toEqual([
      { role: 'user', content: 'What is a bond?' },
      { role: 'assistant', content: 'A bond is a debt security.' },
    ]);
    expect(t.payload.meta.helpsteer2).toEqual({ helpfulness: 4, correctness: 4, coherence: 4, complexity: 1, verbosity: 1 });
  });

  it('a Label Studio JSON export into a label project; with gold asked, the annotator’s choice is gold', async () => {
    const { tasks, run } = await setup('label', { labels: ['Positive', 'Negative'] });
    expect(await run('labelstudio.json', { asGold: true })).toMatchObject({
      imported: 2,
      chosen: { format: 'labelstudio', detected: true },
    });
    const all = await tasks();
    const byId = new Map(all.map((t) => [t.externalId, t]));
    expect(byId.get('ls-7-1')!.payload.text).toBe('I loved the new update, everything is faster.');
    expect(byId.get('ls-7-1')!.gold).toEqual({ labels: ['Positive'] });
    expect(byId.get('ls-7-2')!.gold).toBeNull();
  });

  it('Argilla records exported to a dataset into a rewrite project, its responses kept in meta', async () => {
    const { tasks, run } = await setup('rewrite');
    expect(await run('argilla.jsonl')).toMatchObject({ imported: 2, chosen: { format: 'argilla', detected: true } });
    const t = (await tasks()).find((x) => x.externalId === 'argilla-external-id-0')!;
    expect(t.payload.response.text).toBe('The meeting is now on Friday.');
    expect(t.payload.meta.argilla).toMatchObject({ status: 'completed', 'rating.responses': [4], 'metadata.source': 'emails' });
  });

  it('CSV with a column map, quoted multi-line fields included; a map naming a missing column is refused', async () => {
    const { tasks, run } = await setup('rating', { rubric: [{ name: 'helpful', scale: 5 }] });
    const columns = { id: 'qid', prompt: 'question', response: 'answer', domain: 'area' };
    expect(await run('questions.csv', { columns })).toMatchObject({ imported: 2, chosen: { format: 'csv', detected: true } });
    const t = (await tasks()).find((x) => x.externalId === 'q2')!;
    expect(t.payload.prompt).toBe('Name a prime, then explain\nwhy it is prime.');
    expect(t.payload.response.text).toBe('7: only 1 and 7 divide it');
    const e = await inputFailure(run('questions.csv', { columns: { prompt: 'nope' } }));
    expect(e.problems[0]).toMatchObject({ field: 'columns', line: 1 });
    expect(e.message).toContain('has no column "nope"');
  });

  it('names every bad record by file, line and field, and imports nothing', async () => {
    const { manager, project, tasks } = await setup('preference');
    const trl = lines(
      JSON.stringify({ prompt: 'ok', chosen: 'yes', rejected: 'no' }),
      JSON.stringify({ prompt: 'bad', chosen: 42, rejected: 'no' }),
      JSON.stringify({
        prompt: [{ role: 'robot', content: 'hi' }],
        chosen: [{ role: 'assistant', content: 'a' }],
        rejected: [{ role: 'assistant', content: 'b' }],
      }),
    );
    const e = await inputFailure(importTasks(h.ctx, manager, project.id, trl, { fileName: 'prefs.jsonl' }));
    expect(e.problems).toEqual([
      { file: 'prefs.jsonl', line: 2, field: 'chosen', message: 'must be a string or a list of {role, content} messages' },
      { file: 'prefs.jsonl', line: 3, field: 'prompt.0.role', message: 'must be system, user or assistant' },
    ]);
    const csv = 'prompt,chosen,rejected\nq1,a,b\nq2,"unclosed,b\n';
    const c = await inputFailure(importTasks(h.ctx, manager, project.id, [csv], { fileName: 'pairs.csv', format: 'csv' }));
    expect(c.problems[0]).toMatchObject({ file: 'pairs.csv', line: 3 });
    expect(c.problems[0].message).toMatch(/not valid CSV/);
    const array =
      '[\n  {"id": 1, "data": {"text": "fine"}, "annotations": []},\n  {"id": 2, "data": {"txt": "typo"}, "annotations": []}\n]';
    const l = await inputFailure(importTasks(h.ctx, manager, project.id, [array], { fileName: 'ls.json' }));
    expect(l.problems[0]).toMatchObject({ file: 'ls.json', line: 2, field: 'data.prompt' });
    expect(await tasks()).toEqual([]);
  });

  it('auto refuses records that look like two formats, naming the lines; a named format reads them', async () => {
    const { manager, project } = await setup('rating', { rubric: [{ name: 'helpful', scale: 5 }] });
    const mixed = lines(
      JSON.stringify({ prompt: 'p', completion: 'c' }),
      JSON.stringify({
        messages: [
          { role: 'user', content: 'u' },
          { role: 'assistant', content: 'a' },
        ],
      }),
    );
    const e = await inputFailure(importTasks(h.ctx, manager, project.id, mixed, { fileName: 'mixed.jsonl' }));
    expect(e.problems).toEqual([
      {
        file: 'mixed.jsonl',
        line: 2,
        field: 'format',
        message: 'cannot tell the format: line 1 looks like trl, line 2 looks like openai-messages; pass --format',
      },
    ]);
    const both = lines(JSON.stringify({ prompt: 'p', completion: 'c', messages: [{ role: 'user', content: 'u' }] }));
    const b = await inputFailure(importTasks(h.ctx, manager, project.id, both, { fileName: 'both.jsonl' }));
    expect(b.message).toContain('line 1 could be trl or openai-messages');
    expect(await importTasks(h.ctx, manager, project.id, both, { format: 'trl' })).toEqual({ imported: 1, skipped: 0 });
  });

  async function judge(projectId: number, tutors: Actor[], answer: (prompt: string, i: number) => Record<string, unknown>) {
    for (const [i, t] of tutors.entries()) {
      for (let n = await nextAssignment(h.ctx, t, projectId); n; n = await nextAssignment(h.ctx, t, projectId)) {
        h.clock.advance(1000);
        const prompt = (n.task.payload as { prompt: string }).prompt;
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: answer(prompt, i), durationMs: 1000 });
      }
    }
  }
  const collect = async (s: AsyncIterable<string>) => {
    const out: string[] = [];
    for await (const line of s) out.push(line);
    return out.join('');
  };

  it('round trip: a dpo export and an sft export import back as the same tasks, and export the same once judged alike', async () => {
    h = await harness(await freshUrl());
    const m = await addUser(h.store, { role: 'manager' });
    const tutors = [await addUser(h.store), await addUser(h.store)];
    const make = (name: string, type: string) =>
      createProject(h.ctx, m, { name, type, domains: ['general', 'safety'], overlap: 2 } as never);
    const prefLines = lines(
      JSON.stringify({
        id: 'p1',
        type: 'preference',
        domain: 'safety',
        prompt: 'Is it safe?',
        responses: [
          { id: 'a', text: 'Yes' },
          { id: 'b', text: 'No' },
        ],
        meta: { origin: 'x', n: 1 },
      }),
      JSON.stringify({
        id: 'p2',
        type: 'preference',
        domain: 'general',
        context: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
        prompt: 'and now?',
        responses: [
          { id: 'x', text: 'Now this' },
          { id: 'y', text: 'Then that' },
        ],
      }),
    );
    const choose = (prompt: string) => ({ choice: prompt === 'Is it safe?' ? 'b' : 'x' });
    const first = await make('first', 'preference');
    await importTasks(h.ctx, m, first.id, prefLines);
    await judge(first.id, tutors, choose);
    const dpo = await collect(await exportProject(h.ctx, first.id, 'dpo'));
    const second = await make('second', 'preference');
    let chosen = '';
    expect(await importTasks(h.ctx, m, second.id, [dpo], { onFormat: (c) => (chosen = c.format) })).toEqual({ imported: 2, skipped: 0 });
    expect(chosen).toBe('tutorloop-dpo');
    const originals = (await listTasks(h.ctx, first.id, { offset: 0, limit: 10 })).tasks as unknown as Task[];
    const copies = (await listTasks(h.ctx, second.id, { offset: 0, limit: 10 })).tasks as unknown as Task[];
    const strip = (ts: Task[]) =>
      ts
        .map((t) => ({ externalId: t.externalId, domain: t.domain, payload: t.payload }))
        .sort((a, b) => a.externalId.localeCompare(b.externalId));
    expect(strip(copies)).toEqual(strip(originals));
    await judge(second.id, tutors, choose);
    const again = await collect(await exportProject(h.ctx, second.id, 'dpo'));
    const rows = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => {
          const r = JSON.parse(l);
          return { ...r, meta: { ...r.meta, methodVersion: '' } };
        });
    expect(rows(again)).toEqual(rows(dpo));
    // Re-importing the export is idempotent.
    expect(await importTasks(h.ctx, m, second.id, [dpo])).toEqual({ imported: 0, skipped: 2 });

    const demo = await make('demo', 'demonstration');
    await importTasks(
      h.ctx,
      m,
      demo.id,
      lines(JSON.stringify({ id: 'd1', type: 'demonstration', domain: 'general', prompt: 'Explain rain', meta: { k: [1, 'two'] } })),
    );
    const write = (_p: string, i: number) => ({ text: `Water falls, tutor ${i}.` });
    await judge(demo.id, tutors, write);
    const sft = await collect(await exportProject(h.ctx, demo.id, 'sft'));
    const demo2 = await make('demo2', 'demonstration');
    expect(await importTasks(h.ctx, m, demo2.id, [sft])).toEqual({ imported: 1, skipped: 1 });
    await judge(demo2.id, tutors, write);
    expect(await collect(await exportProject(h.ctx, demo2.id, 'sft'))).toBe(sft);
  });
});
