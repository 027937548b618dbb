/**
 * Conversation tasks on both databases: imports (tutorloop lines, OpenAI messages, Open-Assistant trees),
 * a submission checked against the chat and the project's rules, per-turn consensus, and the three
 * exports (sft: the chosen path; turn-level dpo; turn-ratings).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, exportProject, importTasks, listTasks, nextAssignment, submitAnnotation } from '../../../src/services/index.js';
import { projectQuality } from '../../../src/services/dashboards/quality.js';
import type { Actor } from '../../../src/services/context.js';
import { CHAT } from '../../support/conversation.js';
import { testDatabases } from '../../support/databases.js';
import { addUser, harness, inputFailure, lines, type Harness } from '../../support/fixtures.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/imports');

const judgment = (over: Record<string, unknown> = {}) => ({
  turns: [
    { turn: 2, scores: { helpful: 5 }, labels: ['ok'] },
    { turn: 4, scores: { helpful: 4 }, labels: ['ok'], order: ['a', 'b'] },
    { turn: 6, scores: { helpful: 3 }, labels: ['ok'] },
  ],
  firstBadTurn: null,
  ...over,
});

describe.each(testDatabases())('conversations on $name', ({ freshUrl }) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function setup(extra: { goldRate?: number } = {}) {
    h = await harness(await freshUrl());
    const manager = await addUser(h.store, { role: 'manager' });
    const project = await createProject(h.ctx, manager, {
      name: 'chat',
      type: 'conversation',
      domains: ['general'],
      overlap: 2,
      rubric: [{ name: 'helpful', scale: 5 }],
      labels: ['ok', 'unsafe'],
      ...extra,
    });
    return { manager, project };
  }
  async function judge(projectId: number, tutor: Actor, response: Record<string, unknown>) {
    const n = await nextAssignment(h.ctx, tutor, projectId);
    if (!n) throw new Error('no task');
    return submitAnnotation(h.ctx, tutor, n.assignment.id, { response, durationMs: 1000 });
  }
  async function exportLines(projectId: number, format: Parameters<typeof exportProject>[2]) {
    const out: Record<string, any>[] = [];
    for await (const l of await exportProject(h.ctx, projectId, format)) out.push(JSON.parse(l));
    return out;
  }

  it('imports tutorloop lines, OpenAI messages and Open-Assistant trees; refuses a malformed chat naming the field', async () => {
    const { manager, project } = await setup();
    await importTasks(h.ctx, manager, project.id, lines(JSON.stringify(CHAT)));
    const multi = { messages: [CHAT.messages[1], CHAT.messages[2], CHAT.messages[3], { role: 'assistant', content: '12.' }] };
    expect(await importTasks(h.ctx, manager, project.id, lines(JSON.stringify(multi)), { format: 'openai-messages' })).toMatchObject({
      imported: 1,
    });
    let chosen: { format: string } | undefined;
    const oasst = await importTasks(h.ctx, manager, project.id, createReadStream(join(FIXTURES, 'oasst-trees.jsonl')), {
      fileName: 'oasst-trees.jsonl',
      onFormat: (c) => (chosen = c),
    });
    expect(oasst).toMatchObject({ imported: 1 });
    expect(chosen?.format).toBe('oasst');
    const tasks = (await listTasks(h.ctx, project.id, { offset: 0, limit: 10 })).tasks as unknown as { externalId: string; payload: any }[];
    const tree = tasks.find((t) => t.externalId.startsWith('oasst-'))!.payload;
    expect(tree.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    // Three ranked replies become a blind branch; the path follows the one with a thread below it.
    expect(tree.messages[1].alternatives).toHaveLength(3);
    const followed = tree.messages[1].alternatives.find((a: { id: string }) => a.id === tree.messages[1].continuesFrom);
    expect(followed.text).toContain('only one buyer');
    const ranks = tree.meta.oasst.ranks['1'];
    expect(ranks[tree.messages[1].continuesFrom]).toBe(0);
    expect(tasks.find((t) => t.payload.meta?.source === 'openai-messages')!.payload.messages).toHaveLength(4);

    const bad = {
      ...CHAT,
      id: 'bad',
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          alternatives: [
            { id: 'a', text: 'x' },
            { id: 'b', text: 'y' },
          ],
        },
        { role: 'user', content: 'more' },
      ],
    };
    const e = await inputFailure(importTasks(h.ctx, manager, project.id, lines(JSON.stringify(bad))));
    expect(e.message).toMatch(/messages\.1\.continuesFrom/);
    const noAssistant = { ...CHAT, id: 'none', messages: [{ role: 'user', content: 'hi' }] };
    const e2 = await inputFailure(importTasks(h.ctx, manager, project.id, lines(JSON.stringify(noAssistant))));
    expect(e2.message).toMatch(/at least one assistant turn/);
  });

  it('checks a submission against the chat and rubric, and exports sft, turn-level dpo and turn-ratings', async () => {
    const { manager, project } = await setup();
    await importTasks(h.ctx, manager, project.id, lines(JSON.stringify(CHAT)));
    const [t1, t2] = [await addUser(h.store), await addUser(h.store)];
    const n = await nextAssignment(h.ctx, t1, project.id);
    const refuse = async (response: Record<string, unknown>, field: RegExp) => {
      const err = await inputFailure(submitAnnotation(h.ctx, t1, n!.assignment.id, { response, durationMs: 1000 }));
      expect(JSON.stringify(err)).toMatch(field);
    };
    await refuse(judgment({ firstBadTurn: 3 }), /firstBadTurn/);
    await refuse({ ...judgment(), turns: judgment().turns.slice(0, 2) }, /missing: 6/);
    await refuse(
      { ...judgment(), turns: [{ turn: 2, scores: { helpful: 9 } }, ...judgment().turns.slice(1)] },
      /turns\.0\.scores\.helpful/,
    );
    await refuse(
      { ...judgment(), turns: [judgment().turns[0], { turn: 4, scores: { helpful: 4 }, order: ['a'] }, judgment().turns[2]] },
      /turns\.1\.order/,
    );
    await submitAnnotation(h.ctx, t1, n!.assignment.id, {
      response: judgment({
        firstBadTurn: 4,
        turns: [judgment().turns[0], { ...judgment().turns[1], rewrite: '4 times 3 is 12.' }, judgment().turns[2]],
      }),
      durationMs: 1000,
    });
    await judge(
      project.id,
      t2,
      judgment({
        firstBadTurn: null,
        turns: [judgment().turns[0], { ...judgment().turns[1], order: ['a', 'b'], labels: ['unsafe'] }, judgment().turns[2]],
      }),
    );

    const sft = await exportLines(project.id, 'sft');
    expect(sft).toHaveLength(2);
    // t1 rewrote the bad turn: the path ends with the rewrite. t2 ranked a (not the continuation) first: the path ends there.
    expect(sft.map((r) => r.messages.at(-1).content).sort()).toEqual(['12.', '4 times 3 is 12.']);
    expect(sft[0].messages.slice(0, 4).map((m: { content: string }) => m.content)).toEqual([
      'Be brief.',
      'What is 2+2?',
      '4.',
      'And times 3?',
    ]);

    const dpo = await exportLines(project.id, 'dpo');
    expect(dpo).toHaveLength(1);
    expect(dpo[0].prompt.at(-1)).toEqual({ role: 'user', content: 'And times 3?' });
    expect(dpo[0].chosen).toEqual([{ role: 'assistant', content: '12.' }]);
    expect(dpo[0].rejected).toEqual([{ role: 'assistant', content: '10.' }]);
    expect(dpo[0].meta).toMatchObject({ chosenId: '4:a', rejectedId: '4:b', annotators: 2, agreement: 1 });

    const turns = await exportLines(project.id, 'turn-ratings');
    expect(turns.map((r) => r.turn)).toEqual([2, 4, 6]);
    const bad = turns.find((r) => r.turn === 4)!;
    expect(bad).toMatchObject({ firstBadVotes: 1, rewrites: 1, response: '10.' });
    expect(bad.scores).toEqual([{ axis: 'helpful', mean: 4, annotators: 2, stderr: 0 }]);
    expect(bad.labels).toEqual([
      { label: 'ok', count: 1 },
      { label: 'unsafe', count: 1 },
    ]);
    // A label only half the annotators gave is not the turn's consensus.
    expect(bad.consensusLabels).toEqual([]);
    // One vote for turn 4, one for none: a problem someone saw is not outvoted, the earliest wins.
    expect(bad.meta.consensusFirstBadTurn).toBe(4);
    expect(turns[0].consensusLabels).toEqual(['ok']);
  });

  it('grades gold conversations by their first bad turn, and measures agreement per axis over turns', async () => {
    const { manager, project } = await setup({ goldRate: 1 });
    const gold = { ...CHAT, id: 'g1', gold: { firstBadTurn: 4, explanation: '10 is wrong' } };
    await importTasks(h.ctx, manager, project.id, lines(JSON.stringify(CHAT), JSON.stringify({ ...CHAT, id: 'c2' }), JSON.stringify(gold)));
    const tutors = [await addUser(h.store), await addUser(h.store)];
    for (const [i, t] of tutors.entries()) {
      for (let n = await nextAssignment(h.ctx, t, project.id); n; n = await nextAssignment(h.ctx, t, project.id)) {
        h.clock.advance(1000);
        // Tutor 0 finds the wrong turn, tutor 1 sees none.
        await submitAnnotation(h.ctx, t, n.assignment.id, { response: judgment({ firstBadTurn: i === 0 ? 4 : null }), durationMs: 1000 });
      }
    }
    const results = await h.store.db.selectFrom('gold_results').select(['user_id', 'correct']).execute();
    expect(results.map((r) => [tutors.findIndex((t) => t.id === r.user_id), Number(r.correct)]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const q = await projectQuality(h.ctx, project.id);
    const fields = q.agreement.rows.map((r) => r.field);
    expect(fields).toEqual(expect.arrayContaining(['helpful (axis, per turn)', 'first bad turn', 'turn labels', 'reply positions']));
    expect(q.consensus.methods).toContain('per-turn/1');
  });
});
