import { describe, expect, it } from 'vitest';
import { expectedAnswer, goldExplanation, goldMatch, gradableGold, gradableType } from '../../../src/domain/goldMatch.js';

describe('goldMatch', () => {
  it('preference: the choice must equal gold, tie included', () => {
    expect(goldMatch('preference', { choice: 'a', strength: 3 }, { choice: 'a' })).toEqual({ correct: true, score: 1 });
    expect(goldMatch('preference', { choice: 'b' }, { choice: 'a' })).toEqual({ correct: false, score: 0 });
    expect(goldMatch('preference', { choice: 'tie' }, { choice: 'tie', explanation: 'both equally wrong' })).toEqual({
      correct: true,
      score: 1,
    });
    expect(goldMatch('preference', { choice: 'a' }, { explanation: 'no answer given' })).toBeNull();
  });

  it('label: set equality, order ignored', () => {
    expect(goldMatch('label', { labels: ['violence', 'hate'] }, { labels: ['hate', 'violence'] })).toEqual({ correct: true, score: 1 });
    expect(goldMatch('label', { labels: ['hate'] }, { labels: ['hate', 'violence'] })).toEqual({ correct: false, score: 0 });
    expect(goldMatch('label', { labels: ['hate', 'violence', 'spam'] }, { labels: ['hate', 'violence'] })).toEqual({
      correct: false,
      score: 0,
    });
    expect(goldMatch('label', { labels: ['safe'] }, { labels: [] })).toBeNull();
  });

  it('ranking: exact order is correct, score is the share of gold pairs ordered the same way (normalized Kendall)', () => {
    const gold = { order: ['a', 'b', 'c', 'd'] };
    expect(goldMatch('ranking', { order: ['a', 'b', 'c', 'd'] }, gold)).toEqual({ correct: true, score: 1 });
    // One adjacent swap: 5 of 6 pairs agree.
    expect(goldMatch('ranking', { order: ['b', 'a', 'c', 'd'] }, gold)).toEqual({ correct: false, score: 5 / 6 });
    // Fully reversed: no pair agrees.
    expect(goldMatch('ranking', { order: ['d', 'c', 'b', 'a'] }, gold)).toEqual({ correct: false, score: 0 });
    // Gold naming only the best response grades the first place.
    expect(goldMatch('ranking', { order: ['c', 'a', 'b'] }, { choice: 'c' })).toEqual({ correct: true, score: 1 });
    expect(goldMatch('ranking', { order: ['a', 'c', 'b'] }, { choice: 'c' })).toEqual({ correct: false, score: 0 });
    expect(goldMatch('ranking', { order: ['a', 'b'] }, {})).toBeNull();
  });

  it('rating: every gold axis within ±1, score is the share of axes within ±1', () => {
    const gold = { scores: { helpfulness: 4, harmlessness: 2, honesty: 5 } };
    expect(goldMatch('rating', { scores: { helpfulness: 5, harmlessness: 1, honesty: 5 } }, gold)).toEqual({ correct: true, score: 1 });
    expect(goldMatch('rating', { scores: { helpfulness: 2, harmlessness: 2, honesty: 5 } }, gold)).toEqual({
      correct: false,
      score: 2 / 3,
    });
    // A missing axis counts as wrong.
    expect(goldMatch('rating', { scores: { helpfulness: 4 } }, gold)).toEqual({ correct: false, score: 1 / 3 });
    expect(goldMatch('rating', { scores: { helpfulness: 4 } }, { scores: {} })).toBeNull();
  });

  it('steps: every gold verdict equal, score is the share of steps judged the same; null gold verdicts are not graded', () => {
    const gold = { verdicts: ['correct', 'correct', 'incorrect', 'neutral'] };
    expect(goldMatch('steps', { verdicts: ['correct', 'correct', 'incorrect', 'neutral'] }, gold)).toEqual({ correct: true, score: 1 });
    expect(goldMatch('steps', { verdicts: ['correct', 'incorrect', 'incorrect', 'neutral'] }, gold)).toEqual({
      correct: false,
      score: 3 / 4,
    });
    expect(goldMatch('steps', { verdicts: ['incorrect', 'correct', 'correct'] }, { verdicts: [null, 'correct', null] })).toEqual({
      correct: true,
      score: 1,
    });
    expect(goldMatch('steps', { verdicts: ['correct'] }, { verdicts: [] })).toBeNull();
  });

  it('rewrite and demonstration are free text: not gradable', () => {
    expect(goldMatch('rewrite', { text: 'better' }, { text: 'better' })).toBeNull();
    expect(goldMatch('demonstration', { text: 'x' }, { text: 'x' })).toBeNull();
    expect(gradableType('rewrite')).toBe(false);
    expect(gradableType('demonstration')).toBe(false);
    expect(gradableType('steps')).toBe(true);
  });

  it('tells gradable gold from gold that lacks the answer, and splits the answer from its explanation', () => {
    expect(gradableGold('preference', { choice: 'a' })).toBe(true);
    expect(gradableGold('preference', { explanation: 'x' })).toBe(false);
    expect(gradableGold('rating', { scores: { helpfulness: 3 } })).toBe(true);
    expect(gradableGold('rewrite', { text: 'x' })).toBe(false);
    const gold = { choice: 'b', explanation: 'B cites the interaction.' };
    expect(expectedAnswer(gold)).toEqual({ choice: 'b' });
    expect(goldExplanation(gold)).toBe('B cites the interaction.');
    expect(goldExplanation({ choice: 'b', explanation: 42 })).toBeNull();
  });
});
