/** The conversation type's pure parts: payload rules, gold matching, per-turn consensus and agreement ratings, the chosen path. */
import { describe, expect, it } from 'vitest';
import { ConversationPayload } from '../../../src/domain/tasks.js';
import { goldMatch, gradableGold } from '../../../src/domain/goldMatch.js';
import { conversationConsensus } from '../../../src/quality/consensus/conversation.js';
import { ratingsOf } from '../../../src/quality/agreement/responseRatings.js';
import { chosenPath } from '../../../src/services/export/conversationPath.js';
import { CHAT } from '../../support/conversation.js';

const messages = ConversationPayload.parse(CHAT).messages;

describe('conversation', () => {
  it('payload: a branch needs distinct ids and a continuation when turns follow; only assistants branch', () => {
    const issues = (m: unknown[]) =>
      (ConversationPayload.safeParse({ messages: m }).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues(CHAT.messages)).toEqual([]);
    const branch = {
      role: 'assistant',
      alternatives: [
        { id: 'a', text: 'x' },
        { id: 'a', text: 'y' },
      ],
    };
    expect(issues([{ role: 'user', content: 'q' }, branch, { role: 'user', content: 'q2' }])).toEqual([
      'messages.1.alternatives: reply ids must be distinct',
      'messages.1.continuesFrom: name the reply the later turns follow',
    ]);
    expect(
      issues([
        {
          role: 'user',
          alternatives: [
            { id: 'a', text: 'x' },
            { id: 'b', text: 'y' },
          ],
        },
        { role: 'assistant', content: 'z' },
      ]),
    ).toEqual(['messages.0.alternatives: only an assistant turn has alternatives']);
  });

  it('gold: first bad turn and per-turn labels, partial credit', () => {
    const r = {
      firstBadTurn: 4,
      turns: [
        { turn: 2, labels: ['ok'] },
        { turn: 4, labels: ['unsafe'] },
      ],
    };
    expect(goldMatch('conversation', r, { firstBadTurn: 4 })).toEqual({ correct: true, score: 1 });
    expect(goldMatch('conversation', { ...r, firstBadTurn: null }, { firstBadTurn: 4 })).toEqual({ correct: false, score: 0 });
    expect(goldMatch('conversation', r, { firstBadTurn: null, labels: { '2': ['ok'], '4': ['unsafe'] } })).toEqual({
      correct: false,
      score: 2 / 3,
    });
    expect(gradableGold('conversation', { explanation: 'x' })).toBe(false);
    expect(gradableGold('conversation', { firstBadTurn: null })).toBe(true);
  });

  it('consensus per turn: mean scores, majority labels, Borda order of a branch, the earliest first bad turn on a tie', () => {
    const a = {
      firstBadTurn: 4,
      turns: [
        { turn: 2, scores: { h: 5 }, labels: ['ok'] },
        { turn: 4, scores: { h: 2 }, labels: ['bad'], order: ['b', 'a'] },
      ],
    };
    const b = {
      firstBadTurn: null,
      turns: [
        { turn: 2, scores: { h: 3 }, labels: ['ok'] },
        { turn: 4, scores: { h: 2 }, labels: ['bad'], order: ['b', 'a'] },
      ],
    };
    const c = conversationConsensus([a, b], new Map([[4, ['a', 'b']]]));
    expect(c.label).toEqual({
      turns: [
        { turn: 2, scores: { h: 4 }, labels: ['ok'] },
        { turn: 4, scores: { h: 2 }, labels: ['bad'], order: ['b', 'a'] },
      ],
      firstBadTurn: 4,
    });
    expect(c.method).toBe('per-turn');
    expect(c.confidence).toBeGreaterThan(0.5);
    expect(c.confidence).toBeLessThan(1);
  });

  it('agreement ratings: the turn is the unit for each axis; the first bad turn is one unit per chat', () => {
    const r = { firstBadTurn: null, turns: [{ turn: 4, scores: { h: 2 }, labels: ['ok'], order: ['b', 'a'] }] };
    expect(ratingsOf('conversation', r)).toEqual([
      { field: 'first bad turn', sub: '', value: 'none' },
      { field: 'h (axis, per turn)', sub: '4', value: 2 },
      { field: 'turn labels', sub: '4', value: 'ok' },
      { field: 'reply positions', sub: '4:b', value: 1 },
      { field: 'reply positions', sub: '4:a', value: 2 },
    ]);
  });

  it('the chosen path: the best reply of a branch, ending where the chat no longer follows or at an unrewritten bad turn', () => {
    const turns = (order: string[]) => [{ turn: 2 }, { turn: 4, order }, { turn: 6 }];
    const texts = (p: { content: string }[] | null) => p?.map((m) => m.content);
    expect(texts(chosenPath(messages, { turns: turns(['b', 'a']), firstBadTurn: null }))?.slice(-3)).toEqual([
      '10.',
      'Thanks',
      'You are welcome.',
    ]);
    expect(texts(chosenPath(messages, { turns: turns(['a', 'b']), firstBadTurn: null }))?.at(-1)).toBe('12.');
    expect(texts(chosenPath(messages, { turns: turns(['b', 'a']), firstBadTurn: 2 }))).toBeUndefined();
    const rewritten = [{ turn: 2, rewrite: 'Four.' }, { turn: 4, order: ['b', 'a'] }, { turn: 6 }];
    expect(texts(chosenPath(messages, { turns: rewritten, firstBadTurn: 2 }))).toEqual(['Be brief.', 'What is 2+2?', 'Four.']);
  });
});
